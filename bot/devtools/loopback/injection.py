"""Building the INTERACTION_CREATE bodies the loopback Discord injects: who acts and where, the
command typed as its synced schema says, and the envelope Discord wraps around it."""

from __future__ import annotations

from typing import Any

from bot.devtools.loopback.commands import CommandRegistry
from bot.devtools.loopback.entities import DEFAULT_MEMBER_PERMISSIONS, FakeGuild, FakeMember
from bot.devtools.loopback.interactions import (
    ATTACHMENT_SIZE_LIMIT,
    Origin,
    nest_options,
    resolve_path,
    resolved_users,
    type_options,
)
from bot.devtools.loopback.snowflakes import new_token
from bot.devtools.loopback.world import World

Json = dict[str, Any]

# "The member's own guild" (or a DM for a user met only in DMs): the default where ``None``
# already means "in a DM".
ANY_GUILD: Any = object()


class InteractionBuilder:
    def __init__(self, world: World, commands: CommandRegistry, default_member: FakeMember) -> None:
        self._world = world
        self._commands = commands
        self._default_member = default_member  # who acts when a test names nobody

    def origin(self, member: FakeMember | None, guild: FakeGuild | None) -> Origin:
        member = member or self._default_member
        if guild is ANY_GUILD:
            guild = self._world.guilds[member.guild_id] if member.guild_id else None
        return Origin(member, guild, dm_channel_id=_dm_channel_id(member))

    def command_data(
        self, name: str, values: dict[str, Any], origin: Origin, *, focused: str | None, forge: bool
    ) -> Json:
        """The ``data`` of a slash command (``name`` may be "group sub") with these options."""
        words = name.split()
        command = self._commands.find(words[0], origin.guild)
        schema, chain = resolve_path(command, words[1:])
        leaf = type_options(schema, values, focused=focused, forge=forge)
        data: Json = {
            "id": command["id"],
            "name": command["name"],
            "type": command.get("type", 1),
            "options": nest_options(chain, leaf),
        }
        if resolved := resolved_users(values):
            data["resolved"] = resolved
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def payload(self, interaction_type: int, data: Json, origin: Origin, locale: str) -> Json:
        return {
            "id": self._world.ids.next(),
            "application_id": self._world.application_id,
            "type": interaction_type,
            "token": new_token(),
            "version": 1,
            "data": data,
            "locale": locale,
            "app_permissions": str(DEFAULT_MEMBER_PERMISSIONS),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            **origin.fields(),
        }


def find_component(components: list[Json], custom_id: str) -> Json | None:
    """The component with ``custom_id``, however deep in rows, sections or accessories."""
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        nested = component.get("components") or []
        if accessory := component.get("accessory"):
            nested = [*nested, accessory]
        if found := find_component(nested, custom_id):
            return found
    return None


def _dm_channel_id(member: FakeMember) -> str:
    # A stable, distinct id per user (a real DM channel has its own snowflake).
    return str(int(member.id) + 1)
