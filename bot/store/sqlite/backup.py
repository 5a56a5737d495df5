"""Backing up and restoring a SQLite rating database while the bot may be running.

A backup is SQLite's online backup in one step: it reads the database in one read transaction,
so the copy is the database as it was at one moment, while the bot goes on writing beside it
(WAL lets a writer commit while the backup reads). It is written to a temporary name and renamed
when complete, so a backup file is never half written. A restore puts a checked backup in place
of the database, only while no store has the database open (see in_use), and keeps the file it
replaced beside it.

These are blocking functions, for a worker thread or the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.store.snapshot import TABLES
from bot.store.sqlite.in_use import DatabaseInUseError, nobody_using
from bot.store.sqlite.migrations import bundled_migrations

# Tables whose guild_id says which servers a database holds data of.
_SERVER_TABLES = ("ratings", "members", "guild_settings", "cooldowns", "last_shown")


class BackupError(Exception):
    """A backup file that can't be trusted, or a restore that can't be done now; the message
    says why and what to do. Nothing was changed."""


@dataclass(frozen=True, slots=True)
class BackupCheck:
    """What a checked backup (or database) holds."""

    path: Path
    version: int  # its schema version
    rows: dict[str, int]  # rows per snapshot table
    servers: int

    @property
    def scores(self) -> int:
        return self.rows["ratings"]

    @property
    def reviews(self) -> int:
        return self.rows["reviews"]


def known_version() -> int:
    return max(migration.version for migration in bundled_migrations())


def back_up(database: Path, target: Path, busy_timeout_s: float = 30.0) -> BackupCheck:
    """Copy the database as it is now to target (replacing a file there), then check the copy."""
    if not database.is_file():
        raise BackupError(f"{database} does not exist: there is nothing to back up")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if target.resolve() == database.resolve():
        raise BackupError("the backup would overwrite the database itself: name another file")
    # Read-write, though it only reads: a read-only connection can't open a WAL database that
    # nobody else has open.
    source = sqlite3.connect(database, timeout=busy_timeout_s)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # every page in one step: one consistent moment
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
    finally:
        source.close()
    checked = check_backup(partial)
    _sync(partial)
    os.replace(partial, target)
    return BackupCheck(target, checked.version, checked.rows, checked.servers)


def check_backup(path: Path) -> BackupCheck:
    """What the file holds, once SQLite's integrity check passes and its schema is one this bot
    knows; BackupError otherwise. Opens the file read-only: a check never changes it."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return _checked(db, path)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite database ({exc})") from exc


def _checked(db: sqlite3.Connection, path: Path) -> BackupCheck:
    problems = [row for (row,) in db.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"{path} failed SQLite's integrity check ({'; '.join(problems[:3])})")
    ((version,),) = db.execute("PRAGMA user_version")
    known = known_version()
    if version > known:
        raise BackupError(
            f"{path} has schema version {version}, newer than this bot's {known}: restore it with"
            " the newer bot that made it"
        )
    if version < 1:
        raise BackupError(f"{path} holds no rating database (schema version {version})")
    # Table names come from snapshot.TABLES, never from input.
    rows = {t.name: db.execute(f"SELECT COUNT(*) FROM {t.name}").fetchone()[0] for t in TABLES}  # noqa: S608
    union = " UNION ".join(f"SELECT guild_id FROM {name}" for name in _SERVER_TABLES)  # noqa: S608
    ((servers,),) = db.execute(f"SELECT COUNT(*) FROM ({union})")  # noqa: S608
    return BackupCheck(path, int(version), rows, int(servers))


@dataclass(frozen=True, slots=True)
class Restored:
    check: BackupCheck
    kept: Path | None  # the database it replaced, moved aside; None if there was none


def restore(backup: Path, database: Path, *, now: Callable[[], float] = time.time) -> Restored:
    """Put the checked backup in place of the database, keeping the database it replaces
    beside it. BackupError, with nothing changed, if the backup fails its checks or a bot (or
    anything else with the store open) is using the database."""
    check = check_backup(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        with nobody_using(database):
            kept = _move_aside(database, now()) if database.exists() else None
            partial = database.with_name(database.name + ".restoring")
            shutil.copyfile(backup, partial)
            _sync(partial)
            os.replace(partial, database)
    except DatabaseInUseError as exc:
        raise BackupError(
            f"{database} is in use by a running bot (or another tool): stop it, then restore"
        ) from exc
    return Restored(BackupCheck(database, check.version, check.rows, check.servers), kept)


def _move_aside(database: Path, now: float) -> Path:
    """Fold the database's write-ahead log into it, then move it to a dated name beside it."""
    db = sqlite3.connect(database)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    kept = database.with_name(f"{database.name}.replaced-{stamp}")
    os.replace(database, kept)
    for leftover in ("-wal", "-shm"):
        database.with_name(database.name + leftover).unlink(missing_ok=True)
    return kept


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
