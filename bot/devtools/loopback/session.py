"""The bot's gateway sessions as the world sees them: READY and a GUILD_CREATE per guild of the
shard when it identifies, and the guild events Discord sends while it stays connected (joined,
left, out), each to the shard that owns the guild.

It remembers which guilds each shard's session was told of: the bot forgets (or marks
unavailable) only a guild it knows, so a guild added after READY is announced before it goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.devtools.loopback.entities import FakeGuild
from bot.devtools.loopback.gateway import Gateway, Shard
from bot.devtools.loopback.world import World

Json = dict[str, Any]


class BotSession:
    def __init__(self, world: World, resume_url: Callable[[], str], gateway: Gateway) -> None:
        self._world = world
        self._resume_url = resume_url  # known only once the listener has its port
        self._announced: dict[int, set[str]] = {}  # by shard id: guild ids its session was told of
        self.gateway = gateway

    async def join_guild(self, guild: FakeGuild) -> None:
        for shard_id in self.gateway.owners(int(guild.id)):
            self._announced.setdefault(shard_id, set()).add(guild.id)
        created = guild.create_payload(self._world.bot_member())
        await self.gateway.dispatch("GUILD_CREATE", created, guild_id=int(guild.id))

    async def remove_guild(self, guild: FakeGuild) -> None:
        await self._announce(guild)
        self._world.guilds.pop(guild.id, None)
        for announced in self._announced.values():
            announced.discard(guild.id)
        await self.gateway.dispatch("GUILD_DELETE", {"id": guild.id}, guild_id=int(guild.id))

    async def outage(self, guild: FakeGuild) -> None:
        await self._announce(guild)
        gone = {"id": guild.id, "unavailable": True}
        await self.gateway.dispatch("GUILD_DELETE", gone, guild_id=int(guild.id))

    async def _announce(self, guild: FakeGuild) -> None:
        owners = self.gateway.owners(int(guild.id))
        if any(guild.id not in self._announced.get(shard_id, set()) for shard_id in owners):
            await self.join_guild(guild)

    def opening_dispatches(self, session_id: str, shard: Shard) -> list[tuple[str, Json]]:
        world = self._world
        guilds = [g for g in world.guilds.values() if shard.owns(int(g.id))]
        ready = {
            "v": 10,
            "user": world.bot_account(),
            "guilds": [guild.stub() for guild in guilds],
            "session_id": session_id,
            "shard": [shard.id, shard.count],
            "session_type": "normal",
            "resume_gateway_url": self._resume_url(),
            "application": {"id": world.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
        }
        bot_member = world.bot_member()
        self._announced[shard.id] = {guild.id for guild in guilds}
        creates = [("GUILD_CREATE", g.create_payload(bot_member)) for g in guilds]
        return [("READY", ready), *creates]
