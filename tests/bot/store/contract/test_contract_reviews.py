"""Member reviews: keeping, replacing and deleting them with a rating, the spoiler flag, the name
that credits them, paging a target's reviews, moderation, and refusing unusable text."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from manual_clock import ManualClock
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER, SERIES

from bot.store import (
    KEEP,
    MAX_REVIEW_LENGTH,
    CoreStore,
    InvalidReview,
    MarkProblem,
    MemberReview,
    NoReviewToMark,
    RatingChange,
    ReviewOrder,
    ReviewProblem,
    StoreError,
    open_store,
)


async def _all_reviews(store: CoreStore, guild: int, target: str) -> list[MemberReview]:
    page = await store.reviews(guild, target, limit=25)
    return list(page.items)


async def _texts(store: CoreStore, guild: int, target: str) -> list[str]:
    return [review.text for review in await _all_reviews(store, guild, target)]


# --- keep, replace, delete ---------------------------------------------------------------------


async def test_a_first_review_is_stored_with_the_score(store: CoreStore) -> None:
    change = await store.rate(GUILD, MEMBER, COUPLE, 9, review="Mao's longing is everything.")

    assert (change.review, change.previous_review, change.review_changed) == (
        "Mao's longing is everything.",
        None,
        True,
    )
    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert (stored.user_id, stored.score, stored.text, stored.spoiler) == (
        MEMBER,
        9,
        "Mao's longing is everything.",
        False,
    )


async def test_rating_again_without_a_review_keeps_the_old_review(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Tender and slow.")

    change = await store.rate(GUILD, MEMBER, COUPLE, 6)

    assert (change.previous, change.score) == (9, 6)
    assert (change.review, change.previous_review, change.review_changed) == (
        "Tender and slow.",
        "Tender and slow.",
        False,
    )
    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert (stored.score, stored.text) == (6, "Tender and slow.")


async def test_a_new_review_replaces_the_old_one(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Tender and slow.")

    change = await store.rate(GUILD, MEMBER, COUPLE, 9, review="Too slow on a rewatch.")

    assert (change.review, change.previous_review, change.review_changed) == (
        "Too slow on a rewatch.",
        "Tender and slow.",
        True,
    )
    assert await _texts(store, GUILD, COUPLE) == ["Too slow on a rewatch."]


async def test_review_none_deletes_the_review_and_keeps_the_new_score(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Tender and slow.")

    change = await store.rate(GUILD, MEMBER, COUPLE, 8, review=None)

    assert (change.review, change.previous_review, change.review_changed) == (
        None,
        "Tender and slow.",
        True,
    )
    assert await _texts(store, GUILD, COUPLE) == []
    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 8}


async def test_the_same_review_again_is_not_a_change_and_keeps_its_time(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    await timed_store.rate(GUILD, MEMBER, COUPLE, 9, review="Tender and slow.")
    written_at = clock.now
    clock.advance(3600)

    change = await timed_store.rate(GUILD, MEMBER, COUPLE, 7, review="  Tender and slow. ")

    assert change.review_changed is False
    (stored,) = await _all_reviews(timed_store, GUILD, COUPLE)
    assert (stored.score, stored.updated_at) == (7, written_at)


async def test_a_review_is_trimmed_and_may_be_exactly_the_longest_allowed(
    store: CoreStore,
) -> None:
    longest = "é" * MAX_REVIEW_LENGTH

    await store.rate(GUILD, MEMBER, COUPLE, 5, review=f"  {longest}\u3000 ")

    assert await _texts(store, GUILD, COUPLE) == [longest]


async def test_text_that_looks_like_sql_or_markdown_is_stored_verbatim(
    store: CoreStore,
) -> None:
    hostile = "'); DROP TABLE reviews; -- @everyone **bold** <@&123>"

    await store.rate(GUILD, MEMBER, COUPLE, 5, review=hostile)

    assert await _texts(store, GUILD, COUPLE) == [hostile]


# --- spoiler flag ------------------------------------------------------------------------------


async def test_a_new_review_is_not_a_spoiler_unless_marked(store: CoreStore) -> None:
    plain = await store.rate(GUILD, MEMBER, COUPLE, 7, review="Lovely.")
    marked = await store.rate(GUILD, OTHER_MEMBER, COUPLE, 7, review="The ending!", spoiler=True)

    assert (plain.spoiler, marked.spoiler) == (False, True)
    spoilers = {r.user_id: r.spoiler for r in await _all_reviews(store, GUILD, COUPLE)}
    assert spoilers == {MEMBER: False, OTHER_MEMBER: True}


async def test_the_spoiler_flag_stays_when_rating_again_without_new_words(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="The ending!", spoiler=True)

    change = await store.rate(GUILD, MEMBER, COUPLE, 8)

    assert (change.review, change.spoiler, change.review_changed) == ("The ending!", True, False)
    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert (stored.text, stored.spoiler) == ("The ending!", True)


@pytest.mark.parametrize("flag", [KEEP, False])
async def test_new_words_without_the_flag_are_not_hidden_however_the_old_ones_were(
    store: CoreStore, flag: bool
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="The ending!", spoiler=True)

    change = await store.rate(GUILD, MEMBER, COUPLE, 8, review="Nice school trip.", spoiler=flag)

    assert (change.review, change.spoiler, change.review_changed) == (
        "Nice school trip.",
        False,
        True,
    )
    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert (stored.text, stored.spoiler) == ("Nice school trip.", False)


async def test_new_words_with_the_flag_are_hidden(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="Lovely.")

    change = await store.rate(GUILD, MEMBER, COUPLE, 7, review="They kiss!", spoiler=True)

    assert (change.review, change.spoiler) == ("They kiss!", True)
    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert stored.spoiler


async def test_the_spoiler_flag_alone_can_be_changed_and_counts_as_a_change(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    await timed_store.rate(GUILD, MEMBER, COUPLE, 7, review="The ending!", spoiler=True)
    unmarked_at = clock.advance(60)

    change = await timed_store.rate(GUILD, MEMBER, COUPLE, 7, spoiler=False)

    assert (change.review, change.spoiler, change.review_changed) == ("The ending!", False, True)
    (stored,) = await _all_reviews(timed_store, GUILD, COUPLE)
    assert (stored.spoiler, stored.updated_at) == (False, unmarked_at)


@pytest.mark.parametrize("flag", [True, False])
async def test_a_spoiler_flag_without_any_review_is_refused_and_changes_nothing(
    store: CoreStore, flag: bool
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 4)

    with pytest.raises(NoReviewToMark) as refused:
        await store.rate(GUILD, MEMBER, COUPLE, 7, spoiler=flag)
    with pytest.raises(NoReviewToMark):
        await store.rate(GUILD, MEMBER, SERIES, 7, spoiler=flag)

    assert refused.value.problem is MarkProblem.NO_REVIEW

    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 4}
    assert (await store.summary(GUILD, COUPLE)).count == 1
    assert await _texts(store, GUILD, COUPLE) == []


async def test_a_spoiler_flag_for_a_review_being_removed_is_refused(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="The ending!")

    with pytest.raises(NoReviewToMark) as refused:
        await store.rate(GUILD, MEMBER, COUPLE, 2, review=None, spoiler=True)

    assert refused.value.problem is MarkProblem.BEING_REMOVED
    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert (stored.score, stored.text, stored.spoiler) == (7, "The ending!", False)


async def test_a_refused_flag_in_a_batch_leaves_the_other_ratings_of_the_batch_alone(
    store: CoreStore,
) -> None:
    results = await asyncio.gather(
        store.rate(GUILD, MEMBER, COUPLE, 9, review="Yes."),
        store.rate(GUILD, OTHER_MEMBER, COUPLE, 3, spoiler=True),
        store.rate(GUILD, MEMBER, SERIES, 6),
        return_exceptions=True,
    )

    assert isinstance(results[1], NoReviewToMark)
    assert [type(r) for r in (results[0], results[2])] == [RatingChange, RatingChange]
    assert results[0].summary.count == 1  # type: ignore[union-attr]
    assert await store.user_ratings(GUILD, OTHER_MEMBER) == {}
    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 9, SERIES: 6}
    assert (await store.summary(GUILD, COUPLE)).count == 1


# --- who wrote it ------------------------------------------------------------------------------


async def test_reviews_are_credited_to_the_members_latest_display_name(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Yes.")
    (unknown,) = await _all_reviews(store, GUILD, COUPLE)

    await store.remember_member(GUILD, MEMBER, "Hisashi's #1 fan")
    (named,) = await _all_reviews(store, GUILD, COUPLE)
    await store.rate(GUILD, MEMBER, SERIES, 8, review="Gentle.", display_name="Mao enjoyer")

    assert unknown.display_name is None
    assert named.display_name == "Hisashi's #1 fan"
    renamed = [
        r.display_name for t in (COUPLE, SERIES) for r in await _all_reviews(store, GUILD, t)
    ]
    assert renamed == ["Mao enjoyer", "Mao enjoyer"]


async def test_a_member_has_a_separate_display_name_in_each_server(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Yes.", display_name="Rei")
    await store.rate(OTHER_GUILD, MEMBER, COUPLE, 9, review="Yes.", display_name="Shion")

    (here,) = await _all_reviews(store, GUILD, COUPLE)
    (there,) = await _all_reviews(store, OTHER_GUILD, COUPLE)
    assert (here.display_name, there.display_name) == ("Rei", "Shion")


@pytest.mark.parametrize("display_name", ["", "   ", "x" * 101, 42])
async def test_a_broken_display_name_is_refused_and_nothing_is_stored(
    store: CoreStore, display_name: object
) -> None:
    with pytest.raises((TypeError, ValueError)):
        await store.rate(GUILD, MEMBER, COUPLE, 9, review="Yes.", display_name=display_name)  # type: ignore[arg-type]

    assert await store.member_export(GUILD, MEMBER) == []


# --- paging ------------------------------------------------------------------------------------


async def _twelve_reviews(store: CoreStore, clock: ManualClock) -> list[MemberReview]:
    """Twelve members review COUPLE; some share a score, and some share the same second."""
    scores = [7, 10, 3, 7, 7, 10, 1, 5, 7, 3, 10, 7]
    for member, score in enumerate(scores, start=1):
        if member % 3:
            clock.advance()  # every third review lands in the same second as the one before
        await store.rate(GUILD, member, COUPLE, score, review=f"take {member}")
    return await _all_reviews(store, GUILD, COUPLE)


async def _every_page(store: CoreStore, order: ReviewOrder) -> list[MemberReview]:
    seen: list[MemberReview] = []
    for offset in range(0, 15, 5):
        page = await store.reviews(GUILD, COUPLE, order=order, offset=offset, limit=5)
        assert (page.total, page.offset) == (12, offset)
        seen.extend(page.items)
    return seen


async def test_newest_first_pages_through_every_review_once_in_time_order(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    reviews = await _twelve_reviews(timed_store, clock)

    paged = await _every_page(timed_store, "newest")

    expected = sorted(reviews, key=lambda r: (r.updated_at, r.user_id), reverse=True)
    assert paged == expected
    assert [r.user_id for r in paged[:3]] == [12, 11, 10]
    assert len({r.user_id for r in paged}) == 12


async def test_highest_first_pages_by_score_then_newest(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    reviews = await _twelve_reviews(timed_store, clock)

    paged = await _every_page(timed_store, "highest")

    expected = sorted(reviews, key=lambda r: (r.score, r.updated_at, r.user_id), reverse=True)
    assert paged == expected
    assert [r.score for r in paged] == sorted((r.score for r in reviews), reverse=True)
    assert [r.user_id for r in paged[:3]] == [11, 6, 2]


async def _newest_first(store: CoreStore, order: ReviewOrder = "newest") -> list[int]:
    page = await store.reviews(GUILD, COUPLE, order=order, limit=25)
    return [review.user_id for review in page.items]


async def test_reviews_written_in_the_same_second_list_the_last_written_first(
    timed_store: CoreStore,
) -> None:
    # Members with larger ids write first, so the order can't be coming from the ids.
    for member in (30, 20, 10):
        await timed_store.rate(GUILD, member, COUPLE, 7, review=f"from {member}")

    assert len({r.updated_at for r in await _all_reviews(timed_store, GUILD, COUPLE)}) == 1
    assert await _newest_first(timed_store) == [10, 20, 30]
    assert await _newest_first(timed_store, "highest") == [10, 20, 30]  # equal scores


async def test_rewording_within_the_second_makes_a_review_the_newest_and_a_score_alone_does_not(
    timed_store: CoreStore,
) -> None:
    for member in (1, 2, 3):
        await timed_store.rate(GUILD, member, COUPLE, 7, review=f"from {member}")

    await timed_store.rate(GUILD, 1, COUPLE, 7, review="changed my mind")
    reworded = await _newest_first(timed_store)
    await timed_store.rate(GUILD, 3, COUPLE, 7)  # the same score, no new words
    await timed_store.rate(GUILD, 2, COUPLE, 7, spoiler=True)  # the flag alone is a new write

    assert reworded == [1, 3, 2]
    assert await _newest_first(timed_store) == [2, 1, 3]


async def test_reviews_written_at_once_list_newest_first_across_pages_and_a_reopening(
    database_url: str, clock: ManualClock
) -> None:
    members = list(range(120, 0, -10))  # twelve, the larger ids asking first
    async with await open_store(database_url, clock=clock) as store:
        await asyncio.gather(*(store.rate(GUILD, m, COUPLE, 5, review=f"{m}") for m in members))
        paged = await _every_page(store, "newest")
    async with await open_store(database_url, clock=clock) as reopened:
        again = await _every_page(reopened, "newest")

    assert [r.user_id for r in paged] == members[::-1]
    assert again == paged


async def test_a_members_reviews_of_the_same_second_list_the_last_written_first(
    timed_store: CoreStore,
) -> None:
    for target in (COUPLE, SERIES, OTHER_COUPLE):
        await timed_store.rate(GUILD, MEMBER, target, 8, review="Yes.")

    mine = await timed_store.member_reviews(GUILD, MEMBER)

    assert [review.target for review in mine] == [OTHER_COUPLE, SERIES, COUPLE]


async def test_paging_is_the_same_every_time_it_is_asked(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    await _twelve_reviews(timed_store, clock)

    for order in ("newest", "highest"):
        first = await timed_store.reviews(GUILD, COUPLE, order=order, offset=5, limit=5)
        again = await timed_store.reviews(GUILD, COUPLE, order=order, offset=5, limit=5)
        assert first == again


async def test_a_page_past_the_end_is_empty_but_still_tells_the_total(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    await _twelve_reviews(timed_store, clock)

    page = await timed_store.reviews(GUILD, COUPLE, offset=40)

    assert (page.items, page.total, page.offset) == ((), 12, 40)


async def test_the_first_page_of_a_couple_rated_but_never_reviewed_is_empty(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 8)
    await store.rate(GUILD, OTHER_MEMBER, OTHER_COUPLE, 6, review="Lovely")

    page = await store.reviews(GUILD, COUPLE)

    assert (page.items, page.total, page.offset) == ((), 0, 0)


async def test_a_score_without_a_review_is_not_listed_among_reviews(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9)
    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 4, review="Not for me.")

    page = await store.reviews(GUILD, COUPLE, order="highest")

    assert page.total == 1
    assert [(r.user_id, r.score) for r in page.items] == [(OTHER_MEMBER, 4)]


@pytest.mark.parametrize(
    ("order", "offset", "limit"),
    [("best", 0, 5), ("newest", -1, 5), ("newest", 0, 0), ("newest", 0, 26), ("newest", 0, True)],
)
async def test_paging_arguments_the_bot_never_sends_are_refused(
    store: CoreStore, order: str, offset: int, limit: int
) -> None:
    with pytest.raises(ValueError, match=r"order|offset|limit"):
        await store.reviews(GUILD, COUPLE, order=order, offset=offset, limit=limit)  # type: ignore[arg-type]


async def test_reviews_stay_in_their_own_server(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Here.")
    await store.rate(OTHER_GUILD, OTHER_MEMBER, COUPLE, 2, review="There.")

    assert await _texts(store, GUILD, COUPLE) == ["Here."]
    assert await _texts(store, OTHER_GUILD, COUPLE) == ["There."]
    assert (await store.reviews(GUILD, OTHER_COUPLE)).total == 0
    assert [r.text for r in await store.member_reviews(OTHER_GUILD, MEMBER)] == []


async def test_member_reviews_lists_only_that_members_reviews_here_newest_first(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    await timed_store.rate(GUILD, MEMBER, SERIES, 8, review="Gentle.")
    clock.advance()
    await timed_store.rate(GUILD, MEMBER, COUPLE, 9, review="Yes.")
    await timed_store.rate(GUILD, MEMBER, OTHER_COUPLE, 3)
    await timed_store.rate(GUILD, OTHER_MEMBER, COUPLE, 5, review="Meh.")
    await timed_store.rate(OTHER_GUILD, MEMBER, COUPLE, 1, review="Elsewhere.")

    mine = await timed_store.member_reviews(GUILD, MEMBER)

    assert [(r.target, r.score, r.text) for r in mine] == [
        (COUPLE, 9, "Yes."),
        (SERIES, 8, "Gentle."),
    ]


# --- moderation --------------------------------------------------------------------------------


async def test_removing_a_review_keeps_the_members_score(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Rude words.")
    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 5, review="Fine.")

    removed = await store.remove_review(GUILD, MEMBER, COUPLE)

    assert removed is True
    assert await _texts(store, GUILD, COUPLE) == ["Fine."]
    assert (await store.summary(GUILD, COUPLE)).total == 14
    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 9}
    assert await store.remove_review(GUILD, MEMBER, COUPLE) is False
    # Rating again without a review doesn't bring the removed one back.
    assert (await store.rate(GUILD, MEMBER, COUPLE, 9)).review is None


async def test_removing_a_review_in_one_server_leaves_the_other_server_alone(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Here.")
    await store.rate(OTHER_GUILD, MEMBER, COUPLE, 9, review="There.")

    await store.remove_review(GUILD, MEMBER, COUPLE)

    assert await _texts(store, OTHER_GUILD, COUPLE) == ["There."]


async def test_resetting_a_target_deletes_its_scores_and_reviews_in_that_server_only(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Yes.")
    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 2)
    await store.rate(GUILD, MEMBER, SERIES, 8, review="Gentle.")
    await store.rate(OTHER_GUILD, MEMBER, COUPLE, 4, review="Elsewhere.")

    deleted = await store.reset_target(GUILD, COUPLE)

    assert deleted == 2
    assert (await store.summary(GUILD, COUPLE)).count == 0
    assert (await store.reviews(GUILD, COUPLE)).total == 0
    assert await store.user_ratings(GUILD, MEMBER) == {SERIES: 8}
    assert await _texts(store, GUILD, SERIES) == ["Gentle."]
    assert await _texts(store, OTHER_GUILD, COUPLE) == ["Elsewhere."]
    assert await store.reset_target(GUILD, COUPLE) == 0


# --- refusing unusable reviews -----------------------------------------------------------------


UNUSABLE_REVIEWS = {
    "281-chars": ("x" * (MAX_REVIEW_LENGTH + 1), ReviewProblem.TOO_LONG),
    "empty": ("", ReviewProblem.EMPTY),
    "spaces": ("  ", ReviewProblem.EMPTY),
    "blank-unicode": ("\u3000\n", ReviewProblem.EMPTY),
    "nul": ("a\x00b", ReviewProblem.CONTROL_CHARACTERS),
    "newline": ("two\nlines", ReviewProblem.CONTROL_CHARACTERS),
    "int": (42, ReviewProblem.NOT_TEXT),
    "bytes": (b"bytes", ReviewProblem.NOT_TEXT),
}


@pytest.mark.parametrize(("review", "problem"), UNUSABLE_REVIEWS.values(), ids=UNUSABLE_REVIEWS)
async def test_an_unusable_review_is_refused_and_nothing_is_stored(
    store: CoreStore, review: object, problem: ReviewProblem
) -> None:
    with pytest.raises(InvalidReview) as refused:
        await store.rate(GUILD, MEMBER, COUPLE, 9, review=review, display_name="Rei")  # type: ignore[arg-type]

    assert (refused.value.problem, refused.value.limit) == (problem, MAX_REVIEW_LENGTH)

    assert await store.user_ratings(GUILD, MEMBER) == {}
    assert (await store.reviews(GUILD, COUPLE)).total == 0
    assert await store.forget_member(GUILD, MEMBER) == dict.fromkeys(
        ("reviews", "ratings", "last_shown", "pick_walks", "members"), 0
    )


async def test_an_unusable_review_leaves_the_earlier_score_and_review_as_they_were(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Keep me.")

    with pytest.raises(InvalidReview) as refused:
        await store.rate(GUILD, MEMBER, COUPLE, 1, review="x" * 281)

    assert (refused.value.length, refused.value.limit) == (281, 280)
    assert "280" in str(refused.value)

    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 9}
    assert await _texts(store, GUILD, COUPLE) == ["Keep me."]


def test_invalid_review_is_both_a_store_error_and_a_value_error() -> None:
    assert issubclass(InvalidReview, StoreError)
    assert issubclass(InvalidReview, ValueError)


def test_keep_reads_as_keep_in_logs() -> None:
    assert repr(KEEP) == "KEEP"


# --- at the same time --------------------------------------------------------------------------


async def test_one_member_rating_with_reviews_at_once_keeps_score_and_review_together(
    store: CoreStore,
) -> None:
    calls = [(n % 10 + 1, f"take {n}") for n in range(100)]

    changes = await asyncio.gather(
        *(store.rate(GUILD, MEMBER, COUPLE, score, review=text) for score, text in calls)
    )

    (stored,) = await _all_reviews(store, GUILD, COUPLE)
    assert (stored.score, stored.text) in calls  # the score and the words of the same call
    assert all(change.review_changed for change in changes)
    _assert_previous_reviews_chain_to(changes, stored.text)


def _assert_previous_reviews_chain_to(changes: list[RatingChange], final: str) -> None:
    """Writes were serialised: each write found the review the write before it left, so every
    review but the final one was found exactly once, and exactly one write found none."""
    found = Counter(change.previous_review for change in changes)
    assert found[None] == 1
    assert {c.review for c in changes} - {final} == set(found) - {None}
    assert max(found.values()) == 1


async def test_many_members_reviewing_at_once_each_keep_their_own_words(
    store: CoreStore,
) -> None:
    members = range(1, 101)

    await asyncio.gather(
        *(
            store.rate(GUILD, m, COUPLE, m % 10 + 1, review=f"from {m}", display_name=f"fan {m}")
            for m in members
        )
    )

    pages = [await store.reviews(GUILD, COUPLE, offset=o, limit=25) for o in range(0, 100, 25)]

    everyone = [review for page in pages for review in page.items]
    assert [page.total for page in pages] == [100] * 4
    assert {(r.user_id, r.score, r.text, r.display_name) for r in everyone} == {
        (m, m % 10 + 1, f"from {m}", f"fan {m}") for m in members
    }
