"""Helpers of the PostgreSQL-only tests: stores with options, and another process's lock."""

from __future__ import annotations

import asyncpg
from support.postgres import PostgresServer
from waiting import wait_until

from bot.store import database_url
from bot.store.postgres import PoolOptions, PostgresRatingStore
from bot.store.postgres.backend import guild_lock_key
from bot.store.postgres.sql import GUILD_LOCK_SPACE


async def open_with(url: str, **options: float) -> PostgresRatingStore:
    return await PostgresRatingStore.open(database_url(url), options=PoolOptions(**options))


async def hold_guild_lock(connection: asyncpg.Connection, guild_id: int) -> asyncpg.Transaction:
    """Begin a transaction on connection that holds the guild's write turn until it ends, as a
    slow writer in another process would."""
    tx = connection.transaction()
    await tx.start()
    await connection.execute(
        "SELECT pg_advisory_xact_lock($1, $2)", GUILD_LOCK_SPACE, guild_lock_key(guild_id)
    )
    return tx


async def waiting_for_lock(server: PostgresServer, database: str) -> list[int]:
    """The pids of the database's connections that wait for a lock."""
    rows = server.admin(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        database,
    )
    return [pid for (pid,) in rows]


async def until_waiting_for_lock(
    server: PostgresServer, database: str, raw: asyncpg.Connection
) -> list[int]:
    """Wait until a connection to the database waits for a lock; their pids."""

    async def someone_waits() -> bool:
        return bool(await waiting_for_lock(server, database))

    await wait_until(
        someone_waits, "a write to wait for the guild's turn", lambda: raw.fetchval("SELECT 1")
    )
    return await waiting_for_lock(server, database)
