"""The rating store on one SQLite file, through aiosqlite. Every SQL statement of the store is here.

One aiosqlite connection runs on one worker thread, shared by every task of the bot. Each
transaction therefore holds an asyncio.Lock, or two tasks' statements would interleave inside one
transaction. Writes use BEGIN IMMEDIATE so that other processes on the same file (a second shard)
queue on SQLite's write lock, up to the busy timeout, instead of failing half-way through.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Literal, Self, TypeVar

import aiosqlite

from bot.store.base import (
    IncompatibleDatabase,
    RatingChange,
    RatingStore,
    ScoreSummary,
    StoreError,
    StoreUnavailable,
    validate_score,
    validate_snowflake,
    validate_target,
)
from bot.store.migrations import Migration, bundled_migrations

log = logging.getLogger(__name__)

T = TypeVar("T")
Work = Callable[[aiosqlite.Connection], Awaitable[T]]

# Primary SQLite result codes; exceptions carry extended codes, whose low byte is the primary one.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 11, 13, 26
_TRY_AGAIN_REASONS = {
    _SQLITE_BUSY: "it is locked by another process",
    _SQLITE_LOCKED: "it is locked",
    _SQLITE_READONLY: "it is read-only",
    _SQLITE_IOERR: "the disk reported an error",
    _SQLITE_FULL: "the disk or the database is full",
}
_UNUSABLE_CODES = frozenset({_SQLITE_CORRUPT, _SQLITE_NOTADB})
_NO_PAGE_LIMIT = 0xFFFFFFFE  # SQLite clamps this to its own largest page count

_UPSERT_RATING = """
    INSERT INTO ratings (guild_id, user_id, target, score, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id, target)
    DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at
"""
_UPSERT_SHOWN = """
    INSERT INTO last_shown (guild_id, user_id, target, shown_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET target = excluded.target, shown_at = excluded.shown_at
"""


class SQLiteRatingStore(RatingStore):
    """RatingStore on a SQLite file. Create it with ``await SQLiteRatingStore.open(path)``."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self._lock = asyncio.Lock()
        self._closed = False

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        busy_timeout_ms: int = 5000,
        migrations: Sequence[Migration] | None = None,
    ) -> Self:
        """Open (creating if needed) the database at path and bring its schema up to date.

        Raises IncompatibleDatabase, leaving the file as it was, if it is corrupt, not a SQLite
        database, or from a newer bot. ``migrations`` defaults to the ones shipped with the bot.
        """
        path = Path(path)
        _make_parent_folders(path)
        db = await _connect(path, busy_timeout_ms)
        try:
            chosen = bundled_migrations() if migrations is None else migrations
            await _prepare(db, path, chosen, busy_timeout_ms / 1000)
        except BaseException:
            await db.close()
            raise
        return cls(db, path)

    @property
    def path(self) -> Path:
        return self._path

    async def rate(self, guild_id: int, user_id: int, target: str, score: int) -> RatingChange:
        key = _checked_key(guild_id, user_id, target)
        score = validate_score(score)

        async def write(db: aiosqlite.Connection) -> RatingChange:
            previous = await _fetch_score(db, *key)
            now = _now()
            await db.execute(_UPSERT_RATING, (*key, score, now, now))
            return RatingChange(target, score, previous, await _fetch_summary(db, guild_id, target))

        return await self._transaction(write)

    async def summary(self, guild_id: int, target: str) -> ScoreSummary:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)
        return await self._read(lambda db: _fetch_summary(db, guild_id, target))

    async def summaries(self, guild_id: int) -> dict[str, ScoreSummary]:
        guild_id = validate_snowflake("guild_id", guild_id)
        return await self._read(lambda db: _fetch_summaries(db, guild_id))

    async def user_ratings(self, guild_id: int, user_id: int) -> dict[str, int]:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        rows = await self._read(
            lambda db: db.execute_fetchall(
                "SELECT target, score FROM ratings WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
        )
        return dict(rows)

    async def remember_shown(self, guild_id: int, user_id: int, target: str) -> None:
        key = _checked_key(guild_id, user_id, target)

        async def write(db: aiosqlite.Connection) -> None:
            await db.execute(_UPSERT_SHOWN, (*key, _now()))

        await self._transaction(write)

    async def last_shown(self, guild_id: int, user_id: int) -> str | None:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        rows = await self._read(
            lambda db: db.execute_fetchall(
                "SELECT target FROM last_shown WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
        )
        return next((target for (target,) in rows), None)

    async def close(self) -> None:
        # Taking the lock lets a transaction that is under way commit before the connection goes.
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            await self._db.close()

    async def _simulate_fault(self, fault: Literal["full", "read-only"] | None) -> None:
        """Test hook: make this connection's writes fail as on a full disk or a read-only file,
        or (None) clear the fault. Per-connection pragmas only: the file itself is never harmed.
        """

        async def apply(db: aiosqlite.Connection) -> None:
            (pages,) = next(iter(await db.execute_fetchall("PRAGMA page_count")))
            cap = pages if fault == "full" else _NO_PAGE_LIMIT
            # PRAGMA values cannot be bound parameters; both are ints we computed, not input.
            await db.execute(f"PRAGMA max_page_count = {int(cap)}")
            await db.execute(f"PRAGMA query_only = {int(fault == 'read-only')}")

        await self._read(apply)

    async def _transaction(self, work: Work[T]) -> T:
        # Shielded: a caller cancelled mid-way (an interaction that gave up) must not leave the
        # shared connection inside a half-done transaction for whoever comes next.
        return await asyncio.shield(self._run_transaction(work))

    async def _run_transaction(self, work: Work[T]) -> T:
        async with self._lock:
            self._ensure_open()
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                result = await work(self._db)
                await self._db.execute("COMMIT")
            except BaseException as exc:
                await _rollback_quietly(self._db)
                if isinstance(exc, sqlite3.Error):
                    raise _translate(exc) from exc
                raise
            return result

    async def _read(self, work: Work[T]) -> T:
        # Reads take the lock too: on the shared connection they would otherwise see another
        # task's uncommitted writes.
        async with self._lock:
            self._ensure_open()
            try:
                return await work(self._db)
            except sqlite3.Error as exc:
                raise _translate(exc) from exc

    def _ensure_open(self) -> None:
        if self._closed:
            raise StoreError("The rating store has been closed.")


def _checked_key(guild_id: int, user_id: int, target: str) -> tuple[int, int, str]:
    return (
        validate_snowflake("guild_id", guild_id),
        validate_snowflake("user_id", user_id),
        validate_target(target),
    )


def _now() -> int:
    return int(time.time())


async def _fetch_score(
    db: aiosqlite.Connection, guild_id: int, user_id: int, target: str
) -> int | None:
    rows = await db.execute_fetchall(
        "SELECT score FROM ratings WHERE guild_id = ? AND user_id = ? AND target = ?",
        (guild_id, user_id, target),
    )
    return next((score for (score,) in rows), None)


async def _fetch_summary(db: aiosqlite.Connection, guild_id: int, target: str) -> ScoreSummary:
    rows = await db.execute_fetchall(
        "SELECT score, COUNT(*) FROM ratings WHERE guild_id = ? AND target = ? GROUP BY score",
        (guild_id, target),
    )
    return ScoreSummary.from_counts(target, dict(rows))


async def _fetch_summaries(db: aiosqlite.Connection, guild_id: int) -> dict[str, ScoreSummary]:
    rows = await db.execute_fetchall(
        "SELECT target, score, COUNT(*) FROM ratings WHERE guild_id = ? GROUP BY target, score",
        (guild_id,),
    )
    counts: dict[str, dict[int, int]] = {}
    for target, score, count in rows:
        counts.setdefault(target, {})[score] = count
    return {target: ScoreSummary.from_counts(target, c) for target, c in counts.items()}


async def _rollback_quietly(db: aiosqlite.Connection) -> None:
    """Roll back if a transaction is still open; SQLite may already have rolled it back itself
    (it does on some disk-full and I/O errors)."""
    if not db.in_transaction:
        return
    try:
        await db.execute("ROLLBACK")
    except sqlite3.Error:
        log.exception("rolling back a failed rating transaction failed")


def _translate(exc: sqlite3.Error) -> StoreError:
    """The StoreError a caller should see for a SQLite failure."""
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if code in _TRY_AGAIN_REASONS:
        return StoreUnavailable(
            f"Couldn't reach the rating database right now ({_TRY_AGAIN_REASONS[code]}). "
            "Try again in a moment."
        )
    if code in _UNUSABLE_CODES:
        return IncompatibleDatabase(f"The rating database is damaged or not a database ({exc}).")
    name = getattr(exc, "sqlite_errorname", type(exc).__name__)
    return StoreError(f"The rating database failed unexpectedly ({name}).")


# --- opening ------------------------------------------------------------------------------------


def _make_parent_folders(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Can't create the folder for {path}: {exc.strerror}.") from exc


async def _connect(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    # isolation_level=None: sqlite3 opens no transactions of its own; we issue BEGIN/COMMIT.
    # timeout sets SQLite's busy timeout: how long to wait for another connection's lock.
    try:
        return await aiosqlite.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"Can't open the rating database {path} ({exc}).") from exc


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
        raise _opening_error(exc, path) from exc


async def _refuse_unusable(db: aiosqlite.Connection, path: Path, known: int) -> None:
    version, has_tables = await _version_and_tables(db)
    if version > known:
        raise IncompatibleDatabase(
            f"{path} has schema version {version}, but this bot only knows versions up to "
            f"{known}. It was left untouched: upgrade the bot or point DATABASE_PATH elsewhere."
        )
    if version == 0 and has_tables:
        raise IncompatibleDatabase(
            f"{path} is a SQLite database of something else (it has tables but no rating schema). "
            "It was left untouched: point DATABASE_PATH elsewhere."
        )
    problems = [row for (row,) in await db.execute_fetchall("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise IncompatibleDatabase(
            f"{path} failed SQLite's integrity check ({_first_problems(problems)}). It was left "
            "untouched: restore it from a backup or point DATABASE_PATH elsewhere."
        )


def _first_problems(problems: list[str], limit: int = 300) -> str:
    summary = "; ".join(" ".join(problem.split()) for problem in problems)
    return summary if len(summary) <= limit else summary[: limit - 1] + "…"


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
            if exc.sqlite_errorcode & 0xFF != _SQLITE_BUSY or time.monotonic() >= deadline:
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
        await _rollback_quietly(db)
        raise
    log.info("rating store: applied migration %04d_%s", migration.version, migration.name)


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


def _opening_error(exc: sqlite3.Error, path: Path) -> StoreError:
    error = _translate(exc)
    if isinstance(error, IncompatibleDatabase):
        return IncompatibleDatabase(
            f"{path} is not a usable SQLite database ({exc}). It was left untouched: restore it "
            "from a backup or point DATABASE_PATH elsewhere."
        )
    return error
