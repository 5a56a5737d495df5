"""The store's backend on PostgreSQL, through an asyncpg pool: its statements and their errors.

Every write transaction runs on a pooled connection of its own, inside
``connection.transaction()``. Writers of one guild take turns on a transaction-scoped advisory
lock of the guild (taken before the transaction reads what it will write from), so processes
sharing the database never interleave the read-then-write of a rating batch. Before a
transaction that changed guilds' data commits, it NOTIFYs each guild's id; the NOTIFY is sent
only if the transaction commits, and every other store on the database drops those guilds from
its read cache (listener).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg

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
from bot.store.errors import StoreClosed, StoreUnavailable, Unavailability
from bot.store.identify import IdentifyGate
from bot.store.postgres import sql
from bot.store.postgres.errors import DATABASE_ERRORS, translate
from bot.store.rows import (
    by_kind,
    guild_export_of,
    member_rating,
    member_review,
    review_page,
    settings_of,
)
from bot.store.snapshot import Cursor, Row, SnapshotPage, SnapshotTable, canonical
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

log = logging.getLogger(__name__)

EVERY_GUILD = "*"  # a NOTIFY payload's guild part when a write may have changed any guild


def guild_lock_key(guild_id: int) -> int:
    """The guild's advisory lock key: its id folded into PostgreSQL's 32-bit int. Two guilds
    sharing a key only take turns with each other, which is harmless."""
    folded = (guild_id ^ (guild_id >> 32)) & 0xFFFF_FFFF
    return folded - (1 << 31)


def notice(token: str, guild: int | str) -> str:
    """A NOTIFY payload: who sent it (a store's token, so it can ignore its own), and the guild."""
    return f"{token}:{guild}"


class PostgresBackend(Backend):
    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        token: str,
        acquire_timeout: float,
        gate: IdentifyGate | None = None,
    ) -> None:
        self._pool = pool
        self._token = token  # this store's name in the notices it sends
        self._acquire_timeout = acquire_timeout  # how long to wait for a free connection
        self._gate = gate
        self._closed = False
        # Run on close, before the pool goes: the listener's and the gate's own connections.
        self.on_close: list[Callable[[], Awaitable[None]]] = []
        # The connection of the consistent reads under way in this task, if any.
        self._snapshot_connection: ContextVar[asyncpg.Connection | None] = ContextVar(
            f"snapshot_connection_{id(self)}", default=None
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._connection() as connection:
            tx = PostgresTransaction(connection)
            work = connection.transaction()
            try:
                await work.start()
                yield tx
                await self._notify(connection, tx)
                await work.commit()
            except BaseException as exc:
                await _rollback_quietly(work, connection)
                if isinstance(exc, DATABASE_ERRORS):
                    raise translate(exc) from exc
                raise

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[Transaction]:
        # A statement outside a transaction block is a transaction of its own: no BEGIN and no
        # COMMIT to send. Nothing it writes is cached anywhere, so there is no one to notify.
        async with self._connection() as connection:
            try:
                yield PostgresTransaction(connection)
            except DATABASE_ERRORS as exc:
                raise translate(exc) from exc

    async def counts(self, guild_id: int) -> dict[str, Counts]:
        rows = await self._rows(sql.GUILD_COUNTS, guild_id)
        return merged_counts([tuple(row) for row in rows])

    async def user_ratings(self, guild_id: int, user_id: int) -> dict[str, int]:
        return {row[0]: row[1] for row in await self._rows(sql.USER_RATINGS, guild_id, user_id)}

    async def last_shown(self, guild_id: int, user_id: int) -> str | None:
        rows = await self._rows(sql.LAST_SHOWN, guild_id, user_id)
        return rows[0][0] if rows else None

    async def walked(self, guild_id: int, user_id: int, walk: str) -> frozenset[str]:
        rows = await self._rows(sql.WALKED, guild_id, user_id, walk)
        return frozenset(row[0] for row in rows)

    async def reviews(
        self, guild_id: int, target: str, order: ReviewOrder, offset: int, limit: int
    ) -> ReviewPage:
        # Each row carries the total: one statement, one state. Only a page past the end asks again.
        rows = await self._rows(sql.TARGET_REVIEWS[order], guild_id, target, limit, offset)
        if (page := review_page(rows, offset)) is not None:
            return page
        ((total,),) = await self._rows(sql.COUNT_TARGET_REVIEWS, guild_id, target)
        return ReviewPage((), int(total), offset)

    async def member_reviews(self, guild_id: int, user_id: int) -> list[MemberReview]:
        rows = await self._rows(sql.MEMBER_REVIEWS, guild_id, user_id)
        return [member_review(row) for row in rows]

    async def member_export(self, guild_id: int, user_id: int) -> list[MemberRating]:
        rows = await self._rows(sql.MEMBER_EXPORT, guild_id, user_id)
        return [member_rating(*row) for row in rows]

    async def held_about_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        ((*counts,),) = await self._rows(sql.HELD_ABOUT_MEMBER, guild_id, user_id)
        return by_kind(MEMBER_KINDS, sql.FORGET_MEMBER, counts)

    async def held_about_guild(self, guild_id: int) -> dict[str, int]:
        ((*counts,),) = await self._rows(sql.HELD_ABOUT_GUILD, guild_id)
        return by_kind(GUILD_KINDS, sql.FORGET_GUILD, counts)

    async def guild_export(self, guild_id: int) -> GuildExport:
        return guild_export_of(await self._rows(sql.GUILD_EXPORT, guild_id))

    async def settings(self, guild_id: int) -> GuildSettings:
        return settings_of(await self._rows(sql.SETTINGS, guild_id))

    async def probe(self) -> None:
        # A server that answers but takes no writes (a standby, a read-only database) is as
        # unusable for the health check as one that doesn't answer.
        ((read_only,),) = await self._rows(sql.PROBE)
        if read_only:
            raise StoreUnavailable(Unavailability.READ_ONLY)

    def identify_gate(self) -> IdentifyGate | None:
        return self._gate

    @asynccontextmanager
    async def consistent_reads(self) -> AsyncIterator[None]:
        # One REPEATABLE READ transaction on one connection: every page read in it sees the
        # database as it was when it began, so pages neither miss a review numbered earlier
        # but committed later nor hold a review whose rating the earlier pages didn't.
        async with self._connection() as connection:
            try:
                async with connection.transaction(isolation="repeatable_read", readonly=True):
                    token = self._snapshot_connection.set(connection)
                    try:
                        yield
                    finally:
                        self._snapshot_connection.reset(token)
            except DATABASE_ERRORS as exc:
                raise translate(exc) from exc

    async def snapshot_page(
        self, table: SnapshotTable, after: Cursor | None, limit: int
    ) -> SnapshotPage:
        statement = sql.snapshot_page(table, first=after is None)
        parameters = (*(after or ()), limit)
        frozen = self._snapshot_connection.get()
        if frozen is None:
            rows = await self._rows(statement, *parameters)
        else:
            rows = await _fetch(frozen, statement, *parameters)
        width = sql.snapshot_cursor_width(table)
        page = tuple(canonical(table, tuple(row)[width:]) for row in rows)
        ended = len(rows) < limit
        return SnapshotPage(page, None if ended else tuple(rows[-1])[:width])

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for close in self.on_close:
            await close()
        # Waits for every connection to come back: a transaction under way commits first.
        await self._pool.close()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        if self._closed:
            raise StoreClosed
        try:
            connection = await self._pool.acquire(timeout=self._acquire_timeout)
        except TimeoutError as exc:  # every connection busy (or the server too slow to answer)
            raise StoreUnavailable(Unavailability.BUSY) from exc
        except DATABASE_ERRORS as exc:
            raise translate(exc) from exc
        try:
            yield connection
        finally:
            await self._pool.release(connection)

    async def _rows(self, statement: str, *parameters: object) -> list[Any]:
        # Each read is one statement on a pooled connection: it sees committed data only, in
        # one consistent state.
        async with self._connection() as connection:
            return await _fetch(connection, statement, *parameters)

    async def _notify(self, connection: asyncpg.Connection, tx: PostgresTransaction) -> None:
        guilds: Iterable[int | str] = [EVERY_GUILD] if tx.every_guild else sorted(tx.changed)
        payloads = [(sql.CHANGES_CHANNEL, notice(self._token, guild)) for guild in guilds]
        if payloads:
            await connection.executemany(sql.NOTIFY, payloads)


async def _fetch(connection: asyncpg.Connection, statement: str, *parameters: object) -> list[Any]:
    try:
        return list(await connection.fetch(statement, *parameters))
    except DATABASE_ERRORS as exc:
        raise translate(exc) from exc


async def _rollback_quietly(
    work: asyncpg.transaction.Transaction, connection: asyncpg.Connection
) -> None:
    """Roll back if the transaction began and its connection still stands (a connection the
    server dropped took the transaction with it, and the pool has taken the connection back)."""
    try:
        if connection.is_closed() or not connection.is_in_transaction():
            return
        await work.rollback()
    except DATABASE_ERRORS:
        log.warning("rolling back a failed rating transaction failed", exc_info=True)


class PostgresTransaction(Transaction):
    """A write transaction on one pooled connection; the backend begins and ends it."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._db = connection
        self.changed: set[int] = set()  # guilds whose cached reads this transaction changes
        self.every_guild = False  # rows of any guild written (a snapshot)
        self._locked: set[int] = set()

    async def _touch(self, guild_ids: Iterable[int]) -> None:
        """Take the guilds' locks (in one order, so two writers never wait on each other) and
        note them for the NOTIFY at commit."""
        wanted = set(guild_ids)
        self.changed |= wanted
        keys = sorted({guild_lock_key(guild) for guild in wanted} - self._locked)
        if keys:
            await self._db.execute(sql.LOCK_GUILDS, sql.GUILD_LOCK_SPACE, keys)
            self._locked.update(keys)

    async def rates_before(self, keys: Sequence[RatingKey]) -> RatesBefore:
        await self._touch(key[0] for key in keys)
        state = RatesBefore({}, {}, {}, {})
        columns = [list(column) for column in zip(*keys, strict=True)] if keys else [[], [], []]
        rows = await self._db.fetch(sql.BEFORE_RATES, *columns)
        for kind, guild_id, user_id, target, number, text, spoiler in rows:
            if kind == "rating":
                key = (guild_id, user_id, target)
                state.scores[key] = number
                state.reviews[key] = None if text is None else StoredReview(text, bool(spoiler))
            elif kind == "votes":  # number: a score; text: how many gave it
                state.counts.setdefault((guild_id, target), {})[number] = int(text)
            else:
                state.names[(guild_id, user_id)] = text
        return state

    async def write_scores(self, rows: Sequence[tuple[RatingKey, int]], now: int) -> None:
        await self._touch(key[0] for key, _ in rows)
        await self._many(sql.UPSERT_RATING, [(*key, score, now) for key, score in rows])

    async def write_reviews(self, rows: Sequence[ReviewRow], now: int) -> None:
        # One after another, in order: each takes the next number of reviews_written.
        await self._touch(row.key[0] for row in rows)
        await self._many(sql.WRITE_REVIEW, [(*row.key, row.text, row.spoiler, now) for row in rows])

    async def delete_reviews(self, keys: Sequence[RatingKey]) -> int:
        if not keys:
            return 0
        await self._touch(key[0] for key in keys)
        columns = [list(column) for column in zip(*keys, strict=True)]
        return _row_count(await self._db.execute(sql.DELETE_REVIEWS, *columns))

    async def write_names(self, rows: Sequence[tuple[MemberKey, str]], now: int) -> None:
        await self._touch(member[0] for member, _ in rows)
        await self._many(sql.UPSERT_MEMBER, [(*member, name, now) for member, name in rows])

    async def change_counts(self, deltas: Sequence[tuple[int, str, int, int]]) -> None:
        await self._touch(delta[0] for delta in deltas)
        gains = [delta for delta in deltas if delta[3] > 0]
        losses = [delta for delta in deltas if delta[3] < 0]
        if losses:
            # A count that would reach 0 goes first, so that none is ever 0 (the CHECK).
            await self._many(sql.DELETE_SPENT_COUNT, losses)
            await self._many(sql.TAKE_FROM_COUNT, losses)
        if gains:
            await self._many(sql.ADD_TO_COUNT, gains)

    async def drop_counts(self, guild_id: int, target: str | None) -> None:
        await self._touch([guild_id])
        if target is None:
            await self._db.execute(sql.DROP_GUILD_COUNTS, guild_id)
        else:
            await self._db.execute(sql.DROP_TARGET_COUNTS, guild_id, target)

    async def member_tally(self, guild_id: int, user_id: int) -> dict[str, int]:
        await self._touch([guild_id])
        rows = await self._db.fetch(sql.USER_RATINGS, guild_id, user_id)
        return {row[0]: row[1] for row in rows}

    async def delete_target(self, guild_id: int, target: str) -> int:
        # The reviews of these ratings go with them (ON DELETE CASCADE).
        await self._touch([guild_id])
        return _row_count(await self._db.execute(sql.DELETE_TARGET, guild_id, target))

    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        await self._touch([guild_id])
        return await self._delete_counting(sql.FORGET_MEMBER, (guild_id, user_id))

    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        await self._touch([guild_id])
        return await self._delete_counting(sql.FORGET_GUILD, (guild_id,))

    async def write_shown(self, rows: Sequence[tuple[MemberKey, str]], now: int) -> None:
        # What members were shown is never cached, and one upsert needs no turn: no lock.
        for chunk in chunks(rows, SHOWN_PER_STATEMENT):
            guilds = [guild_id for (guild_id, _), _ in chunk]
            users = [user_id for (_, user_id), _ in chunk]
            targets = [target for _, target in chunk]
            await self._db.execute(sql.UPSERT_SHOWN, guilds, users, targets, now)

    async def restart_walk(self, guild_id: int, user_id: int, walk: str) -> None:
        await self._db.execute(sql.RESTART_WALK, guild_id, user_id, walk)

    async def walk_on(
        self, guild_id: int, user_id: int, walk: str, couples: Sequence[str], now: int
    ) -> None:
        await self._many(sql.WALK_ON, [(guild_id, user_id, walk, c, now) for c in couples])

    async def write_reviews_enabled(self, guild_id: int, enabled: bool, now: int) -> None:
        await self._touch([guild_id])
        await self._db.execute(sql.UPSERT_REVIEWS_ENABLED, guild_id, enabled, now)

    async def write_cooldown(self, guild_id: int, command: str, seconds: int) -> None:
        await self._touch([guild_id])
        await self._db.execute(sql.UPSERT_COOLDOWN, guild_id, command, seconds)

    async def write_language(self, guild_id: int, language: str | None, now: int) -> None:
        await self._touch([guild_id])
        await self._db.execute(sql.UPSERT_LANGUAGE, guild_id, language, now)

    async def settings(self, guild_id: int) -> GuildSettings:
        return settings_of(await self._db.fetch(sql.SETTINGS, guild_id))

    async def put_rows(self, table: SnapshotTable, rows: Sequence[Row]) -> None:
        self.every_guild = True
        flagged = {table.columns.index(name) for name in table.flags}
        stored = [
            tuple(bool(value) if i in flagged else value for i, value in enumerate(row))
            for row in rows
        ]
        await self._many(sql.put_snapshot_rows(table), stored)

    async def _many(self, statement: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            await self._db.executemany(statement, rows)

    async def _delete_counting(
        self, deletes: Sequence[tuple[str, str]], params: tuple[int, ...]
    ) -> dict[str, int]:
        """Run each (kind, DELETE statement) with params; how many rows each removed."""
        return {kind: _row_count(await self._db.execute(stmt, *params)) for kind, stmt in deletes}


def _row_count(status: str) -> int:
    """The row count of a command status such as "DELETE 3"."""
    return int(status.rsplit(" ", 1)[-1])
