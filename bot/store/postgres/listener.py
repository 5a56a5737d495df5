"""Hearing other processes' changes: LISTEN on a connection of its own, and drop what they changed.

Every write transaction that changes a guild's cached reads (scores, reviews, names, settings)
NOTIFYs the guild's id on commit (backend). Each store listens, and drops that guild from its
read cache at once, so another process's change shows here within a round trip instead of after
the cache's expiry. A store ignores its own notices: its own writes already keep its cache true.

The connection is the listener's own, outside the pool. When it is lost (the server restarted,
the connection was killed) the listener connects again by itself, backing off while the server
is away, and then drops every guild's reads: notices sent meanwhile were never heard.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Final

import asyncpg

from bot.store.backend import OnChange
from bot.store.postgres import sql
from bot.store.postgres.backend import EVERY_GUILD
from bot.store.postgres.errors import DATABASE_ERRORS
from bot.store.postgres.opening import Connect

log = logging.getLogger(__name__)

_FIRST_PAUSE: Final = 0.05  # seconds before trying to connect again; doubled up to _LONGEST
_LONGEST_PAUSE: Final = 2.0


class ChangeListener:
    def __init__(self, connect: Connect, token: str) -> None:
        self._connect = connect
        self._token = token  # the notices this store sent itself carry it
        self.on_change: OnChange | None = None
        self._connection: asyncpg.Connection | None = None
        self._reconnecting: asyncio.Task[None] | None = None
        self._closed = False
        self.connects = 0  # how many times it began listening: 1, and one more per reconnect

    async def start(self) -> None:
        """Listen now, or, if the server can't be reached, keep trying in the background."""
        try:
            await self._listen()
        except DATABASE_ERRORS:
            log.warning("rating store: can't listen for other processes' changes yet; retrying")
            self._reconnect_later()

    async def close(self) -> None:
        self._closed = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconnecting
        if self._connection is not None and not self._connection.is_closed():
            with contextlib.suppress(*DATABASE_ERRORS):
                await self._connection.close(timeout=5)

    async def _listen(self) -> None:
        connection = await self._connect()
        try:
            await connection.add_listener(sql.CHANGES_CHANNEL, self._heard)
        except BaseException:
            connection.terminate()
            raise
        connection.add_termination_listener(self._lost)
        self._connection = connection
        self.connects += 1

    def _heard(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        sender, _, guild = payload.partition(":")
        if sender == self._token or self.on_change is None:
            return
        if guild == EVERY_GUILD:
            self.on_change(None)
        elif guild.isdigit():
            self.on_change(int(guild))

    def _lost(self, _connection: object) -> None:
        if not self._closed:
            log.warning("rating store: lost the connection that listens for changes; reconnecting")
            self._reconnect_later()

    def _reconnect_later(self) -> None:
        if self._reconnecting is None or self._reconnecting.done():
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        pause = _FIRST_PAUSE
        while not self._closed:
            try:
                await self._listen()
            except Exception as exc:  # whatever it was, listening must resume
                if not isinstance(exc, DATABASE_ERRORS):
                    # The type only: a driver's message may quote the connection string.
                    log.warning(
                        "rating store: listening for changes failed (%s); retrying",
                        type(exc).__name__,
                    )
                # Backing off while the server is away: the pause is the retry policy itself.
                await asyncio.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
                continue
            log.info("rating store: listening for other processes' changes again")
            if self.on_change is not None:
                self.on_change(None)  # whatever was sent while we weren't listening
            return
