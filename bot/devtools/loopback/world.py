"""Who exists in the loopback Discord: the application, its bot user and owner, the guilds and
their members. Every part of the fake takes its snowflakes from the one factory here, so ids stay
unique and increasing across guilds, messages, commands and attachments alike."""

from __future__ import annotations

from typing import Any

from bot.devtools.loopback.entities import FakeGuild, FakeMember, FakeUser
from bot.devtools.loopback.gateway import Shard
from bot.devtools.loopback.snowflakes import SnowflakeFactory

Json = dict[str, Any]


class World:
    """The application, its bot user and owner, and the guilds (each holding its members)."""

    def __init__(self) -> None:
        self.ids = SnowflakeFactory()
        self.application_id = self.ids.next()
        self.bot_user = FakeUser(self.application_id, "Twilight Bot", bot=True)
        self.owner = FakeUser(self.ids.next(), "owner", "Owner")
        self.guilds: dict[str, FakeGuild] = {}

    def add_guild(
        self, name: str, *, locale: str = "en-US", shard: Shard | None = None
    ) -> FakeGuild:
        """A guild; with ``shard``, one whose id lands on that shard."""
        guild_id = self.ids.next_on_shard(shard.id, shard.count) if shard else self.ids.next()
        guild = FakeGuild(guild_id, name, self.ids.next(), self.owner.id, locale)
        self.guilds[guild.id] = guild
        return guild

    def bot_account(self) -> Json:
        """The bot's user as Discord shows it to the bot itself (in READY and ``/users/@me``)."""
        return {**self.bot_user.payload(), "verified": True, "mfa_enabled": False}

    def bot_member(self) -> Json:
        """The bot as a member of a guild, as GUILD_CREATE lists it."""
        return FakeMember(self.bot_user, None).payload()
