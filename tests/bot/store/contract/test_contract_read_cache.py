"""Score counts and review pages are served from memory, yet every answer stays true: this
process's writes show at once, even to a read that was already under way, and another process's
show once the cache time runs out."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER

from bot.store import CoreStore, StoreClosed, open_store


async def _means(store: CoreStore, guild: int = GUILD) -> dict[str, float | None]:
    return {key: summary.mean for key, summary in (await store.summaries(guild)).items()}


async def _review_lines(store: CoreStore, target: str = COUPLE) -> list[tuple]:
    page = await store.reviews(GUILD, target)
    return [(r.display_name, r.text, r.score) for r in page.items]


async def test_a_rating_shows_at_once_in_every_read_of_the_scores(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 4)
    assert (await store.summary(GUILD, COUPLE)).mean == 4  # now kept in memory
    assert await _means(store) == {COUPLE: 4}

    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 8)
    await store.rate(GUILD, MEMBER, OTHER_COUPLE, 6)

    assert (await store.summary(GUILD, COUPLE)).mean == 6
    assert (await store.summary(GUILD, OTHER_COUPLE)).count == 1
    assert await _means(store) == {COUPLE: 6, OTHER_COUPLE: 6}


async def test_what_summaries_returns_is_the_callers_own(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 4)
    mine = await store.summaries(GUILD)
    mine.clear()

    assert await _means(store) == {COUPLE: 4}


async def test_a_read_under_way_during_a_rating_is_not_kept_nor_shared(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 2)
    early = asyncio.ensure_future(store.summaries(GUILD))  # queued before the rating below
    await asyncio.sleep(0)  # let it start

    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 10)
    after = await store.summaries(GUILD)
    await early

    assert after[COUPLE].count == 2
    assert (await store.summary(GUILD, COUPLE)).mean == 6


@pytest.mark.parametrize("change", ["reset", "forget member", "forget server"])
async def test_deleting_scores_shows_at_once(store: CoreStore, change: str) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9)
    await store.rate(OTHER_GUILD, MEMBER, COUPLE, 3)
    assert (await store.summary(GUILD, COUPLE)).count == 1
    assert await _means(store) == {COUPLE: 9}

    if change == "reset":
        await store.reset_target(GUILD, COUPLE)
    elif change == "forget member":
        await store.forget_member(GUILD, MEMBER)
    else:
        await store.forget_guild(GUILD)

    assert (await store.summary(GUILD, COUPLE)).count == 0
    assert await store.summaries(GUILD) == {}
    assert await _means(store, OTHER_GUILD) == {COUPLE: 3}  # another server's stay


async def test_review_pages_follow_every_change_to_the_reviews(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="Lovely", display_name="Ann")
    assert await _review_lines(store) == [("Ann", "Lovely", 7)]

    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Even better")
    assert await _review_lines(store) == [("Ann", "Even better", 9)]

    await store.remember_member(GUILD, MEMBER, "Annie")
    assert await _review_lines(store) == [("Annie", "Even better", 9)]

    await store.remove_review(GUILD, MEMBER, COUPLE)
    assert await _review_lines(store) == []


class CacheReads:
    """What an observer (the bot's metrics) hears of reads: from memory (True) or not."""

    def __init__(self) -> None:
        self.seen: Counter[bool] = Counter()

    def operation(self, name: str, seconds: float) -> None:
        pass

    def cache_read(self, hit: bool) -> None:
        self.seen[hit] += 1

    def ratings_stored(self, count: int) -> None:
        pass


async def test_a_rating_without_a_review_keeps_the_review_pages_and_a_reviewers_does_not(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="Lovely", display_name="Ann")
    await store.rate(GUILD, OTHER_MEMBER, OTHER_COUPLE, 5, display_name="Bo")
    assert await _review_lines(store) == [("Ann", "Lovely", 7)]  # read, and now kept
    reads = CacheReads()
    store.observe(reads)

    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 3, display_name="Bo")  # Bo is on no page
    assert await _review_lines(store) == [("Ann", "Lovely", 7)]
    assert reads.seen == {True: 1}

    await store.rate(GUILD, MEMBER, COUPLE, 2)  # the reviewer's score, shown beside the review
    assert await _review_lines(store) == [("Ann", "Lovely", 2)]
    assert reads.seen == {True: 1, False: 1}


async def test_a_reviewer_rating_something_else_under_a_new_name_shows_it_on_their_reviews(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 7, review="Lovely", display_name="Ann")
    assert await _review_lines(store) == [("Ann", "Lovely", 7)]

    await store.rate(GUILD, MEMBER, OTHER_COUPLE, 4, display_name="Annie")  # no review of it

    assert await _review_lines(store) == [("Annie", "Lovely", 7)]


async def test_one_caller_giving_up_leaves_the_shared_read_to_the_others(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 5)
    impatient = asyncio.ensure_future(store.summaries(GUILD))
    patient = asyncio.ensure_future(store.summaries(GUILD))
    await asyncio.sleep(0)
    impatient.cancel()

    assert (await patient)[COUPLE].mean == 5
    with pytest.raises(asyncio.CancelledError):
        await impatient


async def test_a_closed_store_refuses_reads_it_had_not_kept(store: CoreStore) -> None:
    await store.close()

    with pytest.raises(StoreClosed):
        await store.summaries(GUILD)


async def test_another_process_changes_show_once_the_cache_time_runs_out(
    database_url: str, hears_other_processes: bool
) -> None:
    async with (
        await open_store(database_url) as mine,
        await open_store(database_url) as console,
    ):
        await mine.rate(GUILD, MEMBER, COUPLE, 4)
        assert (await _means(mine), await _review_lines(mine)) == ({COUPLE: 4}, [])
        await console.rate(GUILD, OTHER_MEMBER, COUPLE, 8, review="Sweet", display_name="Bo")
        stale = (await _means(mine), await _review_lines(mine))

        mine.cache_seconds = 0.0  # what it kept runs out now, and what it reads from now on
        fresh = (await _means(mine), await _review_lines(mine))
        await console.rate(GUILD, MEMBER, OTHER_COUPLE, 1)
        fresher = await _means(mine)

    # Kept until it runs out; a store that heard the change may have dropped it already.
    allowed = [({COUPLE: 4}, []), fresh] if hears_other_processes else [({COUPLE: 4}, [])]
    assert stale in allowed
    assert fresh == ({COUPLE: 6}, [("Bo", "Sweet", 8)])
    assert fresher == {COUPLE: 6, OTHER_COUPLE: 1}
