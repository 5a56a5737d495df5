"""When the database can't be written (full, read-only, locked by another process) the member is
told to try again, nothing unsaved is confirmed, and the store works again once the fault clears.
The faults are SQLite's own: a page limit, query_only, file modes, another connection's lock."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_MEMBER, SERIES

from bot.store import RatingChange, ScoreSummary, StoreUnavailable, Unavailability
from bot.store.sqlite import SQLiteRatingStore

pytestmark = pytest.mark.sqlite_only


@contextmanager
def _write_lock_held_elsewhere(path: Path) -> Iterator[None]:
    """Another connection (as a second bot process would) holding the database's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _set_mode(path: Path, mode: int) -> None:
    """chmod the database and, when making it writable again, the -wal/-shm files SQLite made."""
    targets = [path] if mode == 0o444 else path.parent.glob(path.name + "*")
    for target in targets:
        target.chmod(mode)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        (result,) = conn.execute("PRAGMA integrity_check").fetchone()
    conn.close()
    return str(result)


async def _rate_new_members_until_refused(store: SQLiteRatingStore) -> list[RatingChange]:
    """Rate with one new member after another until the store refuses; return what it confirmed."""
    confirmed: list[RatingChange] = []
    for member in range(1, 20_000):
        try:
            confirmed.append(await store.rate(GUILD, member, COUPLE, member % 10 + 1))
        except StoreUnavailable:
            return confirmed
    raise AssertionError("the store never reported the database as full")


async def test_a_full_database_refuses_cleanly_and_recovers(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        await store._simulate_fault("full")
        confirmed = await _rate_new_members_until_refused(store)
        refused_member = len(confirmed) + 1

        with pytest.raises(StoreUnavailable, match=r"full.*[Tt]ry again") as refused:
            await store.rate(GUILD, refused_member, COUPLE, 7)
        assert refused.value.reason is Unavailability.FULL
        summary = await store.summary(GUILD, COUPLE)
        assert summary.count == len(confirmed)
        assert summary.total == sum(change.score for change in confirmed)
        assert await store.user_ratings(GUILD, refused_member) == {}

        await store._simulate_fault(None)
        change = await store.rate(GUILD, refused_member, COUPLE, 7)
        assert change.summary.count == len(confirmed) + 1

    assert _integrity(db_path) == "ok"


async def test_a_full_database_never_keeps_a_score_without_the_review_that_came_with_it(
    db_path: Path,
) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        await store._simulate_fault("full")
        confirmed: list[RatingChange] = []
        for member in range(1, 20_000):
            try:
                change = await store.rate(GUILD, member, COUPLE, 5, review="long enough " * 20)
            except StoreUnavailable:
                break
            confirmed.append(change)
        else:
            raise AssertionError("the store never reported the database as full")
        refused_member = len(confirmed) + 1

        page = await store.reviews(GUILD, COUPLE)
        assert page.total == (await store.summary(GUILD, COUPLE)).count == len(confirmed)
        assert await store.member_export(GUILD, refused_member) == []

    assert _integrity(db_path) == "ok"


async def test_a_read_only_database_refuses_writes_keeps_reads_and_recovers(
    store: SQLiteRatingStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 6)
    await store.remember_shown(GUILD, MEMBER, COUPLE)
    await store._simulate_fault("read-only")

    with pytest.raises(StoreUnavailable, match="read-only") as refused:
        await store.rate(GUILD, MEMBER, COUPLE, 2)
    assert refused.value.reason is Unavailability.READ_ONLY
    with pytest.raises(StoreUnavailable):
        await store.remember_shown(GUILD, MEMBER, "series:twilight-out-of-focus")
    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 6}
    assert await store.last_shown(GUILD, MEMBER) == COUPLE

    await store._simulate_fault(None)
    change = await store.rate(GUILD, MEMBER, COUPLE, 2)
    assert (change.previous, change.summary.mean) == (6, 2)


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """The database file read-only, as a wrong owner or mode leaves it. Root writes a file of
    mode 444 anyway, so as root the file is made immutable (chattr +i) instead."""
    as_root = os.geteuid() == 0
    if as_root:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.fail(f"as root, chattr +i is needed to make a file read-only: {made.stderr}")
    else:
        _set_mode(path, 0o444)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        _set_mode(path, 0o644)


async def test_a_read_only_file_refuses_writes_until_made_writable(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 6)
    with _read_only(db_path):
        async with await SQLiteRatingStore.open(db_path) as store:
            with pytest.raises(StoreUnavailable, match="read-only"):
                await store.rate(GUILD, MEMBER, COUPLE, 2)
            assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 6}

    async with await SQLiteRatingStore.open(db_path) as store:
        assert (await store.rate(GUILD, MEMBER, COUPLE, 2)).previous == 6


async def test_a_lock_held_past_the_busy_timeout_is_try_again_and_then_works(
    db_path: Path,
) -> None:
    async with await SQLiteRatingStore.open(db_path, busy_timeout_ms=50) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 4)

        with _write_lock_held_elsewhere(db_path):
            with pytest.raises(StoreUnavailable, match="locked by another process") as refused:
                await store.rate(GUILD, MEMBER, COUPLE, 9)
            assert refused.value.reason is Unavailability.LOCKED_ELSEWHERE
            with pytest.raises(StoreUnavailable):
                await store.rate(GUILD, OTHER_MEMBER, COUPLE, 9)
            # WAL: reading goes on while someone else holds the write lock.
            assert (await store.summary(GUILD, COUPLE)).total == 4

        change = await store.rate(GUILD, MEMBER, COUPLE, 9)
        assert (change.previous, change.summary.count) == (4, 1)


async def test_ratings_arriving_together_on_a_full_disk_are_all_refused_and_none_kept(
    store: SQLiteRatingStore,
) -> None:
    await store.rate(GUILD, 1, SERIES, 5)
    await store._simulate_fault("full")
    outcomes = await asyncio.gather(
        *(store.rate(GUILD, member, COUPLE, 7, review="x" * 200) for member in range(2, 60)),
        return_exceptions=True,
    )
    await store._simulate_fault(None)

    assert all(isinstance(outcome, StoreUnavailable) for outcome in outcomes), outcomes
    assert len({id(outcome) for outcome in outcomes}) == len(outcomes)  # each caller its own
    assert await store.summaries(GUILD) == {SERIES: ScoreSummary.from_counts(SERIES, {5: 1})}
