"""Backups and restores of a SQLite database, as an admin runs them: taken while ratings keep
coming, checked, and put back only when nothing is using the database, keeping what they
replace."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from bot.store import open_store
from bot.store.sqlite.backup import BackupError, back_up, check_backup, known_version, restore

GUILD = 111_111_111_111_111_111
OTHER_GUILD = 222_222_222_222_222_222
COUPLE = "couple:mao-hisashi"


def url(path: Path) -> str:
    return f"sqlite:///{path}"


async def rate_members(path: Path, members: range, guild: int = GUILD) -> None:
    async with await open_store(url(path)) as store:
        for member in members:
            await store.rate(guild, member, COUPLE, 1 + member % 10, review=f"Review {member}.")


async def stored_scores(path: Path, guild: int = GUILD) -> int:
    async with await open_store(url(path)) as store:
        return (await store.summary(guild, COUPLE)).count


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_backup_taken_while_ratings_come_in_holds_every_one_confirmed_before_it(
    tmp_path: Path,
) -> None:
    database = tmp_path / "ratings.db"
    await rate_members(database, range(1, 51))
    async with await open_store(url(database)) as store:
        confirmed_before = (await store.summary(GUILD, COUPLE)).count

        async def keep_rating() -> None:
            for member in range(1000, 1400):
                await store.rate(GUILD, member, COUPLE, 7)

        rating = asyncio.ensure_future(keep_rating())
        check = await asyncio.to_thread(back_up, database, tmp_path / "backup.db")
        await rating

    held = await stored_scores(tmp_path / "backup.db")
    assert confirmed_before <= held <= confirmed_before + 400
    assert check.scores == held
    assert check.reviews == 50
    assert check.version == known_version()


async def test_a_backup_counts_servers_scores_and_reviews(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    await rate_members(database, range(1, 4))
    await rate_members(database, range(1, 3), guild=OTHER_GUILD)

    check = await asyncio.to_thread(back_up, database, tmp_path / "b.db")

    assert (check.servers, check.scores, check.reviews) == (2, 5, 5)


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    asyncio.run(rate_members(database, range(1, 4)))
    backup = tmp_path / "backup.db"
    back_up(database, backup)
    damaged = bytearray(backup.read_bytes())
    damaged[4096:8192] = b"\x00garbage" * 512  # the second page, where the tables live
    backup.write_bytes(bytes(damaged))
    before = (digest(database), digest(backup))

    with pytest.raises(BackupError):
        restore(backup, database)

    assert (digest(database), digest(backup)) == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_a_backup_from_a_newer_bot_is_refused_untouched(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    asyncio.run(rate_members(database, range(1, 4)))
    backup = tmp_path / "newer.db"
    back_up(database, backup)
    with sqlite3.connect(backup) as db:
        db.execute(f"PRAGMA user_version = {known_version() + 1}")
    before = (digest(database), digest(backup))

    with pytest.raises(BackupError, match="newer than this bot"):
        restore(backup, database)

    assert (digest(database), digest(backup)) == before


async def test_a_restore_is_refused_while_a_bot_has_the_database_open(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    await rate_members(database, range(1, 4))
    backup = tmp_path / "backup.db"
    await asyncio.to_thread(back_up, database, backup)

    async with await open_store(url(database)) as store:
        await store.rate(GUILD, 99, COUPLE, 2)
        with pytest.raises(BackupError, match="in use"):
            await asyncio.to_thread(restore, backup, database)
        assert (await store.summary(GUILD, COUPLE)).count == 4


async def test_a_restore_puts_the_backup_back_and_keeps_what_it_replaced(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    await rate_members(database, range(1, 4))
    backup = tmp_path / "backup.db"
    await asyncio.to_thread(back_up, database, backup)
    await rate_members(database, range(4, 10))  # a bad day: these are to be undone

    restored = await asyncio.to_thread(restore, backup, database)

    assert (restored.check.servers, restored.check.scores) == (1, 3)
    assert await stored_scores(database) == 3
    assert restored.kept is not None
    assert await stored_scores(restored.kept) == 9
    assert check_backup(backup).scores == 3


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_PATH")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**clean, "DATABASE_PATH": str(tmp_path / "data" / "ratings.db")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_commands_say_where_the_backup_is_and_what_was_restored(tmp_path: Path) -> None:
    database = tmp_path / "data" / "ratings.db"
    asyncio.run(rate_members(database, range(1, 6)))

    made = run_cli(tmp_path, "backup")

    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "data" / "backups").glob("ratings-*.sqlite3")
    assert made.stdout.splitlines()[0].endswith(f"to {backup}")
    assert "1 servers, 5 scores, 5 reviews" in made.stdout
    asyncio.run(rate_members(database, range(6, 9)))  # rated after the backup: to be undone
    restored = run_cli(tmp_path, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    said = restored.stdout.splitlines()
    assert said[0] == f"Restored {backup} to {database}"
    assert "1 servers, 5 scores, 5 reviews" in said[1]
    (kept,) = database.parent.glob("ratings.db.replaced-*")
    assert said[2] == f"The database it replaced is kept as {kept}"
    assert asyncio.run(stored_scores(database)) == 5
    assert asyncio.run(stored_scores(kept)) == 8


def test_restoring_a_file_that_is_no_database_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")

    refused = run_cli(tmp_path, "restore", str(tmp_path / "notes.txt"))

    assert refused.returncode == 1
    assert len(refused.stderr.splitlines()) == 1
    assert "is not a usable SQLite database" in refused.stderr
    assert not (tmp_path / "data" / "ratings.db").exists()


def damaged_copy(backup: Path) -> None:
    damaged = bytearray(backup.read_bytes())
    damaged[4096:8192] = b"\x00garbage" * 512  # the second page, where the tables live
    backup.write_bytes(bytes(damaged))


def newer_copy(backup: Path) -> None:
    with closing(sqlite3.connect(backup)) as db:
        db.execute(f"PRAGMA user_version = {known_version() + 1}")


@pytest.mark.parametrize(
    ("spoil", "said"),
    [(damaged_copy, "is not a usable SQLite database"), (newer_copy, "newer than this bot's")],
    ids=["bytes overwritten", "a newer schema"],
)
def test_restore_refuses_a_bad_backup_in_one_line_touching_neither_file(
    tmp_path: Path, spoil: Callable[[Path], None], said: str
) -> None:
    database = tmp_path / "data" / "ratings.db"
    asyncio.run(rate_members(database, range(1, 6)))
    backup = tmp_path / "backup.sqlite3"
    back_up(database, backup)
    spoil(backup)
    before = (digest(database), digest(backup))

    refused = run_cli(tmp_path, "restore", str(backup))

    assert refused.returncode == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith(f"error: {backup} ")
    assert said in line
    assert refused.stdout == ""
    assert (digest(database), digest(backup)) == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["ratings.db", "ratings.db.in-use"]
