"""Injected interactions and the replies matched to them, with a hand-driven bot on the wire."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.devtools.loopback import EPHEMERAL, LoopbackDiscord, UnknownOptionError

COMMANDS = [
    {
        "name": "couple",
        "description": "A couple from the show.",
        "options": [
            {"type": 3, "name": "name", "description": "Who", "autocomplete": True},
            {"type": 4, "name": "score", "description": "1-10", "required": False},
        ],
    },
    {
        "name": "admin",
        "description": "Server admin.",
        "options": [{"type": 1, "name": "reset", "description": "Reset the scores."}],
    },
]


class WireBot:
    """Just enough of a bot: identified on the gateway, answering over REST."""

    def __init__(self, fake: LoopbackDiscord, http: aiohttp.ClientSession) -> None:
        self.fake, self.http = fake, http
        self.ws: aiohttp.ClientWebSocketResponse | None = None

    async def connect(self) -> None:
        self.ws = await self.http.ws_connect(self.fake.gateway_url + "?v=10&encoding=json")
        await self.ws.receive_json()  # HELLO
        await self.ws.send_json({"op": 2, "d": {"token": "t"}})
        await self.fake.wait_for_ready(timeout=5)

    async def next_interaction(self) -> dict[str, Any]:
        assert self.ws is not None
        while True:
            frame = json.loads((await self.ws.receive()).data)
            if frame.get("t") == "INTERACTION_CREATE":
                return frame["d"]

    async def post(self, path: str, body: object, method: str = "POST") -> tuple[int, Any]:
        async with self.http.request(method, self.fake.api_base + path, json=body) as response:
            return response.status, await response.json()

    async def callback(self, interaction: dict[str, Any], body: object) -> tuple[int, Any]:
        path = f"/interactions/{interaction['id']}/{interaction['token']}/callback"
        return await self.post(path + "?with_response=1", body)


@pytest.fixture
async def bot(fake: LoopbackDiscord) -> AsyncIterator[WireBot]:
    async with aiohttp.ClientSession() as http:
        wire = WireBot(fake, http)
        commands = f"/applications/{fake.application_id}/commands"
        status, _ = await wire.post(commands, COMMANDS, method="PUT")
        assert status == 200
        await wire.connect()
        yield wire
        assert wire.ws is not None
        await wire.ws.close()


async def test_options_are_typed_by_the_synced_schema(fake: LoopbackDiscord, bot: WireBot) -> None:
    await fake.invoke("couple", {"name": "Rei", "score": "8"})

    interaction = await bot.next_interaction()

    assert interaction["data"]["options"] == [
        {"name": "name", "type": 3, "value": "Rei"},
        {"name": "score", "type": 4, "value": 8},
    ]
    assert interaction["member"]["roles"] == []
    assert interaction["attachment_size_limit"] > 0


async def test_subcommands_are_nested_and_unknown_options_refused_unless_forged(
    fake: LoopbackDiscord, bot: WireBot
) -> None:
    with pytest.raises(UnknownOptionError):
        await fake.invoke("couple", {"nmae": "Rei"})
    await fake.invoke("admin reset")
    await fake.invoke("couple", {"score": 11, "extra": "x"}, forge=True)

    reset, forged = await bot.next_interaction(), await bot.next_interaction()

    assert reset["data"]["options"] == [{"name": "reset", "type": 1, "options": []}]
    assert forged["data"]["options"][1] == {"name": "extra", "type": 3, "value": "x"}


async def test_a_deferral_then_a_follow_up_is_the_response(
    fake: LoopbackDiscord, bot: WireBot
) -> None:
    reply = await fake.invoke("couple", {"name": "Rei"})
    interaction = await bot.next_interaction()

    status, deferred = await bot.callback(interaction, {"type": 5, "data": {"flags": EPHEMERAL}})
    assert status == 200
    assert deferred["interaction"]["response_message_loading"] is True
    assert not reply.answered
    path = f"/webhooks/{fake.application_id}/{interaction['token']}"
    await bot.post(path, {"content": "Rei & Shion"})

    message = await reply.response()
    assert message["content"] == "Rei & Shion"
    assert message["flags"] == EPHEMERAL
    assert message["id"] == deferred["interaction"]["response_message_id"]


async def test_a_second_acknowledgement_is_refused_as_discord_does(
    fake: LoopbackDiscord, bot: WireBot
) -> None:
    reply = await fake.invoke("couple", {"name": "Rei"})
    interaction = await bot.next_interaction()

    first, _ = await bot.callback(interaction, {"type": 4, "data": {"content": "one"}})
    second, error = await bot.callback(interaction, {"type": 4, "data": {"content": "two"}})

    assert (first, second, error["code"]) == (200, 400, 40060)
    assert [m["content"] for m in reply.all_messages] == ["one"]


async def test_a_callback_after_three_seconds_is_an_unknown_interaction(
    fake: LoopbackDiscord, bot: WireBot
) -> None:
    fake.callback_deadline = 0.0  # as if the bot had taken longer than Discord's 3 s
    await fake.invoke("couple", {"name": "Rei"})
    interaction = await bot.next_interaction()

    status, error = await bot.callback(interaction, {"type": 4, "data": {"content": "late"}})

    assert (status, error["code"]) == (404, 10062)


async def test_autocomplete_returns_the_offered_choices(
    fake: LoopbackDiscord, bot: WireBot
) -> None:
    choices = [{"name": "Rei & Shion", "value": "rei-shion"}]

    async def answer() -> None:
        interaction = await bot.next_interaction()
        assert interaction["type"] == 4
        assert interaction["data"]["options"][0] == {
            "name": "name",
            "type": 3,
            "value": "Re",
            "focused": True,
        }
        await bot.callback(interaction, {"type": 8, "data": {"choices": choices}})

    offered, _ = await asyncio.gather(
        fake.autocomplete("couple", {"name": "Re"}, focused="name"), answer()
    )
    assert offered == choices


async def test_pressing_a_button_updates_the_message_it_sits_on(
    fake: LoopbackDiscord, bot: WireBot
) -> None:
    button = {"type": 2, "style": 1, "label": "More", "custom_id": "more"}
    reply = await fake.invoke("couple", {"name": "Rei"})
    interaction = await bot.next_interaction()
    row = {"type": 1, "components": [button]}
    await bot.callback(interaction, {"type": 4, "data": {"content": "a", "components": [row]}})
    message = await reply.response()

    press = await fake.press(message, custom_id="more")
    pressed = await bot.next_interaction()
    await bot.callback(pressed, {"type": 7, "data": {"content": "b"}})

    assert pressed["data"] == {"custom_id": "more", "component_type": 2}
    updated = await press.response()
    assert (updated["id"], updated["content"]) == (message["id"], "b")
    assert fake.violations == []
