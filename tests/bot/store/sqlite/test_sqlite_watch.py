"""Another process's commit to the same file shows about a second later, not after the read
cache runs out: the store asks SQLite whether another connection committed (data_version) and
drops what it kept when one did. Its own commits, its health probes and backups drop nothing."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_MEMBER
from waiting import wait_until

from bot.store import database_url
from bot.store.backups import take_backup
from bot.store.core import HEARD_CACHE_SECONDS
from bot.store.sqlite import SQLiteRatingStore
from bot.store.sqlite.opening import connect
from bot.store.sqlite.watch import CommitWatch

pytestmark = pytest.mark.sqlite_only

QUICK_S = 0.01  # how often the stores here ask, so that the tests don't wait a second a time


async def _open(path: Path) -> SQLiteRatingStore:
    return await SQLiteRatingStore.open(path, watch_interval_s=QUICK_S)


async def _checks_after(store: SQLiteRatingStore, count: int) -> None:
    """Until the store has asked `count` more times whether another process committed."""
    assert store.watch is not None
    watch = store.watch
    wanted = watch.checks + count

    async def asked() -> bool:
        return watch.checks >= wanted

    await wait_until(asked, f"{count} more checks", store.probe)


async def test_a_store_that_hears_other_commits_keeps_its_reads_for_minutes(
    db_path: Path,
) -> None:
    async with await _open(db_path) as store:
        assert store.cache_seconds == HEARD_CACHE_SECONDS


async def test_a_rating_through_another_process_shows_in_the_counts_within_a_check(
    db_path: Path,
) -> None:
    async with await _open(db_path) as mine, await _open(db_path) as other:
        await mine.rate(GUILD, MEMBER, COUPLE, 4)
        assert (await mine.summary(GUILD, COUPLE)).count == 1  # kept in memory from now on

        await other.rate(GUILD, OTHER_MEMBER, COUPLE, 8)

        async def counted() -> bool:
            return (await mine.summary(GUILD, COUPLE)).count == 2

        await wait_until(counted, "the other store's rating", mine.probe)
        assert (await mine.summaries(GUILD))[COUPLE].mean == 6


async def test_a_setting_changed_through_another_process_shows_within_a_check(
    db_path: Path,
) -> None:
    async with await _open(db_path) as mine, await _open(db_path) as other:
        assert (await mine.guild_settings(GUILD)).reviews_enabled

        await other.set_reviews_enabled(GUILD, enabled=False)

        async def turned_off() -> bool:
            return not (await mine.guild_settings(GUILD)).reviews_enabled

        await wait_until(turned_off, "the other store's setting", mine.probe)


async def test_its_own_commits_probes_and_backups_drop_nothing_it_keeps(
    db_path: Path, tmp_path: Path
) -> None:
    async with await _open(db_path) as store:
        reads: list[bool] = []
        store._reads.on_read = reads.append
        await store.rate(GUILD, MEMBER, COUPLE, 4)
        await store.summary(GUILD, COUPLE)
        await store.rate(GUILD, OTHER_MEMBER, COUPLE, 6)
        await store.probe()
        await take_backup(database_url(f"sqlite:///{db_path}"), tmp_path / "backup.sqlite3")
        await _checks_after(store, 3)

        assert (await store.summary(GUILD, COUPLE)).mean == 5
    assert reads[-1] is True  # served from memory: nothing of its own looked like another's


async def test_a_closed_store_stops_asking(db_path: Path) -> None:
    store = await _open(db_path)
    await _checks_after(store, 1)
    assert store.watch is not None
    assert store.watch.running
    await store.close()
    assert not store.watch.running


async def test_a_watch_that_cannot_ask_says_so_once_and_drops_what_was_kept(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db_path.parent.mkdir(parents=True)
    db = await connect(db_path, busy_timeout_ms=1000)
    watch = CommitWatch(db, QUICK_S)
    heard: list[int | None] = []
    watch.on_change = heard.append
    await watch.start()
    await db.close()  # as a connection that can no longer answer
    try:

        async def asked_five_times() -> bool:  # several checks after it lost its connection
            return watch.checks >= 5

        with caplog.at_level(logging.WARNING, logger="bot.store.sqlite.watch"):
            # No store to make a round trip to: each pause lets the loop run (the watch's timer).
            await wait_until(asked_five_times, "five checks", lambda: asyncio.sleep(0))
    finally:
        await watch.stop()

    assert heard == [None]  # every server's reads dropped, once
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
