"""The rating store on one SQLite file: the shared store (bot.store.core) over SQLiteBackend.

open_store() opens it for a ``sqlite:///`` URL; tests of what only SQLite does (file faults,
migrations of old files, WAL) open it here, with the options only SQLite has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, Self

from bot.store.core import CoreStore
from bot.store.sqlite.backend import SQLiteBackend
from bot.store.sqlite.in_use import InUse
from bot.store.sqlite.migrations import Migration, bundled_migrations
from bot.store.sqlite.opening import open_connections
from bot.store.sqlite.watch import WATCH_INTERVAL_S, CommitWatch

__all__ = ["SQLiteBackend", "SQLiteRatingStore"]


class SQLiteRatingStore(CoreStore):
    """The store on a SQLite file. Create it with ``await SQLiteRatingStore.open(path)``."""

    def __init__(
        self,
        backend: SQLiteBackend,
        watch: CommitWatch,
        clock: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(backend, clock)
        self._sqlite = backend
        self.watch = watch
        self.hear_changes_from(watch)

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        busy_timeout_ms: int = 5000,
        migrations: Sequence[Migration] | None = None,
        clock: Callable[[], int] | None = None,
        watch_interval_s: float = WATCH_INTERVAL_S,
    ) -> Self:
        """Open (creating if needed) the database at path and bring its schema up to date.

        Raises IncompatibleDatabase, leaving the file as it was, if it is corrupt, not a SQLite
        database, or from a newer bot. ``migrations`` defaults to the ones shipped with the bot;
        ``clock`` (unix seconds, for the stored times) to the system clock;
        ``watch_interval_s`` is how often it asks whether another process committed.
        """
        path = Path(path)
        chosen = bundled_migrations() if migrations is None else migrations
        db, reader = await open_connections(path, chosen, busy_timeout_ms)
        backend = SQLiteBackend(db, reader, path, InUse(path))
        watch = CommitWatch(db, watch_interval_s)
        try:
            await watch.start()
        except BaseException:
            await backend.close()
            raise
        return cls(backend, watch, clock)

    async def close(self) -> None:
        await self.watch.stop()  # before its connection goes
        await super().close()

    @property
    def path(self) -> Path:
        return self._sqlite.path

    async def _simulate_fault(self, fault: Literal["full", "read-only"] | None) -> None:
        """Test hook: make writes fail as on a full disk or a read-only file, or (None) clear
        the fault. The file itself is never harmed."""
        await self._sqlite.simulate_fault(fault)
