"""The messages the bot sent in answer to interactions, kept as Discord would return them, so
that a later edit, fetch or button press sees the message as it is now."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.devtools.loopback.interactions import Reply
from bot.devtools.loopback.world import World

Json = dict[str, Any]

# What of a request body becomes part of the message; the rest steers the request.
_MESSAGE_KEYS = ("content", "embeds", "components", "allowed_mentions", "attachments", "poll")


class MessageStore:
    def __init__(self, world: World) -> None:
        self._world = world
        self.by_id: dict[str, Json] = {}

    def get(self, message_id: str | None) -> Json | None:
        return self.by_id.get(message_id or "")

    def delete(self, message_id: str) -> None:
        self.by_id.pop(message_id, None)

    def create(self, reply: Reply, data: Json, flags: int) -> Json:
        """A new message answering ``reply``; the first one becomes its "original" message."""
        world = self._world
        message_id = world.ids.next()
        message = {
            "id": message_id,
            "type": 20 if reply.original_message_id is None else 0,  # 20: a reply, 0: a follow-up
            "channel_id": reply.payload.get("channel_id"),
            "author": world.bot_user.payload(),
            "webhook_id": world.application_id,
            "application_id": world.application_id,
            "content": "",
            "embeds": [],
            "components": [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            **_message_fields(data),
            "flags": flags,
            "interaction_metadata": _interaction_metadata(reply),
        }
        self.by_id[message_id] = message
        if reply.original_message_id is None:
            reply.original_message_id = message_id
        reply.record_message(message)
        return message

    def update(
        self, reply: Reply, message_id: str, data: Json, *, flags: int | None = None
    ) -> Json:
        """Edit a stored message; ``flags`` replaces its flags (an edit ends "thinking…")."""
        message = {
            **self.by_id[message_id],
            **_message_fields(data),
            "edited_timestamp": datetime.now(UTC).isoformat(),
        }
        if flags is not None:
            message["flags"] = flags
        self.by_id[message_id] = message
        reply.record_message(message)
        return message


def _message_fields(data: Json) -> Json:
    fields = {key: data[key] for key in _MESSAGE_KEYS if key in data and data[key] is not None}
    fields.pop("allowed_mentions", None)  # kept only in the recorded request, as on Discord
    return fields


def _interaction_metadata(reply: Reply) -> Json:
    payload = reply.payload
    user = payload.get("member", {}).get("user") or payload.get("user")
    return {"id": reply.interaction_id, "type": payload["type"], "user": user}
