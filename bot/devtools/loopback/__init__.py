"""A loopback Discord: a small fake of Discord's v10 REST API and gateway on 127.0.0.1.

The real, unmodified bot logs into it through ``DISCORD_API_BASE``; tests, benchmarks and the
``console`` subcommand drive the bot through it.
"""

from bot.devtools.loopback.entities import (
    ADMINISTRATOR,
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    FakeGuild,
    FakeMember,
    FakeUser,
)
from bot.devtools.loopback.gateway import IDENTIFY_WINDOW, IdentifyRecord, Shard, shard_of
from bot.devtools.loopback.interactions import EPHEMERAL, Origin, Reply, UnknownOptionError
from bot.devtools.loopback.recording import Validator
from bot.devtools.loopback.routing import RecordedRequest
from bot.devtools.loopback.server import LoopbackDiscord
from bot.devtools.loopback.webhooks import CALLBACK_ROUTE, FOLLOWUP_ROUTE

__all__ = [
    "ADMINISTRATOR",
    "CALLBACK_ROUTE",
    "DEFAULT_MEMBER_PERMISSIONS",
    "EPHEMERAL",
    "FOLLOWUP_ROUTE",
    "IDENTIFY_WINDOW",
    "MANAGE_GUILD",
    "FakeGuild",
    "FakeMember",
    "FakeUser",
    "IdentifyRecord",
    "LoopbackDiscord",
    "Origin",
    "RecordedRequest",
    "Reply",
    "Shard",
    "UnknownOptionError",
    "Validator",
    "shard_of",
]
