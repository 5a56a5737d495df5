"""The bot's gateway session as the world sees it: READY and a GUILD_CREATE per guild when it
identifies, and the guild events Discord sends while it stays connected (joined, left, out).

It remembers which guilds the current session was told of: the bot forgets (or marks unavailable)
only a guild it knows, so a guild added after READY is announced before it goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.devtools.loopback.entities import FakeGuild
from bot.devtools.loopback.gateway import Gateway
from bot.devtools.loopback.world import World

Json = dict[str, Any]


class BotSession:
    def __init__(self, world: World, resume_url: Callable[[], str]) -> None:
        self._world = world
        self._resume_url = resume_url  # known only once the listener has its port
        self._announced: set[str] = set()  # guild ids the current session was told of
        self.gateway = Gateway(self._opening_dispatches)

    async def join_guild(self, guild: FakeGuild) -> None:
        self._announced.add(guild.id)
        created = guild.create_payload(self._world.bot_member())
        await self.gateway.dispatch("GUILD_CREATE", created)

    async def remove_guild(self, guild: FakeGuild) -> None:
        await self._announce(guild)
        self._world.guilds.pop(guild.id, None)
        self._announced.discard(guild.id)
        await self.gateway.dispatch("GUILD_DELETE", {"id": guild.id})

    async def outage(self, guild: FakeGuild) -> None:
        await self._announce(guild)
        await self.gateway.dispatch("GUILD_DELETE", {"id": guild.id, "unavailable": True})

    async def _announce(self, guild: FakeGuild) -> None:
        if guild.id not in self._announced:
            await self.join_guild(guild)

    def _opening_dispatches(self, session_id: str) -> list[tuple[str, Json]]:
        world = self._world
        ready = {
            "v": 10,
            "user": world.bot_account(),
            "guilds": [guild.stub() for guild in world.guilds.values()],
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": self._resume_url(),
            "application": {"id": world.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
        }
        bot_member = world.bot_member()
        self._announced = set(world.guilds)
        creates = [("GUILD_CREATE", g.create_payload(bot_member)) for g in world.guilds.values()]
        return [("READY", ready), *creates]
