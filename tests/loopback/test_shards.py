"""The loopback Discord with a sharded bot on the wire: each shard its own session, READY with
its own servers, each server's events on its shard, DMs on shard 0, and Discord's identify rate
limit recorded and (when asked) enforced."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from typing import Any

import aiohttp
import pytest

from bot.devtools.loopback import IDENTIFY_WINDOW, FakeGuild, LoopbackDiscord, Shard, shard_of

OP_IDENTIFY, OP_INVALID_SESSION = 2, 9
COMMANDS = [{"name": "ping", "description": "Pong."}]
Frame = dict[str, Any]


class ShardSocket:
    """One shard of a bot, by hand: a socket that IDENTIFYs as ``shard`` and reads frames."""

    def __init__(self, fake: LoopbackDiscord, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.fake, self.ws = fake, ws
        self.session_id = ""  # READY's

    async def identify(self, shard: Shard | None) -> None:
        data: Frame = {"token": "t", "intents": 1, "properties": {}}
        if shard is not None:
            data["shard"] = [shard.id, shard.count]
        await self.ws.send_json({"op": OP_IDENTIFY, "d": data})

    async def frame(self) -> Frame:
        message = await self.ws.receive(timeout=5)
        assert message.type is aiohttp.WSMsgType.TEXT, message
        return json.loads(message.data)

    async def dispatch(self, event: str) -> Frame:
        """The body of the next dispatch of ``event``, skipping others."""
        while True:
            frame = await self.frame()
            if frame.get("t") == event:
                return frame["d"]

    async def opening(self) -> tuple[Frame, list[str]]:
        """READY, and the ids of the servers whose GUILD_CREATE follows it."""
        ready = await self.dispatch("READY")
        self.session_id = ready["session_id"]
        created = [(await self.dispatch("GUILD_CREATE"))["id"] for _ in ready["guilds"]]
        return ready, created


@pytest.fixture
async def sockets(fake: LoopbackDiscord) -> AsyncIterator[Callable[..., Any]]:
    """Opens shard sockets (HELLO read) that close when the test ends."""
    async with aiohttp.ClientSession() as http, AsyncExitStack() as stack:

        async def connect() -> ShardSocket:
            ws = await stack.enter_async_context(
                http.ws_connect(fake.gateway_url + "?v=10&encoding=json")
            )
            socket = ShardSocket(fake, ws)
            assert (await socket.frame())["op"] == 10  # HELLO
            return socket

        status = await _put_commands(http, fake)
        assert status == 200
        yield connect


async def _put_commands(http: aiohttp.ClientSession, fake: LoopbackDiscord) -> int:
    path = f"{fake.api_base}/applications/{fake.application_id}/commands"
    async with http.put(path, json=COMMANDS) as response:
        return response.status


async def identified(sockets: Callable[..., Any], shard: Shard) -> tuple[ShardSocket, list[str]]:
    socket = await sockets()
    await socket.identify(shard)
    ready, created = await socket.opening()
    assert ready["shard"] == [shard.id, shard.count]
    return socket, created


def guilds_on(fake: LoopbackDiscord, count: int) -> dict[int, FakeGuild]:
    """A server on each of ``count`` shards, by shard id."""
    return {i: fake.add_guild(f"On shard {i}", shard=Shard(i, count)) for i in range(count)}


async def test_gateway_bot_tells_the_shards_and_the_session_start_limit(
    fake: LoopbackDiscord,
) -> None:
    fake.recommended_shards = 4
    fake.max_concurrency = 16
    async with aiohttp.ClientSession() as http, http.get(fake.api_base + "/gateway/bot") as got:
        body = await got.json()

    assert body["url"] == fake.gateway_url
    assert body["shards"] == 4
    limits = body["session_start_limit"]
    assert limits["max_concurrency"] == 16
    assert limits["total"] >= limits["remaining"] > 0


def test_a_server_can_be_placed_on_any_shard(fake: LoopbackDiscord) -> None:
    for count in (1, 2, 3, 16):
        for shard_id in range(count):
            guild = fake.add_guild("placed", shard=Shard(shard_id, count))
            assert shard_of(int(guild.id), count) == shard_id
    ids = [int(guild_id) for guild_id in fake.guilds]
    assert ids == sorted(ids)  # still unique and increasing, as snowflakes are


async def test_each_shard_is_told_of_its_own_servers_only(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    on = guilds_on(fake, 2)

    _, first = await identified(sockets, Shard(0, 2))
    _, second = await identified(sockets, Shard(1, 2))

    assert on[0].id in first
    assert on[1].id in second
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == set(fake.guilds)
    assert all(shard_of(int(g), 2) == 0 for g in first)
    assert sorted(fake.shards) == [0, 1]


async def test_interactions_go_to_the_shard_of_their_server_and_dms_to_shard_0(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    on = guilds_on(fake, 2)
    zero, _ = await identified(sockets, Shard(0, 2))
    one, _ = await identified(sockets, Shard(1, 2))
    stranger = fake.add_member(None, name="stranger")

    await fake.invoke("ping", member=fake.add_member(on[1], name="odd"))
    await fake.invoke("ping", member=fake.add_member(on[0], name="even"))
    await fake.invoke("ping", member=stranger)

    assert (await one.dispatch("INTERACTION_CREATE"))["guild_id"] == on[1].id
    assert (await zero.dispatch("INTERACTION_CREATE"))["guild_id"] == on[0].id
    assert (await zero.dispatch("INTERACTION_CREATE"))["user"]["id"] == stranger.id
    assert fake.shard_owning(on[1]) == 1
    assert fake.shard_owning(None) == 0


async def test_a_server_joined_later_is_created_on_its_shard_only(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    zero, _ = await identified(sockets, Shard(0, 2))
    one, _ = await identified(sockets, Shard(1, 2))
    later = fake.add_guild("Later", shard=Shard(1, 2))

    await fake.join_guild(later)
    await fake.remove_guild(later)

    assert (await one.dispatch("GUILD_CREATE"))["id"] == later.id
    assert (await one.dispatch("GUILD_DELETE"))["id"] == later.id
    await fake.invoke("ping", member=fake.add_member(fake.default_guild, name="x"), guild=None)
    # shard 0 got nothing of the later server: its next frame is the DM sent after
    assert "guild_id" not in await zero.dispatch("INTERACTION_CREATE")


async def test_without_a_shard_in_identify_one_session_gets_everything(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    guilds_on(fake, 3)
    socket = await sockets()

    await socket.identify(None)
    ready, created = await socket.opening()

    assert ready["shard"] == [0, 1]
    assert set(created) == set(fake.guilds)


async def test_identifies_are_recorded_with_their_time_and_shard(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    await identified(sockets, Shard(1, 2))
    await identified(sockets, Shard(0, 2))

    log = fake.identify_log
    assert [(r.shard, r.accepted) for r in log] == [(Shard(1, 2), True), (Shard(0, 2), True)]
    assert log[0].at <= log[1].at
    assert fake.sessions == 2


async def test_an_identify_too_soon_in_its_bucket_gets_an_invalid_session(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    fake.enforce_identify_limit = True
    fake.max_concurrency = 2
    await identified(sockets, Shard(0, 4))
    await identified(sockets, Shard(1, 4))  # bucket 1: free
    too_soon = await sockets()

    await too_soon.identify(Shard(2, 4))  # bucket 0 again, within the window

    assert await too_soon.frame() == {"op": OP_INVALID_SESSION, "d": False}
    refused = fake.identify_log[-1]
    assert (refused.shard, refused.accepted) == (Shard(2, 4), False)
    assert refused.at - fake.identify_log[0].at < IDENTIFY_WINDOW
    assert sorted(fake.shards) == [0, 1]
    assert fake.sessions == 2


async def test_an_identify_of_a_shard_that_cannot_be_is_closed_with_4010(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    socket = await sockets()

    await socket.ws.send_json({"op": OP_IDENTIFY, "d": {"token": "t", "shard": [2, 2]}})

    message = await socket.ws.receive(timeout=5)
    assert message.type is aiohttp.WSMsgType.CLOSE
    assert message.data == 4010
    assert fake.shards == {}


async def test_a_shard_away_gets_its_events_on_resume_while_the_other_answers(
    fake: LoopbackDiscord, sockets: Callable[..., Any]
) -> None:
    on = guilds_on(fake, 2)
    zero, _ = await identified(sockets, Shard(0, 2))
    one, _ = await identified(sockets, Shard(1, 2))

    await fake.close_gateway(4000, shards=[1])
    missed = await fake.invoke("ping", member=fake.add_member(on[1], name="odd"))
    await fake.invoke("ping", member=fake.add_member(on[0], name="even"))
    back = await sockets()
    await back.ws.send_json({"op": 6, "d": {"token": "t", "session_id": one.session_id, "seq": 0}})

    assert (await zero.dispatch("INTERACTION_CREATE"))["guild_id"] == on[0].id
    replayed = await back.dispatch("INTERACTION_CREATE")
    assert replayed["id"] == missed.interaction_id
    await fake.wait_for_ready(shards=[0, 1])
