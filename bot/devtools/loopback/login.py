"""The REST routes the bot calls while logging in: who it is, its application, where the gateway
is. discord.py refuses to connect unless each answer has the fields a real one has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.devtools.loopback.routing import Routes, json_response
from bot.devtools.loopback.world import World

SESSION_STARTS_PER_DAY = 1000


class LoginEndpoints:
    """``recommended_shards`` and ``max_concurrency`` are what ``GET /gateway/bot`` tells the bot
    (settable while running); ``identifies`` counts the sessions started, for ``remaining``."""

    def __init__(
        self, world: World, gateway_url: Callable[[], str], identifies: Callable[[], int]
    ) -> None:
        self._world = world
        self._gateway_url = gateway_url  # known only once the listener has its port
        self._identifies = identifies
        self.recommended_shards = 1
        self.max_concurrency = 1

    def routes(self) -> Routes:
        return [
            ("GET /users/@me", self._get_me),
            ("GET /oauth2/applications/@me", self._get_application),
            ("GET /gateway", self._get_gateway),
            ("GET /gateway/bot", self._get_bot_gateway),
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

    async def _get_gateway(self, params: dict[str, str], body: Any) -> web.Response:
        return await self._get_bot_gateway(params, body)

    async def _get_bot_gateway(self, _params: dict[str, str], _body: Any) -> web.Response:
        limits = {
            "total": SESSION_STARTS_PER_DAY,
            "remaining": max(0, SESSION_STARTS_PER_DAY - self._identifies()),
            "reset_after": 0,
            "max_concurrency": self.max_concurrency,
        }
        body = {
            "url": self._gateway_url(),
            "shards": self.recommended_shards,
            "session_start_limit": limits,
        }
        return json_response(body)
