"""The store's backend on one SQLite file, through aiosqlite: its statements and their errors.

Two aiosqlite connections, each on a worker thread of its own, shared by every task of the bot:
one writes, one reads. WAL lets the reader run beside a write, seeing committed data only. The
writer runs one transaction at a time under an asyncio.Lock, or two tasks' statements would
interleave inside one transaction. Writes use BEGIN IMMEDIATE so that other processes on the same
file (a second shard) queue on SQLite's write lock, up to the busy timeout, instead of failing
half-way through.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

import aiosqlite

from bot.store.backend import (
    SHOWN_PER_STATEMENT,
    Backend,
    Counts,
    MemberKey,
    RatesBefore,
    RatingKey,
    ReviewRow,
    StoredReview,
    Transaction,
    chunks,
    merged_counts,
)
from bot.store.errors import StoreClosed
from bot.store.rows import (
    by_kind,
    guild_export_of,
    member_rating,
    member_review,
    review_page,
    settings_of,
)
from bot.store.snapshot import Cursor, Row, SnapshotPage, SnapshotTable, canonical
from bot.store.sqlite import sql
from bot.store.sqlite.errors import translate
from bot.store.sqlite.in_use import InUse
from bot.store.sqlite.opening import connect, rollback_quietly
from bot.store.values import (
    GUILD_KINDS,
    MEMBER_KINDS,
    GuildExport,
    GuildSettings,
    MemberRating,
    MemberReview,
    ReviewOrder,
    ReviewPage,
)

_NO_PAGE_LIMIT = 0xFFFFFFFE  # SQLite clamps this to its own largest page count
_PROBE_PATIENCE_MS = 250  # how long a health probe waits for another connection's write lock


class SQLiteBackend(Backend):
    def __init__(
        self,
        db: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        path: Path,
        in_use: InUse | None = None,
    ) -> None:
        self._db = db  # writes, one transaction at a time under _lock
        self._reader = reader
        self._path = path
        self._in_use = in_use  # tells a restore the file is open (see in_use)
        self._prober: aiosqlite.Connection | None = None  # for probe(), opened when first asked
        self._lock = asyncio.Lock()
        self._closed = False

    @property
    def path(self) -> Path:
        return self._path

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._writer_turn() as tx:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                yield tx
                await self._db.execute("COMMIT")
            except BaseException:
                await rollback_quietly(self._db)
                raise

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[Transaction]:
        # No BEGIN: with sqlite3 opening no transactions of its own (see opening.connect), each
        # statement is one, and waits for other processes' write locks as BEGIN IMMEDIATE would.
        async with self._writer_turn() as tx:
            yield tx

    @asynccontextmanager
    async def _writer_turn(self) -> AsyncIterator[SQLiteTransaction]:
        """The writer connection, this block's alone until it ends; its failures as the
        store's errors."""
        async with self._lock:
            if self._closed:
                raise StoreClosed
            try:
                yield SQLiteTransaction(self._db)
            except sqlite3.Error as exc:
                raise translate(exc, self._path) from exc

    async def counts(self, guild_id: int) -> dict[str, Counts]:
        # score_counts holds a few rows per target however many voted.
        return merged_counts(await self._rows(sql.GUILD_COUNTS, (guild_id,)))

    async def user_ratings(self, guild_id: int, user_id: int) -> dict[str, int]:
        return dict(await self._rows(sql.USER_RATINGS, (guild_id, user_id)))

    async def last_shown(self, guild_id: int, user_id: int) -> str | None:
        rows = await self._rows(sql.LAST_SHOWN, (guild_id, user_id))
        return next((target for (target,) in rows), None)

    async def walked(self, guild_id: int, user_id: int, walk: str) -> frozenset[str]:
        rows = await self._rows(sql.WALKED, (guild_id, user_id, walk))
        return frozenset(couple for (couple,) in rows)

    async def reviews(
        self, guild_id: int, target: str, order: ReviewOrder, offset: int, limit: int
    ) -> ReviewPage:
        # The page carries the count in each row: one statement, one consistent state, so
        # "page 2 of 3" matches what is listed. Only a page past the end asks again.
        rows = await self._rows(
            sql.TARGET_REVIEWS[order], (guild_id, target, guild_id, target, limit, offset)
        )
        if (page := review_page(rows, offset)) is not None:
            return page
        ((total,),) = await self._rows(sql.COUNT_TARGET_REVIEWS, (guild_id, target))
        return ReviewPage((), int(total), offset)

    async def member_reviews(self, guild_id: int, user_id: int) -> list[MemberReview]:
        rows = await self._rows(sql.MEMBER_REVIEWS, (guild_id, user_id))
        return [member_review(row) for row in rows]

    async def member_export(self, guild_id: int, user_id: int) -> list[MemberRating]:
        rows = await self._rows(sql.MEMBER_EXPORT, (guild_id, user_id))
        return [member_rating(*row) for row in rows]

    async def held_about_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        ((*counts,),) = await self._rows(sql.HELD_ABOUT_MEMBER, (guild_id, user_id))
        return by_kind(MEMBER_KINDS, sql.FORGET_MEMBER, counts)

    async def held_about_guild(self, guild_id: int) -> dict[str, int]:
        ((*counts,),) = await self._rows(sql.HELD_ABOUT_GUILD, (guild_id,))
        return by_kind(GUILD_KINDS, sql.FORGET_GUILD, counts)

    async def guild_export(self, guild_id: int) -> GuildExport:
        return guild_export_of(await self._rows(sql.GUILD_EXPORT, (guild_id,)))

    async def settings(self, guild_id: int) -> GuildSettings:
        return settings_of(await self._rows(sql.SETTINGS, (guild_id,)))

    async def probe(self) -> None:
        # A write lock taken and given back at once, on a connection of its own that waits only
        # briefly: a database another process holds locked shows as locked, not as slow.
        if self._closed:
            raise StoreClosed
        try:
            if self._prober is None:
                self._prober = await connect(self._path, _PROBE_PATIENCE_MS)
            await self._prober.execute("BEGIN IMMEDIATE")
            await self._prober.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from exc

    async def snapshot_page(
        self, table: SnapshotTable, after: Cursor | None, limit: int
    ) -> SnapshotPage:
        statement = sql.snapshot_page(table, first=after is None)
        rows = await self._rows(statement, (*(after or ()), limit))
        width = sql.snapshot_cursor_width(table)
        page = tuple(canonical(table, row[width:]) for row in rows)
        ended = len(rows) < limit
        return SnapshotPage(page, None if ended else tuple(rows[-1][:width]))

    async def close(self) -> None:
        # Taking the lock lets a transaction that is under way commit before the connection goes.
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            await self._reader.close()
            await self._db.close()
            if self._prober is not None:
                await self._prober.close()
            if self._in_use is not None:
                self._in_use.release()

    async def simulate_fault(self, fault: Literal["full", "read-only"] | None) -> None:
        """Test hook: make the writer's writes fail as on a full disk or a read-only file, or
        (None) clear the fault. Per-connection pragmas only: the file itself is never harmed."""
        async with self._lock:
            ((pages,),) = await self._db.execute_fetchall("PRAGMA page_count")
            cap = pages if fault == "full" else _NO_PAGE_LIMIT
            # PRAGMA values cannot be bound parameters; both are ints we computed, not input.
            await self._db.execute(f"PRAGMA max_page_count = {int(cap)}")
            await self._db.execute(f"PRAGMA query_only = {int(fault == 'read-only')}")

    async def _rows(self, statement: str, parameters: Sequence[object]) -> list[Any]:
        # On their own connection reads never wait for a write transaction, nor see one half
        # done. Each read is one statement, so each sees one consistent state of the file.
        if self._closed:
            raise StoreClosed
        try:
            return list(await self._reader.execute_fetchall(statement, parameters))
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from exc


class SQLiteTransaction(Transaction):
    """A write transaction on the writer connection; the backend begins and ends it."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def rates_before(self, keys: Sequence[RatingKey]) -> RatesBefore:
        state = RatesBefore({}, {}, {}, {})
        for chunk in chunks(keys, sql.BATCH_KEYS):
            query = sql.BEFORE_RATES.format(rows=", ".join("(?, ?, ?)" for _ in chunk))
            rows = await self._db.execute_fetchall(query, [v for key in chunk for v in key])
            for kind, guild_id, user_id, target, number, text, spoiler in rows:
                if kind == "rating":
                    key = (guild_id, user_id, target)
                    state.scores[key] = number
                    state.reviews[key] = None if text is None else StoredReview(text, bool(spoiler))
                elif kind == "votes":  # number: a score; text: how many gave it
                    state.counts.setdefault((guild_id, target), {})[number] = text
                else:
                    state.names[(guild_id, user_id)] = text
        return state

    async def write_scores(self, rows: Sequence[tuple[RatingKey, int]], now: int) -> None:
        await self._many(sql.UPSERT_RATING, [(*key, score, now, now) for key, score in rows])

    async def write_reviews(self, rows: Sequence[ReviewRow], now: int) -> None:
        # One after another, in order: each gets the next rowid (see sql.WRITE_REVIEW).
        await self._many(
            sql.WRITE_REVIEW, [(*row.key, row.text, int(row.spoiler), now) for row in rows]
        )

    async def delete_reviews(self, keys: Sequence[RatingKey]) -> int:
        return await self._many(sql.DELETE_REVIEW, keys)

    async def write_names(self, rows: Sequence[tuple[MemberKey, str]], now: int) -> None:
        await self._many(sql.UPSERT_MEMBER, [(*member, name, now) for member, name in rows])

    async def change_counts(self, deltas: Sequence[tuple[int, str, int, int]]) -> None:
        gains = [delta for delta in deltas if delta[3] > 0]
        losses = [delta for delta in deltas if delta[3] < 0]
        if losses:
            # A count that would reach 0 goes first, so that none is ever 0 (0003's CHECK).
            await self._many(sql.DELETE_SPENT_COUNT, losses)
            await self._many(sql.TAKE_FROM_COUNT, losses)
        if gains:
            await self._many(sql.ADD_TO_COUNT, gains)

    async def drop_counts(self, guild_id: int, target: str | None) -> None:
        if target is None:
            await self._db.execute(sql.DROP_GUILD_COUNTS, (guild_id,))
        else:
            await self._db.execute(sql.DROP_TARGET_COUNTS, (guild_id, target))

    async def member_tally(self, guild_id: int, user_id: int) -> dict[str, int]:
        return dict(await self._db.execute_fetchall(sql.USER_RATINGS, (guild_id, user_id)))

    async def delete_target(self, guild_id: int, target: str) -> int:
        # The reviews of these ratings go with them (ON DELETE CASCADE).
        cursor = await self._db.execute(sql.DELETE_TARGET, (guild_id, target))
        return cursor.rowcount

    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        return await self._delete_counting(sql.FORGET_MEMBER, (guild_id, user_id))

    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        return await self._delete_counting(sql.FORGET_GUILD, (guild_id,))

    async def write_shown(self, rows: Sequence[tuple[MemberKey, str]], now: int) -> None:
        for chunk in chunks(rows, SHOWN_PER_STATEMENT):
            statement = sql.UPSERT_SHOWN.format(rows=", ".join("(?, ?, ?, ?)" for _ in chunk))
            await self._db.execute(statement, [v for (m, t) in chunk for v in (*m, t, now)])

    async def restart_walk(self, guild_id: int, user_id: int, walk: str) -> None:
        await self._db.execute(sql.RESTART_WALK, (guild_id, user_id, walk))

    async def walk_on(
        self, guild_id: int, user_id: int, walk: str, couples: Sequence[str], now: int
    ) -> None:
        await self._many(sql.WALK_ON, [(guild_id, user_id, walk, c, now) for c in couples])

    async def write_reviews_enabled(self, guild_id: int, enabled: bool, now: int) -> None:
        await self._db.execute(sql.UPSERT_REVIEWS_ENABLED, (guild_id, int(enabled), now))

    async def write_language(self, guild_id: int, language: str | None, now: int) -> None:
        await self._db.execute(sql.UPSERT_LANGUAGE, (guild_id, language, now))

    async def write_cooldown(self, guild_id: int, command: str, seconds: int) -> None:
        await self._db.execute(sql.UPSERT_COOLDOWN, (guild_id, command, seconds))

    async def settings(self, guild_id: int) -> GuildSettings:
        return settings_of(await self._db.execute_fetchall(sql.SETTINGS, (guild_id,)))

    async def put_rows(self, table: SnapshotTable, rows: Sequence[Row]) -> None:
        await self._many(sql.put_snapshot_rows(table), rows)

    async def _many(self, statement: str, rows: Sequence[Sequence[object]]) -> int:
        """executemany, if there is anything to run; how many rows it changed."""
        if not rows:
            return 0
        cursor = await self._db.executemany(statement, rows)
        return cursor.rowcount

    async def _delete_counting(
        self, deletes: Sequence[tuple[str, str]], params: tuple[int, ...]
    ) -> dict[str, int]:
        """Run each (kind, DELETE statement) with params; how many rows each removed."""
        counts: dict[str, int] = {}
        for kind, statement in deletes:
            cursor = await self._db.execute(statement, params)
            counts[kind] = cursor.rowcount
        return counts
