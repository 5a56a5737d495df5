"""The loopback Discord's REST side as discord.py sees it, probed with a plain HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.devtools.loopback import LoopbackDiscord

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


@pytest.fixture
async def http(fake: LoopbackDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=fake.api_base + "/") as session:
        yield session


async def test_json_answers_carry_exactly_application_json(
    fake: LoopbackDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.get("users/@me") as response:
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["id"] == fake.bot_user.id


async def test_the_gateway_url_points_at_the_fakes_own_websocket(
    fake: LoopbackDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.get("gateway/bot") as response:
        assert (await response.json())["url"] == fake.gateway_url


async def test_a_429_carries_via_and_retry_after_as_discord_sends_them(
    fake: LoopbackDiscord, http: aiohttp.ClientSession
) -> None:
    fake.fail_next("GET /users/@me", status=429, retry_after=0.25, global_=True)

    async with http.get("users/@me") as response:
        assert response.status == 429
        assert response.headers["Via"]
        assert await response.json() == {
            "message": "You are being rate limited.",
            "retry_after": 0.25,
            "global": True,
        }
    async with http.get("users/@me") as response:
        assert response.status == 200  # only the next request failed


async def test_an_unknown_route_is_a_logged_404(
    fake: LoopbackDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.post("channels/1/typing") as response:
        assert response.status == 404

    assert [(r.method, r.path) for r in fake.unhandled] == [("POST", "/channels/1/typing")]


async def test_a_body_that_breaks_the_spec_is_refused_and_recorded(
    fake: LoopbackDiscord, http: aiohttp.ClientSession
) -> None:
    bad = [{"name": "ping", "description": "d" * 101}]

    async with http.put(f"applications/{fake.application_id}/commands", json=bad) as response:
        assert response.status == 400

    assert len(fake.violations) == 1
    assert "description" in fake.violations[0]
    assert fake.commands() == []


async def test_validation_can_be_switched_off_for_benchmarks(
    http: aiohttp.ClientSession, fake: LoopbackDiscord
) -> None:
    fake.validator = None
    command = [{"name": "ping", "description": "d" * 101}]

    async with http.put(f"applications/{fake.application_id}/commands", json=command) as response:
        assert response.status == 200

    assert fake.violations == []
    assert [c["name"] for c in fake.commands()] == ["ping"]


async def test_an_unknown_interaction_cannot_be_answered(
    fake: LoopbackDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.post("interactions/1/nope/callback", json={"type": 5}) as response:
        assert response.status == 404
        assert (await response.json())["code"] == 10062
