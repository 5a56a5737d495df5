"""Real, time-based Discord snowflakes: discord.py derives creation times and expiry from them."""

from __future__ import annotations

import itertools
import secrets
import time

DISCORD_EPOCH_MS = 1_420_070_400_000
_INCREMENT_BITS = 12


class SnowflakeFactory:
    """Hands out unique, increasing snowflakes stamped with the current time."""

    def __init__(self, worker_id: int = 1, process_id: int = 1) -> None:
        self._prefix = ((worker_id & 0x1F) << 17) | ((process_id & 0x1F) << 12)
        self._increments = itertools.count()
        self._last = 0

    def next(self) -> str:
        stamp = int(time.time() * 1000) - DISCORD_EPOCH_MS
        candidate = (stamp << 22) | self._prefix | (next(self._increments) % (1 << _INCREMENT_BITS))
        # Keep ids strictly increasing even when many are made within one millisecond.
        self._last = max(candidate, self._last + 1)
        return str(self._last)

    def next_on_shard(self, shard_id: int, shard_count: int) -> str:
        """A snowflake that Discord's sharding puts on ``shard_id`` of ``shard_count``: its
        millisecond stamp, taken mod the count, is the shard (a few milliseconds ahead at most)."""
        stamp = max(int(time.time() * 1000) - DISCORD_EPOCH_MS, (self._last >> 22) + 1)
        stamp += (shard_id - stamp) % shard_count
        increment = next(self._increments) % (1 << _INCREMENT_BITS)
        self._last = (stamp << 22) | self._prefix | increment
        return str(self._last)


def new_token() -> str:
    """An interaction token: URL-safe, because it travels in request paths."""
    return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
