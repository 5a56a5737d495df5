"""The rating store on PostgreSQL: the shared store (bot.store.core) over PostgresBackend.

open_store() opens it for a ``postgresql://`` (or ``postgres://``) URL; tests of what only
PostgreSQL does (a server restarting, pool limits, statement timeouts, other processes' changes)
open it here, with the options only it has.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Self

from bot.store.core import CoreStore
from bot.store.identify import IDENTIFY_SPACING
from bot.store.postgres.backend import PostgresBackend
from bot.store.postgres.identify import PostgresIdentifyGate
from bot.store.postgres.listener import ChangeListener
from bot.store.postgres.migrations import Migration, bundled_migrations
from bot.store.postgres.opening import PoolOptions, connect, migrate, open_pool
from bot.store.urls import DatabaseUrl

__all__ = ["PoolOptions", "PostgresBackend", "PostgresRatingStore"]


class PostgresRatingStore(CoreStore):
    """The store on a PostgreSQL database: ``await PostgresRatingStore.open(url)``."""

    def __init__(
        self,
        backend: PostgresBackend,
        listener: ChangeListener,
        clock: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(backend, clock)
        self.listener = listener
        # After the listener was away, it drops everything: what is kept stays true till then.
        self.hear_changes_from(listener)

    @classmethod
    async def open(
        cls,
        url: DatabaseUrl,
        *,
        options: PoolOptions | None = None,
        identify_spacing: float = IDENTIFY_SPACING,
        migrations: Sequence[Migration] | None = None,
        clock: Callable[[], int] | None = None,
    ) -> Self:
        """Connect to the database at url and bring its schema up to date.

        Raises CannotOpen (one line, never the password) if it can't be reached or refuses the
        login, and IncompatibleDatabase, changing nothing, for a database from a newer bot or of
        something else.
        """
        options = options or PoolOptions()
        pool = await open_pool(url, options)
        try:
            chosen = bundled_migrations() if migrations is None else migrations
            await migrate(pool, str(url), chosen)
            token = secrets.token_hex(8)
            listener = ChangeListener(lambda: connect(url, options), token)
            await listener.start()
        except BaseException:
            await pool.close()
            raise
        gate = PostgresIdentifyGate(lambda: connect(url, options), identify_spacing)
        backend = PostgresBackend(
            pool, token=token, acquire_timeout=options.acquire_timeout, gate=gate
        )
        backend.on_close = [listener.close, gate.close]
        return cls(backend, listener, clock)
