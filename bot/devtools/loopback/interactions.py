"""Interactions the loopback Discord injects, and the replies the bot sends to them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from bot.devtools.loopback.entities import FakeGuild, FakeMember, FakeUser
from bot.devtools.loopback.routing import RecordedRequest

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 1, 2, 3, 4
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, NUMBER = 3, 4, 5, 6, 10
# How the bot answers an interaction: a callback's "type" (THINKING: Discord's "deferred message").
CALLBACK_MESSAGE, CALLBACK_THINKING, CALLBACK_DEFERRED_UPDATE = 4, 5, 6
CALLBACK_UPDATE, CALLBACK_CHOICES, CALLBACK_MODAL = 7, 8, 9
EPHEMERAL = 1 << 6
LOADING = 1 << 7
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

Json = dict[str, Any]


class UnknownOptionError(KeyError):
    """The synced command has no such option (use ``forge=True`` to send it anyway)."""


@dataclass(eq=False)
class Reply:
    """Everything that answered one injected interaction, in arrival order."""

    interaction_id: str
    token: str
    payload: Json  # the INTERACTION_CREATE body that was injected
    callbacks: list[Json] = field(default_factory=list)  # callback bodies: {"type", "data"}
    all_messages: list[Json] = field(default_factory=list)  # each message as created or edited
    requests: list[RecordedRequest] = field(default_factory=list)
    original_message_id: str | None = None
    injected_at: float = 0.0  # loop time of the INTERACTION_CREATE
    answered_at: float | None = None  # loop time of the first real answer
    _first_callback: asyncio.Future[Json] = field(default_factory=asyncio.Future)
    _first_message: asyncio.Future[Json] = field(default_factory=asyncio.Future)

    def response(self, timeout: float = 5) -> Awaitable[Json]:
        """The first real answer: the callback's message, or what replaced a deferral."""
        return asyncio.wait_for(asyncio.shield(self._first_message), timeout)

    def callback(self, timeout: float = 5) -> Awaitable[Json]:
        """The first interaction callback body (``{"type": 4, "data": {...}}`` and the like)."""
        return asyncio.wait_for(asyncio.shield(self._first_callback), timeout)

    @property
    def answered(self) -> bool:
        return self._first_message.done()

    def record_callback(self, body: Json) -> None:
        self.callbacks.append(body)
        if not self._first_callback.done():
            self._first_callback.set_result(body)

    def record_message(self, message: Json) -> None:
        """A message the bot created or edited for this interaction (loading ones don't count)."""
        self.all_messages.append(message)
        if not message.get("flags", 0) & LOADING and not self._first_message.done():
            self.answered_at = asyncio.get_running_loop().time()
            self._first_message.set_result(message)


def type_options(
    schema_options: list[Json], values: dict[str, Any], *, focused: str | None, forge: bool
) -> list[Json]:
    """Turn ``{"name": value}`` into interaction options typed by the synced command's schema."""
    by_name = {option["name"]: option for option in schema_options}
    typed = []
    for name, value in values.items():
        option = by_name.get(name)
        if option is None and not forge:
            raise UnknownOptionError(
                f"the command has no option {name!r}; known: {sorted(by_name)}"
            )
        kind = option["type"] if option else STRING
        entry: Json = {"name": name, "type": kind, "value": _wire_value(kind, value, forge=forge)}
        if name == focused:
            # While typing, Discord sends the raw text, whatever the option's type.
            entry.update(focused=True, value=str(value))
        typed.append(entry)
    return typed


def _wire_value(kind: int, value: Any, *, forge: bool) -> Any:
    if forge:
        return value  # exactly what a modified client sends, right or wrong
    if isinstance(value, FakeMember | FakeUser):
        return value.id
    converters = {STRING: str, INTEGER: int, NUMBER: float, BOOLEAN: bool}
    return converters.get(kind, str)(value)


def resolve_path(command: Json, words: list[str]) -> tuple[list[Json], list[Json]]:
    """Follow "group sub" words into a command; return (option schemas, wrapper chain)."""
    schema = command.get("options", [])
    chain: list[Json] = []
    for word in words:
        found = next((o for o in schema if o["name"] == word), None)
        if found is None or found["type"] not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            raise UnknownOptionError(f"{command['name']} has no subcommand {word!r}")
        chain.append({"name": word, "type": found["type"]})
        schema = found.get("options", [])
    return schema, chain


def nest_options(chain: list[Json], leaf_options: list[Json]) -> list[Json]:
    """Wrap leaf options in their subcommand (group) entries, innermost last."""
    options = leaf_options
    for wrapper in reversed(chain):
        options = [{**wrapper, "options": options}]
    return options


def resolved_users(values: dict[str, Any]) -> Json:
    """The ``resolved`` block Discord adds for user options."""
    users: Json = {}
    members: Json = {}
    for value in values.values():
        if isinstance(value, FakeMember):
            users[value.id] = value.user.payload()
            members[value.id] = {k: v for k, v in value.payload().items() if k != "user"}
        elif isinstance(value, FakeUser):
            users[value.id] = value.payload()
    return {"users": users, "members": members} if users else {}


@dataclass(frozen=True, slots=True)
class Origin:
    """Who acts, and where: a member in a guild channel, or a user in a DM with the bot."""

    member: FakeMember
    guild: FakeGuild | None
    dm_channel_id: str

    def fields(self) -> Json:
        if self.guild is None:
            user = self.member.user.payload()
            channel = {"id": self.dm_channel_id, "type": 1, "recipients": [user], "flags": 0}
            return {
                "user": user,
                "channel": channel,
                "channel_id": self.dm_channel_id,
                "context": 1,  # a DM with the bot
                "authorizing_integration_owners": {"0": "0"},
            }
        guild = self.guild
        return {
            "guild_id": guild.id,
            "guild": {"id": guild.id, "locale": guild.locale, "features": []},
            "guild_locale": guild.locale,
            "member": self.member.payload(),
            "channel": {**guild.channel_payload(), "permissions": str(self.member.permissions)},
            "channel_id": guild.channel_id,
            "context": 0,
            "authorizing_integration_owners": {"0": guild.id},
        }
