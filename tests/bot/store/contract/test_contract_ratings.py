"""Rating, replacing, summaries, isolation between guilds, and what the bot last showed."""

from __future__ import annotations

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER, SERIES

from bot.store import (
    MAX_SCORE,
    MIN_SCORE,
    CoreStore,
    InvalidScore,
    InvalidTarget,
    ScoreSummary,
    StoreClosed,
    StoreError,
    open_store,
)


async def test_first_rating_has_no_previous_and_counts_once(store: CoreStore) -> None:
    change = await store.rate(GUILD, MEMBER, SERIES, 7)

    assert (change.target, change.score, change.previous) == (SERIES, 7, None)
    assert change.summary == ScoreSummary(SERIES, 1, 7, (0, 0, 0, 0, 0, 0, 1, 0, 0, 0))
    assert change.summary.mean == 7


async def test_rating_again_replaces_and_reports_the_previous_score(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, SERIES, 7)

    change = await store.rate(GUILD, MEMBER, SERIES, 4)

    assert change.previous == 7
    assert (change.summary.count, change.summary.mean) == (1, 4)
    assert await store.user_ratings(GUILD, MEMBER) == {SERIES: 4}


async def test_summary_counts_each_score_in_its_slot(store: CoreStore) -> None:
    for member, score in enumerate([1, 10, 10, 5, 6], start=1):
        await store.rate(GUILD, member, COUPLE, score)

    summary = await store.summary(GUILD, COUPLE)

    assert summary.distribution == (1, 0, 0, 0, 1, 1, 0, 0, 0, 2)
    assert (summary.count, summary.total, summary.mean) == (5, 32, 6.4)


async def test_unrated_target_has_an_empty_summary(store: CoreStore) -> None:
    summary = await store.summary(GUILD, OTHER_COUPLE)

    assert (summary.count, summary.total, summary.mean) == (0, 0, None)
    assert summary.distribution == (0,) * 10


async def test_summaries_cover_every_target_rated_in_the_guild(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, SERIES, 5)
    await store.rate(GUILD, MEMBER, COUPLE, 9)
    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 7)
    await store.rate(OTHER_GUILD, MEMBER, OTHER_COUPLE, 2)

    summaries = await store.summaries(GUILD)

    assert set(summaries) == {SERIES, COUPLE}
    assert (summaries[COUPLE].count, summaries[COUPLE].mean) == (2, 8)
    assert summaries[SERIES] == await store.summary(GUILD, SERIES)
    assert await store.summaries(12345) == {}


async def test_one_guild_never_sees_or_changes_another_guilds_scores(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, SERIES, 9)

    change = await store.rate(OTHER_GUILD, MEMBER, SERIES, 2)

    assert change.previous is None
    assert change.summary.count == 1
    assert (await store.summary(GUILD, SERIES)).mean == 9
    assert (await store.summary(OTHER_GUILD, SERIES)).mean == 2
    assert await store.user_ratings(GUILD, MEMBER) == {SERIES: 9}
    assert await store.user_ratings(OTHER_GUILD, MEMBER) == {SERIES: 2}


async def test_user_ratings_lists_only_that_members_scores(store: CoreStore) -> None:
    await store.rate(GUILD, MEMBER, SERIES, 5)
    await store.rate(GUILD, MEMBER, COUPLE, 8)
    await store.rate(GUILD, OTHER_MEMBER, OTHER_COUPLE, 3)

    assert await store.user_ratings(GUILD, MEMBER) == {SERIES: 5, COUPLE: 8}
    assert await store.user_ratings(GUILD, 999) == {}


async def test_last_shown_keeps_the_latest_per_member_and_guild(store: CoreStore) -> None:
    assert await store.last_shown(GUILD, MEMBER) is None

    await store.remember_shown(GUILD, MEMBER, COUPLE)
    await store.remember_shown(GUILD, MEMBER, OTHER_COUPLE)
    await store.remember_shown(OTHER_GUILD, MEMBER, SERIES)

    assert await store.last_shown(GUILD, MEMBER) == OTHER_COUPLE
    assert await store.last_shown(OTHER_GUILD, MEMBER) == SERIES
    assert await store.last_shown(GUILD, OTHER_MEMBER) is None


async def test_scores_and_last_shown_survive_a_restart(database_url: str) -> None:
    async with await open_store(database_url) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 8)
        await store.remember_shown(GUILD, MEMBER, COUPLE)

    async with await open_store(database_url) as reopened:
        assert await reopened.last_shown(GUILD, MEMBER) == COUPLE
        assert await reopened.user_ratings(GUILD, MEMBER) == {COUPLE: 8}


@pytest.mark.parametrize("score", [0, 11, -3, 5.5, True, "5", None])
async def test_invalid_scores_are_refused_and_nothing_is_stored(
    store: CoreStore, score: object
) -> None:
    with pytest.raises(InvalidScore) as refused:
        await store.rate(GUILD, MEMBER, SERIES, score)  # type: ignore[arg-type]

    assert refused.value.score is score
    assert (refused.value.low, refused.value.high) == (MIN_SCORE, MAX_SCORE) == (1, 10)
    assert "whole number from 1 to 10" in str(refused.value)  # the line logged

    assert (await store.summary(GUILD, SERIES)).count == 0
    assert await store.user_ratings(GUILD, MEMBER) == {}


def test_invalid_score_is_both_a_store_error_and_a_value_error() -> None:
    assert issubclass(StoreClosed, StoreError)
    assert issubclass(InvalidScore, StoreError)
    assert issubclass(InvalidScore, ValueError)


@pytest.mark.parametrize(
    "target",
    [
        "",
        "series",
        "series:",
        "episode:1",
        "couple:two words",
        "couple:nul\x00",
        "couple:" + "x" * 6000,
    ],
)
async def test_malformed_targets_are_refused_and_nothing_is_stored(
    store: CoreStore, target: str
) -> None:
    with pytest.raises(InvalidTarget) as refused:
        await store.rate(GUILD, MEMBER, target, 5)
    with pytest.raises(InvalidTarget):
        await store.remember_shown(GUILD, MEMBER, target)

    assert (refused.value.value, refused.value.kind) == (target, "target")
    assert len(str(refused.value)) < 120  # a 6,000-character target is cut short in logs

    assert await store.user_ratings(GUILD, MEMBER) == {}
    assert await store.last_shown(GUILD, MEMBER) is None


async def test_hostile_but_well_formed_target_text_is_stored_verbatim(
    store: CoreStore,
) -> None:
    hostile = "couple:x');DROP_TABLE_ratings;--"

    await store.rate(GUILD, MEMBER, hostile, 6)

    assert await store.user_ratings(GUILD, MEMBER) == {hostile: 6}
    assert (await store.summary(GUILD, hostile)).count == 1


@pytest.mark.parametrize("guild_id", [-1, 2**63, "123", 1.0])
async def test_ids_that_are_not_discord_snowflakes_are_rejected(
    store: CoreStore, guild_id: object
) -> None:
    with pytest.raises((TypeError, ValueError)):
        await store.rate(guild_id, MEMBER, SERIES, 5)  # type: ignore[arg-type]


async def test_a_closed_store_refuses_work_with_a_store_error(database_url: str) -> None:
    async with await open_store(database_url) as store:
        pass

    with pytest.raises(StoreClosed):
        await store.summary(GUILD, SERIES)
    with pytest.raises(StoreClosed):
        await store.rate(GUILD, MEMBER, SERIES, 5)
    await store.close()  # closing twice is harmless
