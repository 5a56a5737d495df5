"""The health and metrics endpoints on their own: what each path answers, in Prometheus's text
format, and nothing else served."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.discord.metrics import Health, Metrics, MetricsServer, ShardState


class Switch:
    """What the health check reports, as a test sets it."""

    def __init__(self) -> None:
        self.health = Health(True, shards=(ShardState(0, True, 0.04, 3),))

    async def __call__(self) -> Health:
        return self.health


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, Metrics, Switch]]:
    metrics, switch = Metrics(), Switch()
    metrics.watch_gateway(lambda: switch.health.shards)
    server = MetricsServer(metrics, switch, "127.0.0.1", 0)
    await server.start()
    assert server.bound is not None
    host, port = server.bound
    try:
        yield f"http://{host}:{port}", metrics, switch
    finally:
        await server.close()


async def get(url: str, method: str = "GET") -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.request(method, url) as response:
        return response.status, await response.text()


async def test_healthz_is_200_when_well_and_503_naming_the_problem(
    served: tuple[str, Metrics, Switch],
) -> None:
    base, _, switch = served
    assert (await get(f"{base}/healthz"))[0] == 200

    switch.health = Health(
        False, ("shard 0: gateway disconnected",), (ShardState(0, False, None, 3),)
    )
    status, body = await get(f"{base}/healthz")

    assert status == 503
    assert "shard 0: gateway disconnected" in body


async def test_metrics_are_prometheus_text_with_the_counts_recorded(
    served: tuple[str, Metrics, Switch],
) -> None:
    base, metrics, _ = served
    metrics.interactions.labels("rate", "answered").inc(3)
    metrics.ratings_stored(3)
    metrics.cache_read(hit=True)

    status, body = await get(f"{base}/metrics")

    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }
    assert status == 200
    assert (
        samples[("twilight_interactions_total", (("command", "rate"), ("outcome", "answered")))]
        == 3
    )
    assert samples[("twilight_ratings_stored_total", ())] == 3
    assert samples[("twilight_read_cache_requests_total", (("result", "hit"),))] == 1
    assert samples[("twilight_servers", (("shard", "0"),))] == 3
    assert samples[("twilight_gateway_latency_seconds", (("shard", "0"),))] == pytest.approx(0.04)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 404), ("GET", "/admin", 404), ("POST", "/metrics", 405)],
)
async def test_nothing_else_is_served(
    served: tuple[str, Metrics, Switch], method: str, path: str, status: int
) -> None:
    base, _, _ = served
    assert (await get(f"{base}{path}", method))[0] == status
