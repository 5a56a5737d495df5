"""Taking turns to IDENTIFY with Discord's gateway, across every shard of the bot.

Discord lets a bot's shards open sessions at a limited rate: the shards fall into
``max_concurrency`` buckets (``shard_id % max_concurrency``, ``max_concurrency`` from
``GET /gateway/bot``), and each bucket may IDENTIFY once per ``IDENTIFY_WINDOW`` seconds. An
IDENTIFY that breaks the rule is answered with an invalid session, and a bot that keeps breaking
it spends its daily session starts. So every shard waits for its turn at an ``IdentifyGate``
first (the client calls it from discord.py's ``before_identify_hook``).

Shards of one process share the process's gate; shards of several processes must share one gate
between them, which is what a database can offer: ``RatingStore.identify_gate()`` returns the
store's gate, or None when the store can't coordinate processes (SQLite, for one process or one
host), and then the client uses a ``LocalIdentifyGate``.

A gate for a backend that can: subclass ``IdentifyGate`` and implement ``wait_turn`` (for
PostgreSQL, an advisory lock per bucket, taken when the turn starts and given up
``IDENTIFY_SPACING`` seconds later). The store owns it and releases what it holds on close().
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections import defaultdict

# Discord counts a bucket's identifies over this many seconds.
IDENTIFY_WINDOW = 5.0
# Turns are spaced a little more than the window: two identifies let through one window apart
# could otherwise reach Discord closer together than that, one having waited longer on the way.
IDENTIFY_SPACING = IDENTIFY_WINDOW + 0.25


def identify_bucket(shard_id: int, max_concurrency: int) -> int:
    """The bucket a shard identifies in (Discord's rate limit key)."""
    return shard_id % max(1, max_concurrency)


class IdentifyGate(ABC):
    """Where shards wait for their turn to IDENTIFY: at most one identify per bucket in any
    ``IDENTIFY_WINDOW`` seconds, among every shard that shares the gate."""

    @abstractmethod
    async def wait_turn(self, shard_id: int, max_concurrency: int) -> None:
        """Return once ``shard_id`` may IDENTIFY: no other shard of its bucket
        (``identify_bucket(shard_id, max_concurrency)``) was let through in the last
        ``IDENTIFY_SPACING`` seconds. Returning starts the bucket's next window, so the caller
        identifies at once. Waiters of one bucket go in the order they came."""


class LocalIdentifyGate(IdentifyGate):
    """The gate of one process: its shards take turns; other processes are not seen."""

    def __init__(self, spacing: float = IDENTIFY_SPACING) -> None:
        self._spacing = spacing
        self._free_at: dict[int, float] = {}  # loop time each bucket's window ends
        self._queues: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)  # FIFO

    async def wait_turn(self, shard_id: int, max_concurrency: int) -> None:
        bucket = identify_bucket(shard_id, max_concurrency)
        async with self._queues[bucket]:
            loop = asyncio.get_running_loop()
            left = self._free_at.get(bucket, 0.0) - loop.time()
            if left > 0:
                # The wait is the rate limit itself: the window ends at a known time.
                await asyncio.sleep(left)
            self._free_at[bucket] = loop.time() + self._spacing

    def note_turn(self, bucket: int) -> None:
        """A turn of the bucket was given elsewhere (a shared gate): one of ours waits for the
        window it started too, should this gate have to stand in for the shared one."""
        self._free_at[bucket] = asyncio.get_running_loop().time() + self._spacing
