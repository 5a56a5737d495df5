"""Who exists in the loopback Discord: the application, its bot user and owner, the guilds and
their members. Every part of the fake takes its snowflakes from the one factory here, so ids stay
unique and increasing across guilds, messages, commands and attachments alike."""

from __future__ import annotations

from typing import Any

from bot.devtools.loopback.entities import (
    DEFAULT_MEMBER_PERMISSIONS,
    FakeGuild,
    FakeMember,
    FakeUser,
)
from bot.devtools.loopback.snowflakes import SnowflakeFactory

Json = dict[str, Any]


class World:
    """The application and the guilds; it starts with one guild and one ordinary member in it."""

    def __init__(self) -> None:
        self.ids = SnowflakeFactory()
        self.application_id = self.ids.next()
        self.bot_user = FakeUser(self.application_id, "Twilight Bot", bot=True)
        self.owner = FakeUser(self.ids.next(), "owner", "Owner")
        self.guilds: dict[str, FakeGuild] = {}
        self.default_guild = self.add_guild("Film Club")
        self.default_member = self.add_member(
            self.default_guild, name="viewer", display_name="Viewer"
        )

    def add_guild(self, name: str, *, locale: str = "en-US") -> FakeGuild:
        guild = FakeGuild(self.ids.next(), name, self.ids.next(), self.owner.id, locale)
        self.guilds[guild.id] = guild
        return guild

    def add_member(
        self,
        guild: FakeGuild | None,
        *,
        name: str,
        display_name: str | None = None,
        permissions: int = DEFAULT_MEMBER_PERMISSIONS,
        roles: tuple[str, ...] = (),
    ) -> FakeMember:
        """A member of ``guild``; with ``guild=None`` a user who talks to the bot in DMs."""
        user = FakeUser(self.ids.next(), name, display_name)
        member = FakeMember(user, guild.id if guild else None, permissions, roles)
        if guild is not None:
            guild.members[user.id] = member
        return member

    def bot_account(self) -> Json:
        """The bot's user as Discord shows it to the bot itself (in READY and ``/users/@me``)."""
        return {**self.bot_user.payload(), "verified": True, "mfa_enabled": False}

    def bot_member(self) -> Json:
        """The bot as a member of a guild, as GUILD_CREATE lists it."""
        return FakeMember(self.bot_user, None).payload()
