"""The loopback Discord's world: users, guilds and members, and their wire payloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.devtools.loopback.snowflakes import DISCORD_EPOCH_MS

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
# What an ordinary member of a fan server may do: talk, read, react, use commands; no moderation.
DEFAULT_MEMBER_PERMISSIONS = (
    (1 << 0)  # create invite
    | (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 26)  # change nickname
    | (1 << 31)  # use application commands
)


def snowflake_time(snowflake: str) -> str:
    millis = (int(snowflake) >> 22) + DISCORD_EPOCH_MS
    return datetime.fromtimestamp(millis / 1000, tz=UTC).isoformat()


@dataclass(frozen=True, slots=True)
class FakeUser:
    id: str
    name: str
    display_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, object]:
        return {
            "id": self.id,
            "username": self.name,
            "global_name": self.display_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass(slots=True)
class FakeGuild:
    id: str
    name: str
    channel_id: str  # the one text channel where members use commands
    owner_id: str
    locale: str = "en-US"
    members: dict[str, FakeMember] = field(default_factory=dict)

    def stub(self) -> dict[str, object]:
        """How READY lists a guild before its GUILD_CREATE arrives."""
        return {"id": self.id, "unavailable": True}

    def channel_payload(self) -> dict[str, object]:
        return {
            "id": self.channel_id,
            "type": 0,
            "guild_id": self.id,
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def everyone_role(self) -> dict[str, object]:
        return {
            "id": self.id,  # @everyone shares the guild's id
            "name": "@everyone",
            "permissions": str(DEFAULT_MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
            "icon": None,
            "unicode_emoji": None,
        }

    def create_payload(self, bot_member: dict[str, object]) -> dict[str, object]:
        """The GUILD_CREATE dispatch body: the full, available guild."""
        return {
            "id": self.id,
            "name": self.name,
            "unavailable": False,
            "owner_id": self.owner_id,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "features": [],
            "preferred_locale": self.locale,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "afk_timeout": 300,
            "system_channel_flags": 0,
            "large": False,
            "member_count": len(self.members) + 1,
            "joined_at": snowflake_time(self.id),
            "roles": [self.everyone_role()],
            "emojis": [],
            "stickers": [],
            "channels": [self.channel_payload()],
            "threads": [],
            "members": [bot_member],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass(frozen=True, slots=True)
class FakeMember:
    user: FakeUser
    guild_id: str | None  # None: a user met only in DMs
    permissions: int = DEFAULT_MEMBER_PERMISSIONS
    roles: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.user.id

    def payload(self) -> dict[str, object]:
        """The ``member`` object of an interaction (with its resolved permissions)."""
        return {
            "user": self.user.payload(),
            "nick": None,
            "avatar": None,
            "banner": None,
            "roles": list(self.roles),
            "joined_at": snowflake_time(self.user.id),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
            "permissions": str(self.permissions),
        }
