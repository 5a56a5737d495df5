"""The identify gate of every process on one PostgreSQL database (see bot.store.identify and
docs/scaling.md, "A database-backed gate").

A turn is a transaction on the gate's own connection (one per bucket, outside the store's pool,
so waiting shards never take members' connections): it takes the bucket's advisory lock, reads
when the bucket last let a shard through (identify_turns), waits until that plus the spacing by
the database's clock, writes the new turn, and commits, which gives the lock to the next waiter.
A process that dies while it holds the lock rolls back, and the next waiter reads the turn
before, which is still true. Waiters of one process go in the order they came (an asyncio.Lock
per bucket); across processes, PostgreSQL grants the lock in the order it was asked for.

If the database can't be reached the turn falls back to this process's own gate: a shard that
identifies out of turn is refused by Discord and tries again, which is better than never.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import Final

import asyncpg

from bot.store.identify import (
    IDENTIFY_SPACING,
    IdentifyGate,
    LocalIdentifyGate,
    identify_bucket,
)
from bot.store.postgres import sql
from bot.store.postgres.errors import DATABASE_ERRORS
from bot.store.postgres.opening import Connect

log = logging.getLogger(__name__)


_LOCK_BUCKET: Final = "SELECT pg_advisory_xact_lock($1, $2)"
# Wait, in the database, until the bucket's window ends by the database's clock (pg_sleep
# sleeps at least as long as asked). The wait is the rate limit itself: it ends at a known time.
_WAIT_FOR_WINDOW: Final = """
    SELECT pg_sleep(GREATEST(0, COALESCE(
        EXTRACT(EPOCH FROM (MAX(last_turn) + make_interval(secs => $2) - clock_timestamp())), 0
    )))
    FROM identify_turns WHERE bucket = $1
"""
_TAKE_TURN: Final = """
    INSERT INTO identify_turns (bucket, last_turn) VALUES ($1, clock_timestamp())
    ON CONFLICT (bucket) DO UPDATE SET last_turn = excluded.last_turn
"""


class PostgresIdentifyGate(IdentifyGate):
    def __init__(self, connect: Connect, spacing: float = IDENTIFY_SPACING) -> None:
        self._connect = connect
        self._spacing = spacing
        self._queues: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)  # FIFO
        self._connections: dict[int, asyncpg.Connection] = {}
        self._fallback = LocalIdentifyGate(spacing)

    async def wait_turn(self, shard_id: int, max_concurrency: int) -> None:
        bucket = identify_bucket(shard_id, max_concurrency)
        async with self._queues[bucket]:
            try:
                await self._take_turn(bucket)
                # Should the database go away, this process's own gate still knows this turn.
                self._fallback.note_turn(bucket)
            except DATABASE_ERRORS:
                log.warning(
                    "identify gate: the database can't be reached; shard %d waits for this "
                    "process's own turn",
                    shard_id,
                )
                await self._drop_connection(bucket)
                await self._fallback.wait_turn(shard_id, max_concurrency)

    async def close(self) -> None:
        for bucket in list(self._connections):
            await self._drop_connection(bucket)

    async def _take_turn(self, bucket: int) -> None:
        connection = await self._connection(bucket)
        async with connection.transaction():
            await connection.execute(_LOCK_BUCKET, sql.IDENTIFY_LOCK_SPACE, bucket)
            await connection.execute(_WAIT_FOR_WINDOW, bucket, self._spacing)
            await connection.execute(_TAKE_TURN, bucket)

    async def _connection(self, bucket: int) -> asyncpg.Connection:
        connection = self._connections.get(bucket)
        if connection is None or connection.is_closed():
            connection = self._connections[bucket] = await self._connect()
        return connection

    async def _drop_connection(self, bucket: int) -> None:
        connection = self._connections.pop(bucket, None)
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(*DATABASE_ERRORS):
                await connection.close(timeout=5)
