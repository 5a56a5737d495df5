"""PostgreSQL's failures (and asyncpg's, and the network's) as the store's typed errors.

Whatever a member could fix by trying again in a moment (a server restarting, a connection lost,
every connection busy, a statement cancelled for taking too long, a deadlock) is
StoreUnavailable, as SQLite's busy and locked files are; the rest is StoreFailed, named by its
SQLSTATE. No message of the server or the driver is passed on: it could quote a statement.
"""

from __future__ import annotations

from typing import Final

import asyncpg

from bot.store.errors import StoreError, StoreFailed, StoreUnavailable, Unavailability

ENGINE: Final = "PostgreSQL"

# SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html), exact ones first.
_BY_STATE: Final = {
    "57P01": Unavailability.RESTARTING,  # admin_shutdown (also pg_terminate_backend)
    "57P02": Unavailability.RESTARTING,  # crash_shutdown
    "57P03": Unavailability.RESTARTING,  # cannot_connect_now: still starting up
    "57014": Unavailability.TIMED_OUT,  # query_canceled: statement_timeout
    "55P03": Unavailability.LOCKED_ELSEWHERE,  # lock_not_available: lock_timeout
    "40001": Unavailability.CONFLICT,  # serialization_failure
    "40P01": Unavailability.CONFLICT,  # deadlock_detected
    "25006": Unavailability.READ_ONLY,  # read_only_sql_transaction: a standby, or read-only
    "53100": Unavailability.FULL,  # disk_full
    "53300": Unavailability.BUSY,  # too_many_connections
    "58030": Unavailability.DISK_ERROR,  # io_error
}
# SQLSTATE classes: 08 connection exception, 53 insufficient resources.
_BY_CLASS: Final = {"08": Unavailability.UNREACHABLE, "53": Unavailability.BUSY}


# What a call to the database may raise that translate() knows.
DATABASE_ERRORS: Final = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)


def translate(exc: BaseException) -> StoreError:
    """The StoreError a caller should see for a failure of the database or the way to it."""
    if isinstance(exc, asyncpg.PostgresError):
        state = str(exc.sqlstate or "")
        reason = _BY_STATE.get(state) or _BY_CLASS.get(state[:2])
        if reason is not None:
            return StoreUnavailable(reason)
        return StoreFailed(f"{state} {type(exc).__name__}")
    if isinstance(exc, OSError):  # refused, reset, no route, or connecting took too long
        return StoreUnavailable(Unavailability.UNREACHABLE)
    if isinstance(exc, asyncpg.InterfaceError) and "closed" in str(exc):
        return StoreUnavailable(Unavailability.UNREACHABLE)  # a connection the server dropped
    return StoreFailed(type(exc).__name__)
