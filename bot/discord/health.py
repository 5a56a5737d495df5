"""Whether the bot is well, and the reporter it uses when nothing is counted: what the bot needs
of its health and metrics without loading prometheus-client or aiohttp's web server
(bot.discord.metrics, imported only when METRICS_ADDR is set)."""

from __future__ import annotations

from dataclasses import dataclass

OUTCOMES = ("answered", "refused", "failed", "late")


@dataclass(frozen=True, slots=True)
class ShardState:
    shard_id: int
    connected: bool
    latency_s: float | None  # the last heartbeat's round trip; None before the first
    servers: int


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    problems: tuple[str, ...] = ()
    shards: tuple[ShardState, ...] = ()

    def body(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unhealthy",
            "problems": list(self.problems),
            "shards": {
                str(s.shard_id): {"connected": s.connected, "servers": s.servers}
                for s in self.shards
            },
        }


class NoMetrics:
    """What the bot reports to with METRICS_ADDR unset: nothing is counted, nothing kept."""

    def interaction(self, command: str, outcome: str) -> None:
        pass

    def answer_time(self, command: str, seconds: float) -> None:
        pass

    def deferral(self, command: str) -> None:
        pass

    def reconnected(self, shard_id: int) -> None:
        pass

    def backup_taken(self, ok: bool) -> None:
        pass
