"""The real minimal bot process, end to end through the loopback Discord, with Discord's faults."""

from __future__ import annotations

import asyncio

import pytest

from bot.devtools.loopback import CALLBACK_ROUTE, LoopbackDiscord

pytestmark = pytest.mark.usefixtures("minimal_bot")

CALLBACK_TEMPLATE = CALLBACK_ROUTE.split(" ", 1)[1]


def assert_pong(message: dict) -> None:
    (embed,) = message["embeds"]
    assert embed["title"] == "Pong"
    assert [field["name"] for field in embed["fields"]] == ["Latency"]


def callback_statuses(fake: LoopbackDiscord) -> list[int]:
    return [r.status for r in fake.requests if r.route_template == CALLBACK_TEMPLATE]


async def test_the_bot_syncs_ping_logs_in_and_answers_it_with_an_embed(
    fake: LoopbackDiscord,
) -> None:
    reply = await fake.invoke("ping")

    assert_pong(await reply.response())
    assert [c["name"] for c in fake.commands()] == ["ping"]
    assert len(reply.callbacks) == 1
    assert fake.sessions == 1
    assert fake.gateway_compressions == ["zlib-stream"]
    assert fake.unhandled == []
    assert fake.violations == []


async def test_the_bot_logs_in_in_discord_order(fake: LoopbackDiscord) -> None:
    login = [(r.method, r.path) for r in fake.requests if r.method == "GET"][-3:]

    assert login == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
        ("GET", "/gateway/bot"),  # asked by steer_gateway, since DISCORD_API_BASE is not Discord
    ]


async def test_a_dm_invocation_is_answered(fake: LoopbackDiscord) -> None:
    stranger = fake.add_member(None, name="stranger")

    reply = await fake.invoke("ping", member=stranger)

    assert_pong(await reply.response())
    assert reply.payload["user"]["id"] == stranger.id


@pytest.mark.parametrize("global_", [False, True], ids=["route", "global"])
async def test_a_rate_limited_callback_is_retried_and_answered_once(
    fake: LoopbackDiscord, global_: bool
) -> None:
    fake.fail_next(CALLBACK_ROUTE, count=2, status=429, retry_after=0.05, global_=global_)

    reply = await fake.invoke("ping")

    assert_pong(await reply.response())
    assert callback_statuses(fake) == [429, 429, 200]
    assert len(reply.callbacks) == 1
    assert fake.violations == []


async def test_a_503_on_the_callback_is_retried_and_answered_once(fake: LoopbackDiscord) -> None:
    fake.fail_next(CALLBACK_ROUTE, status=503)

    reply = await fake.invoke("ping")

    assert_pong(await reply.response(timeout=5))  # discord.py waits 1 s before its retry
    assert callback_statuses(fake) == [503, 200]
    assert len(reply.callbacks) == 1


async def test_after_a_resumable_close_the_bot_resumes_and_gets_what_it_missed(
    fake: LoopbackDiscord,
) -> None:
    await fake.close_gateway(code=4000)
    missed = await fake.invoke("ping")  # dispatched while the bot is away: replayed on RESUME

    assert_pong(await missed.response(timeout=10))
    assert (fake.sessions, fake.resumes) == (1, 1)
    assert_pong(await (await fake.invoke("ping")).response())


async def test_on_reconnect_the_bot_resumes_and_answers(fake: LoopbackDiscord) -> None:
    await fake.send_reconnect()
    await fake.wait_for_ready(timeout=10)

    reply = await fake.invoke("ping")

    assert_pong(await reply.response())
    assert (fake.sessions, fake.resumes) == (1, 1)


async def test_after_an_invalid_session_the_bot_identifies_again_and_answers(
    fake: LoopbackDiscord,
) -> None:
    await fake.invalidate_session(resumable=False)
    await fake.wait_for_ready(timeout=15)  # discord.py waits a fixed 5 s before re-identifying

    reply = await fake.invoke("ping")

    assert_pong(await reply.response())
    assert (fake.sessions, fake.resumes) == (2, 0)
    assert fake.violations == []


async def test_every_interaction_of_a_burst_is_answered_exactly_once(
    fake: LoopbackDiscord,
) -> None:
    members = [fake.add_member(fake.default_guild, name=f"fan{i}") for i in range(50)]

    replies = await asyncio.gather(*(fake.invoke("ping", member=m) for m in members))
    answers = await asyncio.gather(*(reply.response(timeout=10) for reply in replies))

    assert len({answer["id"] for answer in answers}) == len(members)
    assert all(len(reply.callbacks) == 1 for reply in replies)
    assert fake.violations == []
