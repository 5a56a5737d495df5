"""Writing a batch of ratings, and what each caller is told: the same over every backend.

A batch is every rate() call that queued while the previous transaction ran (see batching). It is
written as if its calls were made one after another, in a few statements in all: what each caller
is told (its previous score and review, the summary right after its write, or why its call was
refused) is worked out in order from the rows as they were when the transaction began; what is
written is each key's final state, which is what writing them one by one would have left, and
the score counts move by exactly what the batch changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from bot.store.backend import (
    Counts,
    MemberKey,
    RatesBefore,
    RatingKey,
    ReviewRow,
    StoredReview,
    TargetKey,
    Transaction,
)
from bot.store.errors import MarkProblem, NoReviewToMark
from bot.store.values import KEEP, Keep, RatingChange, ScoreSummary


class ReviewEdit(NamedTuple):
    """What a rate() call asks of the member's review: KEEP, delete (None) or new text, and
    KEEP or a new spoiler flag."""

    text: str | Keep | None
    spoiler: bool | Keep

    def applied_to(self, before: StoredReview | None) -> StoredReview | None:
        """The review after this edit; NoReviewToMark for a flag with no review to go on."""
        if self.text is None:
            return None
        if self.text is not KEEP:
            # A flag belongs to the words it came with: new words without one are no spoiler.
            return StoredReview(self.text, self.spoiler is True)
        if before is None:
            if self.spoiler is not KEEP:
                raise NoReviewToMark(MarkProblem.NO_REVIEW)
            return None
        if self.spoiler is KEEP:
            return before
        return StoredReview(before.text, self.spoiler)


class RateCall(NamedTuple):
    """One rate() call, its arguments checked."""

    key: RatingKey
    score: int
    wanted: ReviewEdit
    name: str | None


RateOutcome = RatingChange | NoReviewToMark


class _Written(NamedTuple):
    rated: dict[RatingKey, None]  # keys whose score is written, in order
    reviews: dict[RatingKey, int]  # keys whose review changed: its last edit's place


async def write_rates(tx: Transaction, batch: Sequence[RateCall], now: int) -> list[RateOutcome]:
    """Write a batch of ratings in tx; each call's outcome, in order. A refused call writes
    nothing and leaves the others to go ahead."""
    state = await tx.rates_before(list(dict.fromkeys(call.key for call in batch)))
    counts_before = {pair: dict(counts) for pair, counts in state.counts.items()}
    names_before = dict(state.names)
    outcomes, written = _apply_in_order(batch, state)
    await tx.write_scores([(key, state.scores[key]) for key in written.rated], now)
    await _write_reviews(tx, state, written, now)
    renamed = [
        (member, name) for member, name in state.names.items() if names_before.get(member) != name
    ]
    if renamed:  # a name is written when it changed, not with every rating
        await tx.write_names(renamed, now)
    if deltas := count_deltas(counts_before, state.counts):
        await tx.change_counts(deltas)
    return outcomes


async def _write_reviews(tx: Transaction, state: RatesBefore, written: _Written, now: int) -> None:
    # In the order of their last edit in the batch, so that a review written later lists first.
    edited = sorted(written.reviews, key=written.reviews.__getitem__)
    kept = [
        ReviewRow(key, review.text, review.spoiler)
        for key in edited
        if (review := state.reviews[key]) is not None
    ]
    gone = [key for key in edited if state.reviews[key] is None]
    if kept:
        await tx.write_reviews(kept, now)
    if gone:
        await tx.delete_reviews(gone)


def _apply_in_order(
    batch: Sequence[RateCall], state: RatesBefore
) -> tuple[list[RateOutcome], _Written]:
    """Each call's outcome, applying the calls to `state` one after another."""
    outcomes: list[RateOutcome] = []
    written = _Written({}, {})
    for place, call in enumerate(batch):
        key, score = call.key, call.score
        previous, before = state.scores.get(key), state.reviews.get(key)
        try:
            after = call.wanted.applied_to(before)
        except NoReviewToMark as refusal:
            outcomes.append(refusal)
            continue
        tally = state.counts.setdefault((key[0], key[2]), {})
        if previous is not None:
            tally[previous] -= 1
        tally[score] = tally.get(score, 0) + 1
        state.scores[key], state.reviews[key] = score, after
        written.rated.setdefault(key)
        if after != before:
            written.reviews[key] = place
        renamed = False
        if call.name is not None:
            renamed = state.names.get(_member(key)) != call.name
            state.names[_member(key)] = call.name
        summary = ScoreSummary.from_counts(key[2], {s: n for s, n in tally.items() if n})
        change = _rating_change(key[2], score, previous, summary, before, after, renamed=renamed)
        outcomes.append(change)
    return outcomes, written


def count_deltas(
    before: dict[TargetKey, Counts], after: dict[TargetKey, Counts]
) -> list[tuple[int, str, int, int]]:
    """How each (guild, target, score) count moved from before to after; unmoved ones left out."""
    deltas = []
    for (guild_id, target), counts in after.items():
        was = before.get((guild_id, target), {})
        for score in sorted(counts.keys() | was.keys()):
            if change := counts.get(score, 0) - was.get(score, 0):
                deltas.append((guild_id, target, score, change))
    return deltas


def _member(key: RatingKey) -> MemberKey:
    return key[0], key[1]


def _rating_change(
    target: str,
    score: int,
    previous: int | None,
    summary: ScoreSummary,
    before: StoredReview | None,
    after: StoredReview | None,
    *,
    renamed: bool,
) -> RatingChange:
    return RatingChange(
        target,
        score,
        previous,
        summary,
        review=after.text if after else None,
        previous_review=before.text if before else None,
        review_changed=after != before,
        spoiler=after.spoiler if after else False,
        renamed=renamed,
    )
