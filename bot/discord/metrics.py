"""What the bot is doing, for Prometheus, and whether it is well, for a health check.

Imported only when METRICS_ADDR is set: prometheus-client and aiohttp's web server cost the
idle process a few MB it need not carry otherwise (bot.discord.health is what the bot uses
without them).

METRICS_ADDR (host:port, loopback by default) serves two paths on the aiohttp the bot already
runs on: ``GET /healthz`` and ``GET /metrics``; anything else gets a 404 (405 for another
method). Labels name commands, outcomes, shards and store operations, never a member, a server's
name or anything typed. Gateway figures are read from the client when Prometheus scrapes, so
nothing polls in between.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector

from bot.discord.health import Health, ShardState

log = logging.getLogger(__name__)

# Answer latency buckets (seconds): most answers take milliseconds; Discord gives up after 3 s.
_ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
_STORE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


class _Gateway(Collector):
    """Per-shard gateway latency and server counts, read at scrape time."""

    def __init__(self, shards: Callable[[], tuple[ShardState, ...]]) -> None:
        self._shards = shards

    def collect(self) -> Iterator[GaugeMetricFamily]:
        latency = GaugeMetricFamily(
            "twilight_gateway_latency_seconds",
            "Round trip of the last gateway heartbeat, per shard.",
            labels=["shard"],
        )
        servers = GaugeMetricFamily(
            "twilight_servers", "Servers this process serves, per shard.", labels=["shard"]
        )
        up = GaugeMetricFamily(
            "twilight_gateway_connected",
            "1 while the shard's gateway is connected.",
            labels=["shard"],
        )
        for shard in self._shards():
            label = [str(shard.shard_id)]
            if shard.latency_s is not None:
                latency.add_metric(label, shard.latency_s)
            servers.add_metric(label, shard.servers)
            up.add_metric(label, 1.0 if shard.connected else 0.0)
        yield from (latency, servers, up)


@dataclass
class Metrics:
    """The bot's metrics in a registry of their own (not the process-wide default)."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.interactions = Counter(
            "twilight_interactions",
            "Interactions handled, by command and outcome (answered, refused, failed, late).",
            ["command", "outcome"],
            registry=r,
        )
        self.answer_seconds = Histogram(
            "twilight_answer_seconds",
            "From the member's action to the answer being sent, by command.",
            ["command"],
            buckets=_ANSWER_BUCKETS,
            registry=r,
        )
        self.deferrals = Counter(
            "twilight_deferrals", "Answers deferred to beat Discord's 3 s.", ["command"], registry=r
        )
        self.ratings = Counter("twilight_ratings_stored", "Ratings committed.", registry=r)
        self.store_seconds = Histogram(
            "twilight_store_operation_seconds",
            "Time of each store operation.",
            ["operation"],
            buckets=_STORE_BUCKETS,
            registry=r,
        )
        self.cache = Counter(
            "twilight_read_cache_requests", "Store reads by cache result.", ["result"], registry=r
        )
        self.reconnects = Counter(
            "twilight_gateway_reconnects",
            "Gateway sessions resumed or restarted.",
            ["shard"],
            registry=r,
        )
        self.backups = Counter(
            "twilight_backups",
            "Scheduled backups, by outcome (ok, failed).",
            ["outcome"],
            registry=r,
        )
        self.last_backup = Gauge(
            "twilight_last_backup_timestamp_seconds",
            "When the last scheduled backup succeeded (Unix time).",
            registry=r,
        )

        # Each labelled child once: labels() takes a lock and checks its values at every call,
        # about half of what an update costs, and an interaction makes about ten of them.
        self._children: dict[tuple[object, tuple[str, ...]], Any] = {}

    def _child(self, metric: Counter | Histogram, *labels: str) -> Any:
        key = (metric, labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def watch_gateway(self, shards: Callable[[], tuple[ShardState, ...]]) -> None:
        self.registry.register(_Gateway(shards))

    # What the Discord side reports (bot.discord.watch.Recorder, and the client):
    def interaction(self, command: str, outcome: str) -> None:
        self._child(self.interactions, command, outcome).inc()

    def answer_time(self, command: str, seconds: float) -> None:
        self._child(self.answer_seconds, command).observe(seconds)

    def deferral(self, command: str) -> None:
        self._child(self.deferrals, command).inc()

    def reconnected(self, shard_id: int) -> None:
        self._child(self.reconnects, str(shard_id)).inc()

    def backup_taken(self, ok: bool) -> None:
        self._child(self.backups, "ok" if ok else "failed").inc()
        if ok:
            self.last_backup.set_to_current_time()

    # The store's observer (bot.store.core.StoreObserver):
    def operation(self, name: str, seconds: float) -> None:
        self._child(self.store_seconds, name).observe(seconds)

    def cache_read(self, hit: bool) -> None:
        self._child(self.cache, "hit" if hit else "miss").inc()

    def ratings_stored(self, count: int) -> None:
        self.ratings.inc(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)


HealthCheck = Callable[[], Awaitable[Health]]


def application(metrics: Metrics, health: HealthCheck) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        state = await health()
        return web.json_response(state.body(), status=200 if state.ok else 503)

    async def scrape(_request: web.Request) -> web.Response:
        body = await asyncio.to_thread(metrics.render)  # never a stall on the event loop
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz, allow_head=False)
    app.router.add_get("/metrics", scrape, allow_head=False)
    return app


class MetricsServer:
    """The two endpoints on host:port while the bot runs."""

    def __init__(self, metrics: Metrics, health: HealthCheck, host: str, port: int) -> None:
        self._runner = web.AppRunner(application(metrics, health), access_log=None)
        self._host, self._port = host, port
        self.bound: tuple[str, int] | None = None

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        host, port = self._runner.addresses[0][:2]  # the port the system chose for port 0
        self.bound = (str(host), int(port))
        log.info("metrics and health on http://%s:%d", *self.bound)

    async def close(self) -> None:
        await self._runner.cleanup()
