"""Per-member cooldowns: how long a member must wait before using a command again.

Kept in memory on purpose: a restart forgetting who used what a few seconds ago costs nothing.

A cooldown is kept per server (and per DM, as server 0) and lives in the process that runs the
server's shard: Discord sends a server's commands to that shard only, and every DM to shard 0.
When a server's shard moves to another process (a restart with other SHARD_IDS), the new process
has never seen the server, so its members' cooldowns there are forgotten, as after a restart; a
process may still hold cooldowns of servers it ran before, but they are keyed by server, so one
server's cooldown never applies in another. Forgetting is the only error a move can make.
Another pick's walk is not in memory: the store keeps it, so it goes on in the new process.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Key = tuple[int, int, str]  # (guild_id, user_id, command)
# The longest cooldown a server (or the settings) may set: an hour between uses is already a lot.
MAX_COOLDOWN_SECONDS = 3600


class Cooldowns:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._ready_at: dict[Key, float] = {}

    def try_use(self, guild_id: int, user_id: int, command: str, seconds: int) -> float:
        """0.0 and the use is counted, or how many seconds are left before the next use."""
        if seconds <= 0:
            return 0.0
        now = self._clock()
        key = (guild_id, user_id, command)
        left = self._ready_at.get(key, 0.0) - now
        if left > 0:
            return left
        self._ready_at[key] = now + seconds
        self._forget_expired(now)
        return 0.0

    def _forget_expired(self, now: float) -> None:
        # Keep the table from growing with every member who ever used a command.
        if len(self._ready_at) > 10_000:
            self._ready_at = {k: t for k, t in self._ready_at.items() if t > now}
