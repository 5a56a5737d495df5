"""What a member reads when a command fails as expected: their own words, never a log line."""

from __future__ import annotations

from bot.discord.tree import known_failure_message
from bot.i18n import translator_for
from bot.store import InvalidReview
from bot.store.errors import ReviewProblem

EN = translator_for("en-US")


def test_a_review_over_the_limit_is_explained_with_the_limit() -> None:
    error = InvalidReview(ReviewProblem.TOO_LONG, 281, 280)

    message = known_failure_message(EN, error)

    assert message is not None
    assert "280" in message
    assert "281" in message
    assert message != str(error)  # the log line stays in the log


def test_any_other_unusable_review_is_explained_without_internals() -> None:
    for problem in ReviewProblem:
        if problem is ReviewProblem.TOO_LONG:
            continue
        message = known_failure_message(EN, InvalidReview(problem, 0, 280))
        assert message is not None
        assert problem.value not in message
