"""Hearing other processes' commits to the same SQLite file, as PostgreSQL's listener does.

SQLite tells a connection whether any *other* connection committed since it last asked
(``PRAGMA data_version``; its own commits don't count). The writer connection asks once a second:
a change means another process (a second shard, an admin's console) wrote, and every server's
reads kept in memory are dropped. The bot's own reader never writes, and a health probe or a
backup never commits, so nothing of this process looks like another's.

One question a second costs one trip to the writer's thread; it lets the store keep reads for
minutes instead of seconds, and shows another process's change within about a second instead of
the five seconds a short-lived cache needed.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Final

import aiosqlite

from bot.store.backend import OnChange

log = logging.getLogger(__name__)

WATCH_INTERVAL_S: Final = 1.0


class CommitWatch:
    def __init__(self, db: aiosqlite.Connection, interval_s: float = WATCH_INTERVAL_S) -> None:
        self._db = db
        self._interval_s = interval_s
        self.on_change: OnChange | None = None
        self._version: int | None = None
        self._task: asyncio.Task[None] | None = None
        self.checks = 0  # how many times it asked: tests wait on it, never on a timer

    async def start(self) -> None:
        """Note the file's version now, then ask again every interval."""
        self._version = await self._data_version()
        self._task = asyncio.get_running_loop().create_task(self._watch())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)  # the interval is the policy, not a wait
            try:
                version = await self._data_version()
            except (sqlite3.Error, ValueError) as error:  # ValueError: the connection is closing
                # Whatever kept it from answering, the reads it guards may be stale now. Said
                # once while it lasts, not every second.
                if self._version is not None:
                    log.warning("rating store: can't ask for other processes' commits (%s)", error)
                version = None
            else:
                if self._version is None:
                    log.info("rating store: hearing other processes' commits again")
            self.checks += 1
            if version != self._version and self.on_change is not None:
                self.on_change(None)
            self._version = version

    async def _data_version(self) -> int:
        ((version,),) = await self._db.execute_fetchall("PRAGMA data_version")
        return int(version)
