"""The REST routes the bot calls while logging in: who it is, its application, where the gateway
is. discord.py refuses to connect unless each answer has the fields a real one has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.devtools.loopback.routing import Routes, json_response
from bot.devtools.loopback.world import World


class LoginEndpoints:
    def __init__(self, world: World, gateway_url: Callable[[], str]) -> None:
        self._world = world
        self._gateway_url = gateway_url  # known only once the listener has its port

    def routes(self) -> Routes:
        return [
            ("GET /users/@me", self._get_me),
            ("GET /oauth2/applications/@me", self._get_application),
            ("GET /gateway", self._get_gateway),
            ("GET /gateway/bot", self._get_gateway),
        ]

    async def _get_me(self, _params: dict[str, str], _body: Any) -> web.Response:
        return json_response({**self._world.bot_account(), "locale": "en-US"})

    async def _get_application(self, _params: dict[str, str], _body: Any) -> web.Response:
        world = self._world
        return json_response(
            {
                "id": world.application_id,
                "name": world.bot_user.name,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": world.owner.payload(),
                "verify_key": "0" * 64,
                "team": None,
                "flags": 0,
                "summary": "",
                "bot": world.bot_user.payload(),
                "rpc_origins": [],
                "tags": [],
            }
        )

    async def _get_gateway(self, _params: dict[str, str], _body: Any) -> web.Response:
        limits = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        body = {"url": self._gateway_url(), "shards": 1, "session_start_limit": limits}
        return json_response(body)
