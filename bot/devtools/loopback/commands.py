"""The application commands the bot synced, globally and per guild, and the REST routes that sync
and list them. Injected interactions look their command up here, so an interaction can only name
a command (and options) the bot really registered."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.devtools.loopback.entities import FakeGuild
from bot.devtools.loopback.routing import Routes, error_response, json_response
from bot.devtools.loopback.world import World

Json = dict[str, Any]

_APPLICATION = "/applications/{application_id}"


class CommandRegistry:
    def __init__(self, world: World) -> None:
        self._world = world
        self._global: list[Json] = []
        self._by_guild: dict[str, list[Json]] = {}

    def listed(self, guild_id: str | None = None) -> list[Json]:
        """The commands synced globally, or for one guild, with the ids the fake assigned."""
        if guild_id is None:
            return list(self._global)
        return list(self._by_guild.get(guild_id, []))

    def find(self, name: str, guild: FakeGuild | None) -> Json:
        """The command ``name`` as a member of ``guild`` (None: in a DM) sees it; a guild's own
        command of that name comes before a global one, as in Discord's client."""
        scoped = self._by_guild.get(guild.id, []) if guild else []
        for command in [*scoped, *self._global]:
            if command["name"] == name:
                return command
        synced = [c["name"] for c in [*scoped, *self._global]]
        raise LookupError(f"/{name} was never synced; synced commands: {synced}")

    def routes(self) -> Routes:
        return [
            (f"PUT {_APPLICATION}/commands", self._put),
            (f"GET {_APPLICATION}/commands", self._get),
            (f"PUT {_APPLICATION}/guilds/{{guild_id}}/commands", self._put),
            (f"GET {_APPLICATION}/guilds/{{guild_id}}/commands", self._get),
        ]

    async def _put(self, params: dict[str, str], body: Any) -> web.Response:
        if not isinstance(body, list):
            return error_response(400, 50035, "Invalid Form Body: expected a list of commands")
        guild_id = params.get("guild_id")
        synced = [self._record(command, guild_id) for command in body]
        if guild_id is None:
            self._global = synced
        else:
            self._by_guild[guild_id] = synced
        return json_response(synced)

    async def _get(self, params: dict[str, str], _body: Any) -> web.Response:
        return json_response(self.listed(params.get("guild_id")))

    def _record(self, command: Json, guild_id: str | None) -> Json:
        """A synced command as Discord stores it: the defaults filled in, ids assigned."""
        record = {
            "type": 1,
            "description": "",
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": self._world.ids.next(),
            "application_id": self._world.application_id,
            "version": self._world.ids.next(),
        }
        if guild_id is not None:
            record["guild_id"] = guild_id
        return record
