"""Opening a PostgreSQL database for the store: connecting, refusing databases it must not
touch, and migrating under an advisory lock so that processes starting together migrate once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import asyncpg

from bot.store.errors import CannotOpen, DatabaseTooNew, ForeignDatabase, OpenStep
from bot.store.postgres import sql
from bot.store.postgres.errors import DATABASE_ERRORS, ENGINE, translate
from bot.store.postgres.migrations import Migration
from bot.store.urls import HIDDEN, DatabaseUrl

log = logging.getLogger(__name__)

_RECORDS = """
    CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER     PRIMARY KEY,
        name       TEXT        NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )
"""
_RECORD = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"
_HAS_RECORDS = "SELECT to_regclass('schema_migrations') IS NOT NULL"
_VERSION = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
_HAS_TABLES = "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema())"
_LOCK = "SELECT pg_advisory_lock($1, $2)"
_UNLOCK = "SELECT pg_advisory_unlock($1, $2)"
_NO_STATEMENT_TIMEOUT = "SET statement_timeout = 0"
# Back to the connection's own setting (the pool's), before the pool hands it to a member.
_POOL_STATEMENT_TIMEOUT = "RESET statement_timeout"


@dataclass(frozen=True, slots=True)
class PoolOptions:
    """How the store uses its connections; the defaults suit one bot process."""

    min_size: int = 1
    max_size: int = 10
    acquire_timeout: float = 5.0  # seconds to wait for a free connection before "try again"
    statement_timeout_ms: int = 5000  # a statement running longer is cancelled: "try again"
    connect_timeout: float = 10.0

    def server_settings(self) -> dict[str, str]:
        return {
            "application_name": "twilight-bot",
            "statement_timeout": str(int(self.statement_timeout_ms)),
            # A transaction left open by a process that hung must not hold its locks for ever.
            "idle_in_transaction_session_timeout": "60000",
        }


def dsn_of(url: DatabaseUrl) -> str:
    """The URL as asyncpg takes it: postgresql://..., whichever spelling the operator used."""
    rest = url.reveal().split("://", 1)[1]
    return f"postgresql://{rest}"


async def open_pool(url: DatabaseUrl, options: PoolOptions) -> asyncpg.Pool:
    """A pool of connections to the database, or CannotOpen saying why in one line."""
    try:
        return await asyncpg.create_pool(
            dsn_of(url),
            min_size=options.min_size,
            max_size=options.max_size,
            timeout=options.connect_timeout,
            server_settings=options.server_settings(),
        )
    except (*DATABASE_ERRORS, ValueError) as exc:
        # from None: the driver's own exception may quote the connection string.
        raise CannotOpen(str(url), OpenStep.CONNECT, why_not(exc, url)) from None


# How the listener and the identify gate get a connection of their own (a `connect` bound to
# the store's URL and options).
Connect = Callable[[], Awaitable[asyncpg.Connection]]


async def connect(url: DatabaseUrl, options: PoolOptions) -> asyncpg.Connection:
    """One connection outside the pool (the listener's, the identify gate's). No statement
    timeout, whatever the role or database sets: the gate's turn waits in pg_sleep for up to a
    window. A transaction left open by a process that hung still ends, as in the pool."""
    return await asyncpg.connect(
        dsn_of(url),
        timeout=options.connect_timeout,
        server_settings={
            "application_name": "twilight-bot",
            "statement_timeout": "0",
            "idle_in_transaction_session_timeout": "60000",
        },
    )


def why_not(exc: BaseException, url: DatabaseUrl) -> str:
    """Why connecting failed, in words that never hold the password."""
    parts = urlsplit(dsn_of(url))
    where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    refused_login = asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
    if isinstance(exc, refused_login):
        detail = f"the server at {where} refused the user name or password"
    elif isinstance(exc, asyncpg.InvalidCatalogNameError):
        detail = f"the server at {where} has no database {parts.path.lstrip('/')!r}"
    elif isinstance(exc, asyncpg.CannotConnectNowError):
        detail = f"the server at {where} is starting up or shutting down"
    elif isinstance(exc, asyncpg.TooManyConnectionsError):
        detail = f"the server at {where} has no connection free"
    elif isinstance(exc, TimeoutError):
        detail = f"no answer from {where} in time"
    elif isinstance(exc, OSError):
        detail = f"no server answers at {where}"
    elif isinstance(exc, asyncpg.PostgresError):
        detail = f"the server at {where} refused the connection ({exc.sqlstate})"
    else:
        detail = f"the connection settings are not usable ({type(exc).__name__})"
    password = parts.password
    return detail.replace(password, HIDDEN) if password else detail


async def migrate(pool: asyncpg.Pool, location: str, migrations: Sequence[Migration]) -> None:
    """Bring the schema up to date, every migration in its own transaction, one process at a
    time (a session advisory lock). Raises DatabaseTooNew or ForeignDatabase, having changed
    nothing, for a database this bot must not touch."""
    try:
        async with pool.acquire() as connection:
            # Waiting for another process's migration, or a migration itself, may take longer
            # than the pool's statement timeout allows a member's statement.
            await connection.execute(_NO_STATEMENT_TIMEOUT)
            await connection.execute(_LOCK, *sql.MIGRATION_LOCK)
            try:
                await _migrate(connection, location, migrations)
            finally:
                if not connection.is_closed():
                    await connection.execute(_UNLOCK, *sql.MIGRATION_LOCK)
                    await connection.execute(_POOL_STATEMENT_TIMEOUT)
    except DATABASE_ERRORS as exc:
        raise translate(exc) from exc


async def _migrate(
    connection: asyncpg.Connection, location: str, migrations: Sequence[Migration]
) -> None:
    known = migrations[-1].version if migrations else 0
    # Read after the lock: another process may have migrated while we waited for it.
    recorded = await connection.fetchval(_HAS_RECORDS)
    current = int(await connection.fetchval(_VERSION)) if recorded else 0
    if current > known:
        raise DatabaseTooNew(location, current, known)
    if not recorded and await connection.fetchval(_HAS_TABLES):
        raise ForeignDatabase(location, ENGINE)
    for migration in migrations:
        if migration.version > current:
            await _apply(connection, migration)


async def _apply(connection: asyncpg.Connection, migration: Migration) -> None:
    async with connection.transaction():
        await connection.execute(_RECORDS)
        await connection.execute(migration.script)
        await connection.execute(_RECORD, migration.version, migration.name)
    log.info("rating store: applied migration %04d_%s", migration.version, migration.name)
