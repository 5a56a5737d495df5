"""Reads served from memory, per server, and always true to this process's own writes.

Every /couple, /recommend and /scores reads the same few things of its server: the score counts
and the newest reviews of a couple or two. A server's busy minute would queue hundreds of those
reads on the one database reader; here they are read once and shared:

- a read that is already under way is joined by every caller that asks the same meanwhile;
- its result is kept for ``lifetime`` seconds, so another process's writes (an admin's console
  on the same file) show within that time;
- a write of this process to the server drops what it changed, and a read of that which was under
  way while it committed is neither joined nor kept: a member always sees their own rating.

Keys are tuples whose first item names a kind of read ("summaries", "reviews", "settings"...). Only
the store knows which kinds a write changes; it says so through `changed` and `put`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection
from typing import Any, TypeVar

T = TypeVar("T")

MAX_GUILDS = 4096  # servers whose reads are kept at once; beyond it, the oldest go


Key = tuple[Any, ...]


class _GuildReads:
    __slots__ = ("expires", "pending", "values")

    def __init__(self, expires: float) -> None:
        self.expires = expires
        self.values: dict[Key, Any] = {}
        # The read under way for each key. A read's result is kept only while it is still the
        # one registered here: a write that changes the key takes it off.
        self.pending: dict[Key, asyncio.Task[Any]] = {}


class GuildReadCache:
    def __init__(self, lifetime: float, max_guilds: int = MAX_GUILDS) -> None:
        self.lifetime = lifetime
        self._max_guilds = max_guilds
        self._guilds: dict[int, _GuildReads] = {}
        # Told of each read whether it was served from memory (a value kept, or a read under way
        # joined) or started a read of the database.
        self.on_read: Callable[[bool], None] | None = None

    def set_lifetime(self, seconds: float) -> None:
        """From now on keep reads this long; what is kept already runs out by then too."""
        self.lifetime = seconds
        latest = time.monotonic() + seconds
        for entry in self._guilds.values():
            entry.expires = min(entry.expires, latest)

    async def read(self, guild_id: int, key: Key, load: Callable[[], Awaitable[T]]) -> T:
        """The value kept for key, else what load() reads: one load for all who ask meanwhile."""
        entry = self._entry(guild_id)
        if key in entry.values:
            if self.on_read is not None:
                self.on_read(True)
            return entry.values[key]
        task = entry.pending.get(key)
        if self.on_read is not None:
            self.on_read(task is not None)
        if task is None:
            task = asyncio.ensure_future(self._load(entry, key, load))
            task.add_done_callback(_retrieve_failure)  # if every caller gave up, none reads it
            entry.pending[key] = task
        # Shielded: one caller giving up (an interaction that expired) must not cancel the read
        # the others are waiting for.
        return await asyncio.shield(task)

    def changed(self, guild_id: int, kinds: Collection[str] | None = None) -> None:
        """This process committed a write to the server: forget the reads of these kinds (all
        when None). A read of them under way began before the write: nobody may join it now."""
        entry = self._guilds.get(guild_id)
        if entry is None:
            return
        for table in (entry.values, entry.pending):
            for key in [key for key in table if kinds is None or key[0] in kinds]:
                del table[key]

    def put(self, guild_id: int, key: Key, value: object) -> None:
        """Keep a value the store knows to be current (just written, in the same transaction);
        a read of it under way is not kept over it."""
        entry = self._guilds.get(guild_id)  # a server nobody reads here needs nothing kept
        if entry is not None:
            entry.pending.pop(key, None)
            entry.values[key] = value

    def get(self, guild_id: int, key: Key) -> Any:
        """The value kept for key, or None."""
        entry = self._guilds.get(guild_id)
        return None if entry is None else entry.values.get(key)

    def clear(self) -> None:
        """Forget every server's reads."""
        for guild_id in list(self._guilds):
            self.forget(guild_id)

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

    async def _load(self, entry: _GuildReads, key: Key, load: Callable[[], Awaitable[T]]) -> T:
        try:
            value = await load()
        finally:
            # Still registered: no write of ours changed the key while it was read.
            current = entry.pending.get(key) is asyncio.current_task()
            if current:
                del entry.pending[key]
        if current:
            entry.values[key] = value
        return value


def _retrieve_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()
