"""The console's server and its members. Their ids come from their names, the same in every
session, so ratings given at the console are still there the next time it starts."""

from __future__ import annotations

import zlib

from bot.devtools.loopback import (
    ADMINISTRATOR,
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    FakeGuild,
    FakeMember,
    FakeUser,
    LoopbackDiscord,
)

SERVER_NAME = "Console"
YOU = "you"
OWNER_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD | ADMINISTRATOR
# Ids below this fall in Discord's first 1000 seconds (2015-01-01): no real server or user has one,
# so console ratings can't mix with a real server's in a shared database.
_EARLIEST_IDS = 1000


def stable_id(kind: str, name: str) -> str:
    """The same snowflake for the same name in every session (so ratings carry over)."""
    millis = 1 + zlib.crc32(f"{kind}:{name.casefold()}".encode()) % (_EARLIEST_IDS - 1)
    return str(millis << 22 | zlib.crc32(name.encode()) & 0x3FFFFF)


class ConsoleServer:
    """The console's server and its members, with the same ids in every session."""

    def __init__(self, fake: LoopbackDiscord) -> None:
        self.fake = fake
        you = FakeUser(stable_id("user", YOU), YOU, "You")
        self.guild = FakeGuild(
            stable_id("guild", SERVER_NAME),
            SERVER_NAME,
            stable_id("channel", "general"),
            owner_id=you.id,
        )
        fake.guilds[self.guild.id] = self.guild  # before the bot connects: it is in GUILD_CREATE
        self.you = self._join(you, OWNER_PERMISSIONS)

    def member(self, name: str, *, admin: bool = False) -> FakeMember:
        """The member called ``name``, joining the server first if new; with ``admin``, one
        allowed to manage the server (a member already there is made one)."""
        found = self.find(name)
        if found is None:
            user = FakeUser(self._free_id(name), name.casefold(), name)
            return self._join(user, OWNER_PERMISSIONS if admin else DEFAULT_MEMBER_PERMISSIONS)
        if admin and found.permissions & OWNER_PERMISSIONS != OWNER_PERMISSIONS:
            return self._join(found.user, found.permissions | OWNER_PERMISSIONS)
        return found

    def find(self, name: str) -> FakeMember | None:
        wanted = name.casefold()
        members = self.guild.members.values()
        return next((m for m in members if wanted in _names(m)), None)

    @property
    def member_names(self) -> list[str]:
        return [display_name(m) for m in self.guild.members.values()]

    def _free_id(self, name: str) -> str:
        """The name's stable id; should another member hold it already (two names whose hashes
        meet), the next free variant, so that no two members ever share cooldowns or ratings."""
        candidate, tries = stable_id("user", name), 1
        while candidate in self.guild.members:
            tries += 1
            candidate = stable_id("user", f"{name}#{tries}")
        return candidate

    def _join(self, user: FakeUser, permissions: int) -> FakeMember:
        member = FakeMember(user, self.guild.id, permissions)
        self.guild.members[user.id] = member  # replaces the member's old entry, if any
        return member


def display_name(member: FakeMember) -> str:
    """What the console calls a member: the display name, or the user name without one."""
    return member.user.display_name or member.user.name


def _names(member: FakeMember) -> set[str]:
    return {member.user.name.casefold(), (member.user.display_name or "").casefold()}
