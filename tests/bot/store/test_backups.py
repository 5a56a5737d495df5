"""Scheduled backups in a running bot: each one checked and named by its time, the oldest
pruned, and a failure logged and reported, never raised."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from pathlib import Path

import pytest

from bot.store import database_url, file_url_of, open_store
from bot.store.backups import BackupSchedule, giving_way, take_backup
from bot.store.sqlite.backup import BackupCheck

GUILD = 111_111_111_111_111_111


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        self.now += 3600
        return self.now


async def test_each_backup_is_checked_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    async with await open_store(file_url_of(database, "sqlite")) as store:
        await store.rate(GUILD, 1, "couple:rei-shion", 9)
        results: list[BackupCheck | None] = []
        schedule = BackupSchedule(
            file_url_of(database, "sqlite"), tmp_path / "backups", 3600, 2, results.append, Clock()
        )
        for _ in range(3):
            await schedule.take_one()

    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == ["ratings-20270115T100000Z.sqlite3", "ratings-20270115T110000Z.sqlite3"]
    assert [check.scores if check else None for check in results] == [1, 1, 1]


async def test_a_failed_backup_is_logged_and_reported_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "ratings.db"
    (tmp_path / "not-a-folder").write_text("a file where the folder should be", encoding="utf-8")
    async with await open_store(file_url_of(database, "sqlite")):
        results: list[BackupCheck | None] = []
        schedule = BackupSchedule(
            file_url_of(database, "sqlite"), tmp_path / "not-a-folder", 3600, 2, results.append
        )
        with caplog.at_level(logging.ERROR):
            assert await schedule.take_one() is None

    assert results == [None]
    assert "Scheduled backup to" in caplog.text


def priority_of_this_thread() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(sys.platform != "linux" and not os.environ.get("CI"), reason="Linux only")
async def test_backups_run_at_the_lowest_cpu_priority_and_the_bot_keeps_its_own() -> None:
    own = priority_of_this_thread()

    assert await giving_way(priority_of_this_thread) == 19
    assert priority_of_this_thread() == own
    assert await asyncio.to_thread(priority_of_this_thread) == own  # the loop's other threads


async def test_a_postgresql_database_is_backed_up_as_a_checked_sqlite_snapshot(
    tmp_path: Path, postgres_url: str
) -> None:
    url = database_url(postgres_url)
    async with await open_store(url) as store:
        await store.rate(GUILD, 1, "couple:rei-shion", 9, review="Lovely.")
        await store.rate(GUILD, 2, "couple:rei-shion", 4)

    check = await take_backup(url, tmp_path / "snapshot.sqlite3")

    assert (check.scores, check.reviews, check.servers) == (2, 1, 1)
    async with await open_store(file_url_of(check.path, "sqlite")) as snapshot:
        assert (await snapshot.summary(GUILD, "couple:rei-shion")).total == 13


async def test_a_postgresql_backup_taken_while_members_rate_is_of_one_moment(
    tmp_path: Path, postgres_url: str
) -> None:
    """Members keep rating, reviewing and being shown couples while the snapshot is copied:
    the snapshot checks out against the database as it was when the copy began, and holds
    every rating confirmed before that."""
    url = database_url(postgres_url)
    async with await open_store(url) as store:
        for member in range(1, 2501):  # a few pages of every table
            await store.rate(GUILD, member, "couple:rei-shion", 1 + member % 10, review="Yes.")
            await store.remember_shown(GUILD, member, "couple:rei-shion")
        confirmed_before = await store.summary(GUILD, "couple:rei-shion")
        done = asyncio.Event()

        async def members_carry_on() -> int:
            member = 10_000
            while not done.is_set():
                member += 1
                await store.rate(GUILD, member, "couple:jin-giichi", 7, review="Still here.")
                await store.remember_shown(GUILD, member % 2500 + 1, "couple:jin-giichi")
            return member - 10_000

        carrying_on = asyncio.create_task(members_carry_on())
        try:
            check = await take_backup(url, tmp_path / "snapshot.sqlite3")
        finally:
            done.set()
        rated_meanwhile = await carrying_on

    assert rated_meanwhile > 0  # the copy really ran beside them
    assert check.scores >= confirmed_before.count
    async with await open_store(file_url_of(check.path, "sqlite")) as snapshot:
        assert await snapshot.summary(GUILD, "couple:rei-shion") == confirmed_before
