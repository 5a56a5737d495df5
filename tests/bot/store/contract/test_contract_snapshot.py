"""Copying a store into another: everything a member or an admin sees comes across, checked
table by table; a copy can be run again after an interruption without doubling anything, and a
target that holds data is refused untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from manual_clock import ManualClock
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER, SERIES

from bot.store import CoreStore, GuildExport, open_store
from bot.store.copying import CopyRefused, TableCheck, check_table, copy_store, digest
from bot.store.snapshot import TABLES, SnapshotTable

THIRD_MEMBER = 555_555_555_555_555_555


async def _fill(store: CoreStore) -> None:
    """Some of everything a store keeps, in two servers; two reviews in the same second."""
    # Written in the opposite order to their keys, so a copy in key order would list them wrong.
    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 4, review="First in this second.", spoiler=True)
    await store.rate(GUILD, MEMBER, COUPLE, 9, review="Second in it.", display_name="Mika")
    await store.rate(GUILD, THIRD_MEMBER, COUPLE, 7)
    await store.rate(GUILD, MEMBER, SERIES, 5)
    await store.rate(OTHER_GUILD, MEMBER, OTHER_COUPLE, 10, review="Rei!", display_name="M")
    await store.remember_shown(GUILD, MEMBER, OTHER_COUPLE)
    await store.walk_on(GUILD, MEMBER, "", ("mao-hisashi", "rei-shion"), restart=True)
    await store.set_reviews_enabled(OTHER_GUILD, False)
    await store.set_cooldown(GUILD, "rate", 30)
    await store.remember_member(GUILD, THIRD_MEMBER, "Sora")


async def _seen(store: CoreStore) -> dict[int, tuple[GuildExport, list[str]]]:
    """Each server's export and the order its reviews list in, newest first."""
    seen = {}
    for guild in (GUILD, OTHER_GUILD):
        page = await store.reviews(guild, COUPLE, limit=25)
        seen[guild] = (await store.guild_export(guild), [r.text for r in page.items])
    return seen


@pytest.fixture
async def filled(timed_store: CoreStore) -> CoreStore:
    await _fill(timed_store)
    return timed_store


@pytest.fixture
def make_url(fresh_database_url: Callable[[str], str]) -> Callable[[str], str]:
    return fresh_database_url


async def test_a_copy_shows_every_server_as_the_source_does(
    filled: CoreStore, make_url: Callable[[str], str]
) -> None:
    async with await open_store(make_url("copy")) as target:
        report = await copy_store(filled, target)

        assert report.verified
        assert await _seen(target) == await _seen(filled)
        assert (await _seen(target))[GUILD][1] == ["Second in it.", "First in this second."]
        assert (await target.summary(GUILD, COUPLE)).count == 3
    assert report.rows > 0


async def test_the_check_counts_every_row_of_every_table(
    filled: CoreStore, make_url: Callable[[str], str]
) -> None:
    async with await open_store(make_url("copy")) as target:
        report = await copy_store(filled, target)

    rows = {check.table.name: check.source.rows for check in report.tables}
    assert [check.table for check in report.tables] == list(TABLES)
    # 4 ratings in GUILD and 1 in OTHER_GUILD; 3 reviews; 2 couples walked; 3 counts for COUPLE
    assert (rows["ratings"], rows["reviews"], rows["pick_walks"]) == (5, 3, 2)
    assert rows["score_counts"] == 3 + 1 + 1
    assert (rows["guild_settings"], rows["cooldowns"], rows["last_shown"]) == (1, 1, 1)


async def test_a_target_that_holds_data_is_refused_untouched(
    filled: CoreStore, make_url: Callable[[str], str]
) -> None:
    async with await open_store(make_url("busy")) as target:
        await target.rate(GUILD, MEMBER, COUPLE, 2)
        before = await _seen(target)

        with pytest.raises(CopyRefused, match="--into-non-empty"):
            await copy_store(filled, target)

        assert await _seen(target) == before


class CopyInterruptedError(Exception):
    pass


async def test_an_interrupted_copy_run_again_doubles_nothing(
    filled: CoreStore, make_url: Callable[[str], str]
) -> None:
    def stop_at_reviews(table: SnapshotTable, _copied: int) -> None:
        if table.name == "reviews":
            raise CopyInterruptedError

    async with await open_store(make_url("copy")) as target:
        with pytest.raises(CopyInterruptedError):
            await copy_store(filled, target, progress=stop_at_reviews)
        half = {check.table.name: check.agrees for check in await _checks(filled, target)}
        assert half["ratings"]
        assert not half["members"]

        report = await copy_store(filled, target, into_non_empty=True)
        again = await copy_store(filled, target, into_non_empty=True)

        assert report.verified
        assert again.verified
        assert await _seen(target) == await _seen(filled)


async def test_a_source_changed_after_the_copy_fails_the_check(
    filled: CoreStore, make_url: Callable[[str], str], clock: ManualClock
) -> None:
    async with await open_store(make_url("copy")) as target:
        await copy_store(filled, target)
        clock.advance(60)
        await filled.rate(GUILD, THIRD_MEMBER, COUPLE, 8)

        checks = {check.table.name: check.agrees for check in await _checks(filled, target)}

    assert (checks["ratings"], checks["score_counts"]) == (False, False)
    assert (checks["reviews"], checks["members"]) == (True, True)


async def test_the_checksum_does_not_depend_on_the_order_rows_were_written(
    timed_store: CoreStore, make_url: Callable[[str], str], clock: ManualClock
) -> None:
    async with await open_store(make_url("reversed"), clock=clock) as other:
        for member in (MEMBER, OTHER_MEMBER):
            await timed_store.rate(GUILD, member, COUPLE, 6)
        for member in (OTHER_MEMBER, MEMBER):
            await other.rate(GUILD, member, COUPLE, 6)
        table = TABLES[0]

        assert (await digest(timed_store, table)).checksum != 0
        assert (await check_table(timed_store, other, table)).agrees


async def _checks(source: CoreStore, target: CoreStore) -> list[TableCheck]:
    return [await check_table(source, target, table) for table in TABLES]
