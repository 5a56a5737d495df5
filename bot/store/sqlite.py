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
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, Self, TypeVar

import aiosqlite

from bot.store.base import (
    KEEP,
    MAX_PAGE_SIZE,
    GuildSettings,
    IncompatibleDatabase,
    MemberRating,
    MemberReview,
    NoReviewToMark,
    RatingChange,
    RatingStore,
    ReviewOrder,
    ReviewPage,
    ScoreSummary,
    StoreError,
    StoreUnavailable,
    _Keep,
    validate_command_name,
    validate_cooldown,
    validate_count,
    validate_display_name,
    validate_order,
    validate_review,
    validate_score,
    validate_snowflake,
    validate_target,
    validate_walk_id,
)
from bot.store.migrations import Migration, bundled_migrations
from bot.store.reads import GuildReadCache

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
# A changed review is written as a new row: REPLACE deletes the old one first, so the review
# gets the table's next rowid, and reviews written in the same second sort newest written first
# (see 0005). created_at is carried over from the row replaced; updated_at says when the words
# or the flag changed. Parameters: guild_id, user_id, target, text, spoiler, now.
_WRITE_REVIEW = """
    INSERT OR REPLACE INTO reviews
        (guild_id, user_id, target, text, spoiler, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, COALESCE(
        (SELECT created_at FROM reviews WHERE guild_id = ?1 AND user_id = ?2 AND target = ?3), ?6
    ), ?6)
"""
_DELETE_REVIEW = "DELETE FROM reviews WHERE guild_id = ? AND user_id = ? AND target = ?"
_UPSERT_MEMBER = """
    INSERT INTO members (guild_id, user_id, display_name, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at
"""

# A review with its score and the name that credits it. The ratings join is by primary key;
# members is optional (a member who reviewed before the bot learnt their name shows as None).
_REVIEWS_SELECT = """
    SELECT r.user_id, r.target, s.score, r.text, r.spoiler, m.display_name, r.updated_at
    FROM reviews AS r
    JOIN ratings AS s
        ON s.guild_id = r.guild_id AND s.user_id = r.user_id AND s.target = r.target
    LEFT JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
"""
# Every order ends in the rowid, unique and larger for every review written later: within one
# second the newest written comes first, and the order is total, so OFFSET paging neither repeats
# nor skips a review between pages.
# The same, with the target's review count on every row (its own two parameters come first).
_REVIEWS_SELECT_WITH_TOTAL = """
    SELECT r.user_id, r.target, s.score, r.text, r.spoiler, m.display_name, r.updated_at,
        (SELECT COUNT(*) FROM reviews WHERE guild_id = ? AND target = ?) AS total
    FROM reviews AS r
    JOIN ratings AS s
        ON s.guild_id = r.guild_id AND s.user_id = r.user_id AND s.target = r.target
    LEFT JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
"""
_TARGET_REVIEWS: dict[ReviewOrder, str] = {
    "newest": _REVIEWS_SELECT_WITH_TOTAL
    + """
    WHERE r.guild_id = ? AND r.target = ?
    ORDER BY r.updated_at DESC, r.rowid DESC
    LIMIT ? OFFSET ?
""",
    "highest": _REVIEWS_SELECT_WITH_TOTAL
    + """
    WHERE r.guild_id = ? AND r.target = ?
    ORDER BY s.score DESC, r.updated_at DESC, r.rowid DESC
    LIMIT ? OFFSET ?
""",
}
_COUNT_TARGET_REVIEWS = "SELECT COUNT(*) FROM reviews WHERE guild_id = ? AND target = ?"
_MEMBER_REVIEWS = (
    _REVIEWS_SELECT
    + """
    WHERE r.guild_id = ? AND r.user_id = ?
    ORDER BY r.updated_at DESC, r.rowid DESC
"""
)
_MEMBER_EXPORT = """
    SELECT s.target, s.score, r.text, COALESCE(r.spoiler, 0), s.created_at, s.updated_at
    FROM ratings AS s
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    WHERE s.guild_id = ? AND s.user_id = ?
    ORDER BY s.target
"""

# Forgetting deletes reviews before ratings: the cascade would take them anyway, but deleting
# them first is how we learn how many there were. One statement per table, the table names are
# the store's own, so that every value is a bound parameter.
_MEMBER_TABLES = ("reviews", "ratings", "last_shown", "pick_walks", "members")
_FORGET_MEMBER: tuple[tuple[str, str], ...] = tuple(
    (table, f"DELETE FROM {table} WHERE guild_id = ? AND user_id = ?")  # noqa: S608
    for table in _MEMBER_TABLES
)
# What forgetting a member would delete, counted in one statement (one consistent state).
_HELD_ABOUT_MEMBER = "SELECT " + ", ".join(  # noqa: S608
    f"(SELECT COUNT(*) FROM {table} WHERE guild_id = ?1 AND user_id = ?2)"  # noqa: S608
    for table in _MEMBER_TABLES
)
_HELD_KINDS = _MEMBER_TABLES
_FORGET_GUILD: tuple[tuple[str, str], ...] = (
    ("reviews", "DELETE FROM reviews WHERE guild_id = ?"),
    ("ratings", "DELETE FROM ratings WHERE guild_id = ?"),
    ("last_shown", "DELETE FROM last_shown WHERE guild_id = ?"),
    ("pick_walks", "DELETE FROM pick_walks WHERE guild_id = ?"),
    ("members", "DELETE FROM members WHERE guild_id = ?"),
    ("settings", "DELETE FROM guild_settings WHERE guild_id = ?"),
    ("cooldowns", "DELETE FROM cooldowns WHERE guild_id = ?"),
)

_UPSERT_REVIEWS_ENABLED = """
    INSERT INTO guild_settings (guild_id, reviews_enabled, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (guild_id)
    DO UPDATE SET reviews_enabled = excluded.reviews_enabled, updated_at = excluded.updated_at
"""
_UPSERT_COOLDOWN = """
    INSERT INTO cooldowns (guild_id, command, seconds) VALUES (?, ?, ?)
    ON CONFLICT (guild_id, command) DO UPDATE SET seconds = excluded.seconds
"""

# A NULL name marks the reviews flag; every other row is a cooldown (command names are never NULL).
_SETTINGS = """
    SELECT NULL, reviews_enabled FROM guild_settings WHERE guild_id = ?
    UNION ALL
    SELECT command, seconds FROM cooldowns WHERE guild_id = ?
"""
# How long a server's settings, score counts and review pages are served from memory. Nearly
# every command reads them, so a short cache saves database round trips; this process's own
# changes apply at once, another process's (an admin's console on the same file) within this
# many seconds. A server is only ever served by one shard, so shards don't see each other's.
CACHE_SECONDS = 5.0
# Read-cache keys: a server's ("summaries",), ("summary", target), ("reviews", target, order, ...)
# and ("settings",). Writes to ratings, reviews or names change all but the settings.
_SUMMARIES = ("summaries",)
_SETTINGS_KEY = ("settings",)
_RATINGS_KINDS = ("summaries", "summary", "reviews")

_WALKED = "SELECT couple FROM pick_walks WHERE guild_id = ? AND user_id = ? AND walk = ?"
_RESTART_WALK = "DELETE FROM pick_walks WHERE guild_id = ? AND user_id = ? AND walk = ?"
_WALK_ON = """
    INSERT INTO pick_walks (guild_id, user_id, walk, couple, shown_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id, walk, couple) DO UPDATE SET shown_at = excluded.shown_at
"""

_UPSERT_SHOWN = """
    INSERT INTO last_shown (guild_id, user_id, target, shown_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET target = excluded.target, shown_at = excluded.shown_at
"""


class SQLiteRatingStore(RatingStore):
    """RatingStore on a SQLite file. Create it with ``await SQLiteRatingStore.open(path)``."""

    def __init__(
        self,
        db: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        path: Path,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self._db = db  # writes, one transaction at a time under _lock
        self._reader = reader  # reads: WAL lets them run beside a write, seeing committed data
        self._path = path
        self._clock = clock or _now
        self._lock = asyncio.Lock()
        self._closed = False
        self._queued_rates: list[_PendingRate] = []  # rate() calls waiting for the next batch
        self._queued_shown: list[_PendingShown] = []  # remember_shown() calls, likewise
        self._reads = GuildReadCache(CACHE_SECONDS)  # settings, score counts and review pages

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        busy_timeout_ms: int = 5000,
        migrations: Sequence[Migration] | None = None,
        clock: Callable[[], int] | None = None,
    ) -> Self:
        """Open (creating if needed) the database at path and bring its schema up to date.

        Raises IncompatibleDatabase, leaving the file as it was, if it is corrupt, not a SQLite
        database, or from a newer bot. ``migrations`` defaults to the ones shipped with the bot;
        ``clock`` (unix seconds, for the stored times) to the system clock.
        """
        path = Path(path)
        _make_parent_folders(path)
        db = await _connect(path, busy_timeout_ms)
        try:
            chosen = bundled_migrations() if migrations is None else migrations
            await _prepare(db, path, chosen, busy_timeout_ms / 1000)
            reader = await _connect_reader(path, busy_timeout_ms)
        except BaseException:
            await db.close()
            raise
        return cls(db, reader, path, clock)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def cache_seconds(self) -> float:
        """How long settings, score counts and review pages read from the file are served from
        memory: how soon another process's changes show here (this process's show at once)."""
        return self._reads.lifetime

    @cache_seconds.setter
    def cache_seconds(self, seconds: float) -> None:
        self._reads.set_lifetime(seconds)

    async def rate(
        self,
        guild_id: int,
        user_id: int,
        target: str,
        score: int,
        *,
        review: str | _Keep | None = KEEP,
        spoiler: bool | _Keep = KEEP,
        display_name: str | None = None,
    ) -> RatingChange:
        key = _checked_key(guild_id, user_id, target)
        score = validate_score(score)
        wanted = _ReviewEdit(
            text=review if review is KEEP or review is None else validate_review(review),
            spoiler=spoiler if spoiler is KEEP else _checked_flag("spoiler", spoiler),
        )
        if wanted.text is None and wanted.spoiler is not KEEP:
            raise NoReviewToMark("A review being removed can't be marked as a spoiler.")
        name = None if display_name is None else validate_display_name(display_name)
        pending = _PendingRate(key, score, wanted, name, asyncio.get_running_loop().create_future())
        return await self._group_commit(
            self._queued_rates,
            pending,
            lambda db, batch: _write_rates(db, batch, self._clock()),
            settled=self._keep_summaries_current,
        )

    async def _group_commit(
        self,
        queue: list[Pending],
        mine: Pending,
        write: Callable[[aiosqlite.Connection, list[Pending]], Awaitable[list[Any]]],
        settled: Callable[[list[Pending], list[Any]], None] | None = None,
    ) -> Any:
        """Queue mine and wait until it is written: whoever gets the lock writes every call
        queued by then in one transaction, and each caller learns its outcome only once that
        transaction committed (`settled` sees the batch first)."""
        queue.append(mine)
        # Shielded like every transaction: a caller that gives up must not abort the others' batch.
        await asyncio.shield(self._commit_queue(queue, mine, write, settled))
        return mine.outcome.result()

    async def _commit_queue(
        self,
        queue: list[Pending],
        mine: Pending,
        write: Callable[[aiosqlite.Connection, list[Pending]], Awaitable[list[Any]]],
        settled: Callable[[list[Pending], list[Any]], None] | None,
    ) -> None:
        async with self._lock:
            if mine.outcome.done():
                return  # an earlier caller's batch took ours along, and it is on disk
            batch = queue.copy()
            queue.clear()
            try:
                results = await self._in_transaction(lambda db: write(db, batch), "BEGIN IMMEDIATE")
            except BaseException as exc:
                for pending in batch:
                    pending.outcome.set_exception(_copy_error(exc))
                    pending.outcome.exception()  # retrieved: a cancelled caller never reads it
            else:
                if settled is not None:
                    settled(batch, results)
                for pending, result in zip(batch, results, strict=True):
                    if isinstance(result, BaseException):  # this call alone was refused
                        pending.outcome.set_exception(result)
                        pending.outcome.exception()  # retrieved, as above
                    else:
                        pending.outcome.set_result(result)

    def _keep_summaries_current(
        self, batch: list[_PendingRate], changes: list[RatingChange | NoReviewToMark]
    ) -> None:
        """After a batch of ratings: the score counts kept in memory take the new summaries (each
        is what the transaction left), and review pages are read afresh (a review or the name of
        a reviewer may have changed)."""
        every_target = {}
        for guild_id in {pending.key[0] for pending in batch}:
            every_target[guild_id] = self._reads.get(guild_id, _SUMMARIES)
            self._reads.changed(guild_id, ("reviews", "summaries"))
        for pending, change in zip(batch, changes, strict=True):  # in order: the last one stays
            if isinstance(change, NoReviewToMark):
                continue  # refused: nothing of it was written
            guild_id = pending.key[0]
            self._reads.put(guild_id, ("summary", change.target), change.summary)
            if every_target[guild_id] is not None:
                every_target[guild_id][change.target] = change.summary
        for guild_id, summaries in every_target.items():
            if summaries is not None:
                self._reads.put(guild_id, _SUMMARIES, summaries)

    async def summary(self, guild_id: int, target: str) -> ScoreSummary:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)
        return await self._cached_read(
            guild_id, ("summary", target), lambda db: _fetch_summary(db, guild_id, target)
        )

    async def summaries(self, guild_id: int) -> dict[str, ScoreSummary]:
        guild_id = validate_snowflake("guild_id", guild_id)
        every_target = await self._cached_read(
            guild_id, _SUMMARIES, lambda db: _fetch_summaries(db, guild_id)
        )
        return dict(every_target)  # a copy: the one kept in memory is updated as ratings come

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
        pending = _PendingShown((*key, _now()), asyncio.get_running_loop().create_future())
        # Every /couple and /recommend notes what it showed: notes that arrive together are
        # written together, in one transaction, like ratings.
        await self._group_commit(self._queued_shown, pending, _write_shown)

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

    async def walked(self, guild_id: int, user_id: int, walk: str) -> frozenset[str]:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        walk = validate_walk_id("walk", walk, empty_ok=True)
        rows = await self._read(lambda db: db.execute_fetchall(_WALKED, (guild_id, user_id, walk)))
        return frozenset(couple for (couple,) in rows)

    async def walk_on(
        self, guild_id: int, user_id: int, walk: str, couple_ids: tuple[str, ...], *, restart: bool
    ) -> None:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        walk = validate_walk_id("walk", walk, empty_ok=True)
        couples = [validate_walk_id("couple", couple) for couple in couple_ids]
        now = self._clock()

        async def write(db: aiosqlite.Connection) -> None:
            if restart:
                await db.execute(_RESTART_WALK, (guild_id, user_id, walk))
            await db.executemany(
                _WALK_ON, [(guild_id, user_id, walk, couple, now) for couple in couples]
            )

        await self._transaction(write)

    async def remember_member(self, guild_id: int, user_id: int, display_name: str) -> None:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        name = validate_display_name(display_name)

        async def write(db: aiosqlite.Connection) -> None:
            await db.execute(_UPSERT_MEMBER, (guild_id, user_id, name, self._clock()))

        await self._transaction(write, changes=guild_id)

    async def reviews(
        self,
        guild_id: int,
        target: str,
        *,
        order: ReviewOrder = "newest",
        offset: int = 0,
        limit: int = 5,
    ) -> ReviewPage:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)
        query = _TARGET_REVIEWS[validate_order(order)]
        offset = validate_count("offset", offset, 0, 2**62)
        limit = validate_count("limit", limit, 1, MAX_PAGE_SIZE)

        async def read(db: aiosqlite.Connection) -> ReviewPage:
            # The page carries the count in each row: one statement, one consistent state, so
            # "page 2 of 3" matches what is listed. Only a page past the end asks again.
            rows = await db.execute_fetchall(
                query, (guild_id, target, guild_id, target, limit, offset)
            )
            if rows:
                total = rows[0][-1]
            else:
                ((total,),) = await db.execute_fetchall(_COUNT_TARGET_REVIEWS, (guild_id, target))
            page = tuple(_member_review(row[:-1]) for row in rows)  # the last column is the total
            return ReviewPage(page, int(total), offset)

        return await self._cached_read(guild_id, ("reviews", target, order, offset, limit), read)

    async def member_reviews(self, guild_id: int, user_id: int) -> list[MemberReview]:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        rows = await self._read(
            lambda db: db.execute_fetchall(_MEMBER_REVIEWS, (guild_id, user_id))
        )
        return [_member_review(row) for row in rows]

    async def member_export(self, guild_id: int, user_id: int) -> list[MemberRating]:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        rows = await self._read(lambda db: db.execute_fetchall(_MEMBER_EXPORT, (guild_id, user_id)))
        return [
            MemberRating(target, score, text, bool(spoiler), created_at, updated_at)
            for target, score, text, spoiler, created_at, updated_at in rows
        ]

    async def remove_review(self, guild_id: int, user_id: int, target: str) -> bool:
        key = _checked_key(guild_id, user_id, target)

        async def write(db: aiosqlite.Connection) -> bool:
            cursor = await db.execute(_DELETE_REVIEW, key)
            return cursor.rowcount > 0

        return await self._transaction(write, changes=guild_id)

    async def reset_target(self, guild_id: int, target: str) -> int:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)

        async def write(db: aiosqlite.Connection) -> int:
            # The reviews of these ratings go with them (ON DELETE CASCADE).
            cursor = await db.execute(
                "DELETE FROM ratings WHERE guild_id = ? AND target = ?", (guild_id, target)
            )
            return cursor.rowcount

        return await self._transaction(write, changes=guild_id)

    async def held_about_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        ((*counts,),) = await self._read(
            lambda db: db.execute_fetchall(_HELD_ABOUT_MEMBER, (guild_id, user_id))
        )
        return dict(zip(_HELD_KINDS, counts, strict=True))

    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        guild_id = validate_snowflake("guild_id", guild_id)
        user_id = validate_snowflake("user_id", user_id)
        return await self._transaction(
            lambda db: _delete_counting(db, _FORGET_MEMBER, (guild_id, user_id)), changes=guild_id
        )

    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        guild_id = validate_snowflake("guild_id", guild_id)
        deleted = await self._transaction(
            lambda db: _delete_counting(db, _FORGET_GUILD, (guild_id,)), changes=guild_id
        )
        self._reads.forget(guild_id)
        return deleted

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        return await self._cached_read(
            guild_id, _SETTINGS_KEY, lambda db: _fetch_settings(db, guild_id)
        )

    def _keep_settings(self, guild_id: int, settings: GuildSettings) -> GuildSettings:
        self._reads.put(guild_id, _SETTINGS_KEY, settings)  # read back in the write's transaction
        return settings

    async def set_reviews_enabled(self, guild_id: int, enabled: bool) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        enabled = _checked_flag("enabled", enabled)

        async def write(db: aiosqlite.Connection) -> GuildSettings:
            await db.execute(_UPSERT_REVIEWS_ENABLED, (guild_id, int(enabled), self._clock()))
            return await _fetch_settings(db, guild_id)

        return self._keep_settings(guild_id, await self._transaction(write))

    async def set_cooldown(self, guild_id: int, command: str, seconds: int) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        command = validate_command_name(command)
        seconds = validate_cooldown(seconds)

        async def write(db: aiosqlite.Connection) -> GuildSettings:
            await db.execute(_UPSERT_COOLDOWN, (guild_id, command, seconds))
            return await _fetch_settings(db, guild_id)

        return self._keep_settings(guild_id, await self._transaction(write))

    async def close(self) -> None:
        # Taking the lock lets a transaction that is under way commit before the connection goes.
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            await self._reader.close()
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

        async with self._lock:
            await apply(self._db)

    async def _transaction(self, work: Work[T], *, changes: int | None = None) -> T:
        """Run work in a write transaction; `changes` names the server whose reads it changes."""
        # Shielded: a caller cancelled mid-way (an interaction that gave up) must not leave the
        # shared connection inside a half-done transaction for whoever comes next.
        return await asyncio.shield(self._run_transaction(work, "BEGIN IMMEDIATE", changes))

    async def _run_transaction(self, work: Work[T], begin: str, changes: int | None) -> T:
        async with self._lock:
            try:
                return await self._in_transaction(work, begin)
            finally:
                if changes is not None:  # also after a failure: whatever was read stays true
                    self._reads.changed(changes, _RATINGS_KINDS)

    async def _in_transaction(self, work: Work[T], begin: str) -> T:
        """Run work in one transaction; the caller holds the lock."""
        self._ensure_open()
        try:
            await self._db.execute(begin)
            result = await work(self._db)
            await self._db.execute("COMMIT")
        except BaseException as exc:
            await _rollback_quietly(self._db)
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc) from exc
            raise
        return result

    async def _read(self, work: Work[T]) -> T:
        # On their own connection reads never wait for a write transaction, nor see one half
        # done. Each read is one statement, so each sees one consistent state of the file.
        self._ensure_open()
        try:
            return await work(self._reader)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    async def _cached_read(self, guild_id: int, key: tuple[object, ...], work: Work[T]) -> T:
        """A read of one server's data, shared with whoever asks the same meanwhile (see reads)."""
        try:
            return await self._reads.read(guild_id, key, lambda: self._read(work))
        except StoreError as exc:
            raise _copy_error(exc) from exc.__cause__  # each caller its own, as with batches

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


def _checked_flag(name: str, value: object) -> bool:
    """A yes/no from the bot's own code (a slash option, a button); anything else is a bug."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


class _StoredReview(NamedTuple):
    text: str
    spoiler: bool


class _ReviewEdit(NamedTuple):
    """What a rate() call asks of the member's review: KEEP, delete (None) or new text, and
    KEEP or a new spoiler flag."""

    text: str | _Keep | None
    spoiler: bool | _Keep

    def applied_to(self, before: _StoredReview | None) -> _StoredReview | None:
        """The review after this edit; NoReviewToMark for a flag with no review to go on."""
        if self.text is None:
            return None
        if self.text is not KEEP:
            # A flag belongs to the words it came with: new words without one are no spoiler.
            return _StoredReview(self.text, self.spoiler is True)
        if before is None:
            if self.spoiler is not KEEP:
                raise NoReviewToMark("There is no review to mark or unmark as a spoiler.")
            return None
        if self.spoiler is KEEP:
            return before
        return _StoredReview(before.text, self.spoiler)


class _PendingRate(NamedTuple):
    """One rate() call waiting for its batch: what to write, and where its outcome goes."""

    key: tuple[int, int, str]
    score: int
    wanted: _ReviewEdit
    name: str | None
    outcome: asyncio.Future[RatingChange]


class _PendingShown(NamedTuple):
    row: tuple[int, int, str, int]  # guild_id, user_id, target, shown_at
    outcome: asyncio.Future[None]


Pending = TypeVar("Pending", _PendingRate, _PendingShown)  # a call waiting in a group commit


async def _write_shown(db: aiosqlite.Connection, batch: list[_PendingShown]) -> list[None]:
    await db.executemany(_UPSERT_SHOWN, [pending.row for pending in batch])
    return [None] * len(batch)


_BATCH_KEYS = 300  # keys per lookup statement: 3 parameters each, far below SQLite's limit
# Everything a batch of ratings needs to know, in one statement (one round trip to aiosqlite's
# thread): each key's current score and review, the vote counts of each (guild, target), and each
# member's stored name. Rows are told apart by their first column.
_BEFORE_RATES = """
    WITH wanted (guild_id, user_id, target) AS (VALUES {rows})
    SELECT 'rating', s.guild_id, s.user_id, s.target, s.score, r.text, r.spoiler
    FROM wanted
    JOIN ratings AS s
        ON s.guild_id = wanted.guild_id AND s.user_id = wanted.user_id
        AND s.target = wanted.target
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    UNION ALL
    SELECT 'votes', c.guild_id, NULL, c.target, c.score, c.votes, NULL
    FROM (SELECT DISTINCT guild_id, target FROM wanted) AS w
    JOIN score_counts AS c ON c.guild_id = w.guild_id AND c.target = w.target
    UNION ALL
    SELECT 'name', m.guild_id, m.user_id, NULL, NULL, m.display_name, NULL
    FROM (SELECT DISTINCT guild_id, user_id FROM wanted) AS w
    JOIN members AS m ON m.guild_id = w.guild_id AND m.user_id = w.user_id
"""


async def _write_rates(
    db: aiosqlite.Connection, batch: list[_PendingRate], now: int
) -> list[RatingChange | NoReviewToMark]:
    """Write a batch of ratings as if one after another, in a few statements in all.

    What each caller is told (its previous score and review, the summary right after its write,
    or why its call was refused) is worked out in order from the rows as they were when the
    transaction began; the writes are each key's final state, which is what writing them one by
    one would have left. A refused call writes nothing and leaves the others to go ahead.
    """
    state = await _read_before_rates(db, list(dict.fromkeys(p.key for p in batch)))
    stored_names = dict(state.names)
    outcomes, written = _apply_in_order(batch, state)
    await db.executemany(
        _UPSERT_RATING, [(*key, state.scores[key], now, now) for key in written.rated]
    )
    # In the order of their last edit in the batch, so each review's rowid says when it was written.
    edited = sorted(written.reviews, key=written.reviews.__getitem__)
    kept = [(key, review) for key in edited if (review := state.reviews[key]) is not None]
    gone = [key for key in edited if state.reviews[key] is None]
    if kept:
        await db.executemany(
            _WRITE_REVIEW, [(*key, review.text, int(review.spoiler), now) for key, review in kept]
        )
    if gone:
        await db.executemany(_DELETE_REVIEW, gone)
    # A name is written when it changed, not with every rating.
    renamed = [
        (*member, name, now)
        for member, name in state.names.items()
        if stored_names.get(member) != name
    ]
    if renamed:
        await db.executemany(_UPSERT_MEMBER, renamed)
    return outcomes


class _RatesState(NamedTuple):
    """What a batch of ratings reads, then changes in memory as each call is applied."""

    scores: dict[tuple[int, int, str], int]
    reviews: dict[tuple[int, int, str], _StoredReview | None]
    counts: dict[tuple[int, str], dict[int, int]]  # (guild, target): {score: how many gave it}
    names: dict[tuple[int, int], str]  # (guild, member): the name that credits their reviews


class _Written(NamedTuple):
    rated: dict[tuple[int, int, str], None]  # keys whose score is written, in order
    reviews: dict[tuple[int, int, str], int]  # keys whose review changed: its last edit's place


async def _read_before_rates(
    db: aiosqlite.Connection, keys: list[tuple[int, int, str]]
) -> _RatesState:
    state = _RatesState({}, {}, {}, {})
    for chunk in _chunks(keys):
        query = _BEFORE_RATES.format(rows=", ".join("(?, ?, ?)" for _ in chunk))
        rows = await db.execute_fetchall(query, [v for key in chunk for v in key])
        for kind, guild_id, user_id, target, number, text, spoiler in rows:
            if kind == "rating":
                state.scores[(guild_id, user_id, target)] = number
                stored = None if text is None else _StoredReview(text, bool(spoiler))
                state.reviews[(guild_id, user_id, target)] = stored
            elif kind == "votes":  # number: a score; text: how many gave it
                state.counts.setdefault((guild_id, target), {})[number] = text
            else:
                state.names[(guild_id, user_id)] = text
    return state


def _apply_in_order(
    batch: list[_PendingRate], state: _RatesState
) -> tuple[list[RatingChange | NoReviewToMark], _Written]:
    """Each call's outcome, applying the calls to `state` one after another."""
    outcomes: list[RatingChange | NoReviewToMark] = []
    written = _Written({}, {})
    for place, pending in enumerate(batch):
        key, score = pending.key, pending.score
        previous, before = state.scores.get(key), state.reviews.get(key)
        try:
            after = pending.wanted.applied_to(before)
        except NoReviewToMark as refusal:
            outcomes.append(refusal)
            continue
        tally = state.counts.setdefault((key[0], key[2]), {})
        if previous is not None:
            tally[previous] -= 1
        tally[score] = tally.get(score, 0) + 1
        state.scores[key], state.reviews[key] = score, after
        written.rated.setdefault(key)
        if after != before:
            written.reviews[key] = place
        if pending.name is not None:
            state.names[(key[0], key[1])] = pending.name
        summary = ScoreSummary.from_counts(key[2], {s: n for s, n in tally.items() if n})
        outcomes.append(_rating_change(key[2], score, previous, summary, before, after))
    return outcomes, written


def _chunks(items: list[T]) -> list[list[T]]:
    return [items[i : i + _BATCH_KEYS] for i in range(0, len(items), _BATCH_KEYS)]


def _copy_error(exc: BaseException) -> BaseException:
    """The batch's failure for one caller: a StoreError of its own, so tracebacks don't pile up
    on one shared exception object."""
    if isinstance(exc, StoreError):
        copy = type(exc)(*exc.args)
        copy.__cause__ = exc.__cause__
        return copy
    return exc


def _rating_change(
    target: str,
    score: int,
    previous: int | None,
    summary: ScoreSummary,
    before: _StoredReview | None,
    after: _StoredReview | None,
) -> RatingChange:
    return RatingChange(
        target,
        score,
        previous,
        summary,
        review=after.text if after else None,
        previous_review=before.text if before else None,
        review_changed=after != before,
        spoiler=after.spoiler if after else False,
    )


def _member_review(row: sqlite3.Row) -> MemberReview:
    """A row of _REVIEWS_SELECT as a MemberReview."""
    user_id, target, score, text, spoiler, display_name, updated_at = row
    return MemberReview(user_id, target, score, text, bool(spoiler), display_name, updated_at)


async def _delete_counting(
    db: aiosqlite.Connection, deletes: Sequence[tuple[str, str]], params: tuple[int, ...]
) -> dict[str, int]:
    """Run each (kind, DELETE statement) with params; how many rows each removed."""
    counts: dict[str, int] = {}
    for kind, statement in deletes:
        cursor = await db.execute(statement, params)
        counts[kind] = cursor.rowcount
    return counts


async def _fetch_settings(db: aiosqlite.Connection, guild_id: int) -> GuildSettings:
    # One statement reads one consistent state of both tables, with no transaction round trips.
    rows = await db.execute_fetchall(_SETTINGS, (guild_id, guild_id))
    enabled = next((bool(value) for name, value in rows if name is None), True)
    cooldowns = sorted((name, value) for name, value in rows if name is not None)
    return GuildSettings(reviews_enabled=enabled, cooldowns=MappingProxyType(dict(cooldowns)))


async def _fetch_summary(db: aiosqlite.Connection, guild_id: int, target: str) -> ScoreSummary:
    rows = await db.execute_fetchall(
        # score_counts (0003) holds the counts, kept by triggers: a few rows however many voted.
        "SELECT score, votes FROM score_counts WHERE guild_id = ? AND target = ?",
        (guild_id, target),
    )
    return ScoreSummary.from_counts(target, dict(rows))


async def _fetch_summaries(db: aiosqlite.Connection, guild_id: int) -> dict[str, ScoreSummary]:
    rows = await db.execute_fetchall(
        "SELECT target, score, votes FROM score_counts WHERE guild_id = ?",
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


async def _connect_reader(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    reader = await _connect(path, busy_timeout_ms)
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
