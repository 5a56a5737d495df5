"""Opening a SQLite file for the store: refusing files it must not touch, WAL, migrations."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import aiosqlite

from bot.store.errors import (
    CannotOpen,
    DatabaseTooNew,
    FailedIntegrityCheck,
    ForeignDatabase,
    OpenStep,
)
from bot.store.sqlite.errors import ENGINE, SQLITE_BUSY, primary_code, translate
from bot.store.sqlite.migrations import Migration

log = logging.getLogger(__name__)


async def open_connections(
    path: Path, migrations: Sequence[Migration], busy_timeout_ms: int
) -> tuple[aiosqlite.Connection, aiosqlite.Connection]:
    """The writer and the reader connection of the file at path (created if need be), its
    schema brought up to date. Raises IncompatibleDatabase, leaving the file as it was, if it is
    corrupt, not a SQLite database, or from a newer bot."""
    make_parent_folders(path)
    db = await connect(path, busy_timeout_ms)
    try:
        await _prepare(db, path, migrations, busy_timeout_ms / 1000)
        reader = await _connect_reader(path, busy_timeout_ms)
    except BaseException:
        await db.close()
        raise
    return db, reader


def make_parent_folders(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotOpen(str(path), OpenStep.MAKE_FOLDER, str(exc.strerror)) from exc


async def connect(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    # isolation_level=None: sqlite3 opens no transactions of its own; we issue BEGIN/COMMIT.
    # timeout sets SQLite's busy timeout: how long to wait for another connection's lock.
    try:
        return await aiosqlite.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise CannotOpen(str(path), OpenStep.CONNECT, str(exc)) from exc


async def _connect_reader(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    reader = await connect(path, busy_timeout_ms)
    try:
        await reader.execute("PRAGMA query_only = 1")  # a read connection never writes
    except BaseException:
        await reader.close()
        raise
    return reader


async def _prepare(
    db: aiosqlite.Connection, path: Path, migrations: Sequence[Migration], patience_s: float
) -> None:
    known = migrations[-1].version if migrations else 0
    try:
        # Everything that could reveal an unusable file runs before the first write.
        await _refuse_unusable(db, path, known)
        await _configure(db, patience_s)
        await _migrate(db, migrations)
    except sqlite3.Error as exc:
        raise translate(exc, path, opening=True) from exc


async def _refuse_unusable(db: aiosqlite.Connection, path: Path, known: int) -> None:
    version, has_tables = await _version_and_tables(db)
    if version > known:
        raise DatabaseTooNew(str(path), version, known)
    if version == 0 and has_tables:
        raise ForeignDatabase(str(path), ENGINE)
    problems = tuple(row for (row,) in await db.execute_fetchall("PRAGMA quick_check"))
    if problems != ("ok",):
        raise FailedIntegrityCheck(str(path), ENGINE, problems)


async def _configure(db: aiosqlite.Connection, patience_s: float) -> None:
    # WAL lets readers carry on while one writer commits; with it, synchronous=NORMAL stays
    # corruption-safe and can only lose the last commits on power loss, not on a process crash.
    mode = await _switch_to_wal(db, patience_s)
    if mode != "wal":
        log.warning("SQLite kept journal mode %r instead of WAL for the rating store", mode)
    await db.execute("PRAGMA synchronous = NORMAL")
    await db.execute("PRAGMA foreign_keys = ON")


async def _switch_to_wal(db: aiosqlite.Connection, patience_s: float) -> str:
    """Set WAL mode, retrying while another process is doing the same to a new file.

    Switching journal modes needs an exclusive lock, and SQLite reports SQLITE_BUSY at once,
    without its busy handler, when two connections try it together; so we wait here instead,
    for as long as the busy timeout would have.
    """
    deadline = time.monotonic() + patience_s
    pause_s = 0.005
    while True:
        try:
            ((mode,),) = await db.execute_fetchall("PRAGMA journal_mode = WAL")
            return str(mode)
        except sqlite3.OperationalError as exc:
            if primary_code(exc) != SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(pause_s)
        pause_s = min(pause_s * 2, 0.1)


async def _migrate(db: aiosqlite.Connection, migrations: Sequence[Migration]) -> None:
    current = await _user_version(db)
    for migration in migrations:
        if migration.version > current:
            await _apply(db, migration)


async def _apply(db: aiosqlite.Connection, migration: Migration) -> None:
    await db.execute("BEGIN IMMEDIATE")
    try:
        # Another process opening the same file may have applied it while we waited for the lock.
        if await _user_version(db) >= migration.version:
            await db.execute("ROLLBACK")
            return
        for statement in migration.statements:
            await db.execute(statement)
        # PRAGMA values cannot be bound parameters; the version is an int parsed from a file name.
        await db.execute(f"PRAGMA user_version = {int(migration.version)}")
        await db.execute("COMMIT")
    except BaseException:
        await rollback_quietly(db)
        raise
    log.info("rating store: applied migration %04d_%s", migration.version, migration.name)


async def rollback_quietly(db: aiosqlite.Connection) -> None:
    """Roll back if a transaction is still open; SQLite may already have rolled it back itself
    (it does on some disk-full and I/O errors)."""
    if not db.in_transaction:
        return
    try:
        await db.execute("ROLLBACK")
    except sqlite3.Error:
        log.exception("rolling back a failed rating transaction failed")


async def _user_version(db: aiosqlite.Connection) -> int:
    ((version,),) = await db.execute_fetchall("PRAGMA user_version")
    return int(version)


async def _version_and_tables(db: aiosqlite.Connection) -> tuple[int, bool]:
    """The schema version and whether any table exists, read in one statement so that both come
    from the same snapshot even while another process is migrating the file."""
    ((version, has_tables),) = await db.execute_fetchall(
        # sqlite_master rather than its newer alias sqlite_schema: older SQLite builds lack it.
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " EXISTS (SELECT 1 FROM sqlite_master WHERE type = ? AND substr(name, 1, 7) != ?)",
        ("table", "sqlite_"),
    )
    return int(version), bool(has_tables)
