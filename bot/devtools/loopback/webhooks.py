"""How the bot answers an interaction: the callback (within Discord's deadline), then follow-ups
and edits through the interaction's webhook. Each answer lands on the Reply it belongs to and,
when it carries a message, in the message store."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from bot.devtools.loopback.interactions import (
    CALLBACK_MESSAGE,
    CALLBACK_THINKING,
    CALLBACK_UPDATE,
    EPHEMERAL,
    LOADING,
    Reply,
)
from bot.devtools.loopback.messages import MessageStore
from bot.devtools.loopback.routing import Routes, error_response, json_response
from bot.devtools.loopback.world import World

log = logging.getLogger(__name__)

Json = dict[str, Any]

CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP_ROUTE = "POST /webhooks/{webhook_id}/{webhook_token}"
ORIGINAL_ROUTE = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
MESSAGE_ROUTE = "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"


class InteractionResponses:
    def __init__(
        self,
        world: World,
        replies: dict[str, Reply],
        messages: MessageStore,
        callback_deadline: float | None,
    ) -> None:
        self._world = world
        self._replies = replies  # by interaction token, shared with whoever injects them
        self._messages = messages
        self.callback_deadline = callback_deadline  # None: no deadline

    def routes(self) -> Routes:
        # "@original" also fits "{message_id}": its own routes come first, so that requests,
        # faults and spec checks name the template Discord's spec gives it.
        return [
            (CALLBACK_ROUTE, self._callback),
            (FOLLOWUP_ROUTE, self._follow_up),
            (f"GET {ORIGINAL_ROUTE}", self._get_message),
            (f"PATCH {ORIGINAL_ROUTE}", self._edit_message),
            (f"DELETE {ORIGINAL_ROUTE}", self._delete_message),
            (f"GET {MESSAGE_ROUTE}", self._get_message),
            (f"PATCH {MESSAGE_ROUTE}", self._edit_message),
            (f"DELETE {MESSAGE_ROUTE}", self._delete_message),
        ]

    # -- the callback --------------------------------------------------------------------------

    async def _callback(self, params: dict[str, str], body: Any) -> web.Response:
        reply = self._replies.get(params["interaction_token"])
        if reply is None or reply.interaction_id != params["interaction_id"]:
            return error_response(404, 10062, "Unknown interaction")
        if reply.callbacks:
            return error_response(400, 40060, "Interaction has already been acknowledged.")
        if self._past_deadline(reply):
            log.warning("callback for interaction %s came too late", reply.interaction_id)
            return error_response(404, 10062, "Unknown interaction")
        reply.record_callback(body)
        message = self._message_for_callback(reply, body["type"], body.get("data") or {})
        return json_response(_callback_response(reply, body["type"], message))

    def _past_deadline(self, reply: Reply) -> bool:
        if self.callback_deadline is None:
            return False
        waited = asyncio.get_running_loop().time() - reply.injected_at
        return waited > self.callback_deadline

    def _message_for_callback(self, reply: Reply, callback_type: int, data: Json) -> Json | None:
        messages = self._messages
        if callback_type == CALLBACK_MESSAGE:
            return messages.create(reply, data, data.get("flags", 0))
        if callback_type == CALLBACK_THINKING:  # a loading message the bot edits later
            return messages.create(reply, {}, LOADING | (data.get("flags", 0) & EPHEMERAL))
        if callback_type == CALLBACK_UPDATE and reply.original_message_id:
            # A component's callback edits the message the component is on.
            return messages.update(reply, reply.original_message_id, data)
        return None  # a deferred update, autocomplete choices or a modal create no message

    # -- the webhook ---------------------------------------------------------------------------

    async def _follow_up(self, params: dict[str, str], body: Any) -> web.Response:
        reply = self._webhook_reply(params)
        if reply is None:
            return error_response(404, 10015, "Unknown Webhook")
        original = self._messages.get(reply.original_message_id)
        if original is not None and original.get("flags", 0) & LOADING:
            # The first follow-up after a deferral takes the place of the loading message.
            flags = original["flags"] & EPHEMERAL
            return json_response(self._messages.update(reply, original["id"], body, flags=flags))
        return json_response(self._messages.create(reply, body, body.get("flags", 0)))

    async def _get_message(self, params: dict[str, str], _body: Any) -> web.Response:
        found = self._webhook_message(params)
        if isinstance(found, web.Response):
            return found
        return json_response(found[1])

    async def _edit_message(self, params: dict[str, str], body: Any) -> web.Response:
        found = self._webhook_message(params)
        if isinstance(found, web.Response):
            return found
        reply, message = found
        flags = message.get("flags", 0) & EPHEMERAL  # an edit ends "thinking…"
        return json_response(self._messages.update(reply, message["id"], body, flags=flags))

    async def _delete_message(self, params: dict[str, str], _body: Any) -> web.Response:
        found = self._webhook_message(params)
        if isinstance(found, web.Response):
            return found
        self._messages.delete(found[1]["id"])
        return web.Response(status=204)

    def _webhook_reply(self, params: dict[str, str]) -> Reply | None:
        if params.get("webhook_id") != self._world.application_id:
            return None
        return self._replies.get(params["webhook_token"])

    def _webhook_message(self, params: dict[str, str]) -> tuple[Reply, Json] | web.Response:
        """The reply and message a webhook path names, or the error Discord would answer."""
        reply = self._webhook_reply(params)
        if reply is None:
            return error_response(404, 10015, "Unknown Webhook")
        message = self._messages.get(params.get("message_id") or reply.original_message_id)
        if message is None:
            return error_response(404, 10008, "Unknown Message")
        return reply, message


def _callback_response(reply: Reply, callback_type: int, message: Json | None) -> Json:
    """Discord's answer to a callback: the interaction, and the message it made (if any)."""
    interaction: Json = {"id": reply.interaction_id, "type": reply.payload["type"]}
    resource: Json = {"type": callback_type}
    if message is not None:
        interaction.update(
            response_message_id=message["id"],
            response_message_loading=bool(message.get("flags", 0) & LOADING),
            response_message_ephemeral=bool(message.get("flags", 0) & EPHEMERAL),
        )
        resource["message"] = message
    return {"interaction": interaction, "resource": resource}
