"""Reads served from memory, per server, and always true to this process's own writes.

Every /couple, /recommend and /scores reads the same few things of its server: the score counts
and the newest reviews of a couple or two. A server's busy minute would queue hundreds of those
reads on the one database reader; here they are read once and shared:

- a read that is already under way is joined by every caller that asks the same meanwhile;
- its result is kept for ``lifetime`` seconds, so another process's writes (an admin's console
  on the same file) show within that time;
- a write of this process to the server drops what was read before it, and a read that was under
  way while it committed is neither joined nor kept: a member always sees their own rating.

Only the store knows which reads a write changes; it says so through `changed` and `put`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_GUILDS = 4096  # servers whose reads are kept at once; beyond it, the oldest go


class _GuildReads:
    __slots__ = ("expires", "generation", "pending", "values")

    def __init__(self, expires: float) -> None:
        self.expires = expires
        self.generation = 0  # counts this process's writes to the server
        self.values: dict[Hashable, Any] = {}
        self.pending: dict[Hashable, asyncio.Task[Any]] = {}


class GuildReadCache:
    def __init__(self, lifetime: float, max_guilds: int = MAX_GUILDS) -> None:
        self.lifetime = lifetime
        self._max_guilds = max_guilds
        self._guilds: dict[int, _GuildReads] = {}

    def set_lifetime(self, seconds: float) -> None:
        """From now on keep reads this long; what is kept already runs out by then too."""
        self.lifetime = seconds
        latest = time.monotonic() + seconds
        for entry in self._guilds.values():
            entry.expires = min(entry.expires, latest)

    async def read(self, guild_id: int, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """The value kept for key, else what load() reads: one load for all who ask meanwhile."""
        entry = self._entry(guild_id)
        if key in entry.values:
            return entry.values[key]
        task = entry.pending.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(entry, key, load))
            task.add_done_callback(_retrieve_failure)  # if every caller gave up, none reads it
            entry.pending[key] = task
        # Shielded: one caller giving up (an interaction that expired) must not cancel the read
        # the others are waiting for.
        return await asyncio.shield(task)

    def changed(self, guild_id: int) -> dict[Hashable, Any]:
        """This process committed a write to the server: forget what was read before it.
        Returns what was kept, for a caller that can bring some of it up to date (see `put`)."""
        entry = self._guilds.get(guild_id)
        if entry is None:
            return {}
        kept = entry.values
        entry.generation += 1
        entry.values = {}
        entry.pending = {}  # a read under way began before the write: nobody may join it now
        return kept

    def put(self, guild_id: int, key: Hashable, value: object) -> None:
        """Keep a value the store knows to be current (just written, in the same transaction)."""
        entry = self._guilds.get(guild_id)
        if entry is not None:
            entry.values[key] = value

    def get(self, guild_id: int, key: Hashable) -> Any:
        """The value kept for key, or None."""
        entry = self._guilds.get(guild_id)
        return None if entry is None else entry.values.get(key)

    def forget(self, guild_id: int) -> None:
        self.changed(guild_id)
        self._guilds.pop(guild_id, None)

    def _entry(self, guild_id: int) -> _GuildReads:
        now = time.monotonic()
        entry = self._guilds.get(guild_id)
        if entry is not None and now < entry.expires:
            return entry
        if entry is not None:
            self.changed(guild_id)  # expired: read afresh what other processes may have changed
            entry.expires = now + self.lifetime
            return entry
        if len(self._guilds) >= self._max_guilds:
            self._guilds.pop(next(iter(self._guilds)))  # the server whose reads were kept longest
        entry = self._guilds[guild_id] = _GuildReads(now + self.lifetime)
        return entry

    async def _load(self, entry: _GuildReads, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        generation = entry.generation
        try:
            value = await load()
        finally:
            if entry.pending.get(key) is asyncio.current_task():
                del entry.pending[key]
        if entry.generation == generation:  # no write of ours committed while it was read
            entry.values[key] = value
        return value


def _retrieve_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()
