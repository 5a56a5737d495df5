"""The loopback Discord: enough of Discord's v10 REST API and gateway, on 127.0.0.1, for the real
bot process to log in, sync its commands and answer injected interactions.

It records every REST call, matches replies to the interaction they answer, checks each request
body with an injectable validator, and fails on request (429s, 5xx, gateway closes).
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from bot.devtools.loopback.entities import (
    DEFAULT_MEMBER_PERMISSIONS,
    FakeGuild,
    FakeMember,
    FakeUser,
)
from bot.devtools.loopback.gateway import OP_RECONNECT, Gateway
from bot.devtools.loopback.interactions import (
    APPLICATION_COMMAND,
    ATTACHMENT_SIZE_LIMIT,
    AUTOCOMPLETE,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    Origin,
    Reply,
    nest_options,
    resolve_path,
    resolved_users,
    type_options,
)
from bot.devtools.loopback.routing import (
    Fault,
    FaultPlan,
    RecordedRequest,
    RouteTemplate,
    error_response,
    fault_response,
    json_response,
)
from bot.devtools.loopback.snowflakes import SnowflakeFactory, new_token

log = logging.getLogger(__name__)

Json = dict[str, Any]
Validator = Callable[[str, str, Any], list[str]]
Handler = Callable[[dict[str, str], Any], Awaitable[web.Response]]

API_PREFIX = "/api/v10"
CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP_ROUTE = "POST /webhooks/{webhook_id}/{webhook_token}"
ORIGINAL_ROUTE = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
MESSAGE_ROUTE = "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
_ANY_GUILD: Any = object()  # "the member's own guild" (or a DM for a user met only in DMs)


class LoopbackDiscord:
    """A fake Discord for one bot. Use ``async with LoopbackDiscord() as fake:`` or start/stop."""

    def __init__(
        self,
        validator: Validator | None = None,
        *,
        backlog: int = 4096,
        reject_invalid: bool = True,
        callback_deadline: float | None = 3.0,
    ) -> None:
        self.validator = validator  # (method, route template, body) -> problems; None: no checks
        self.reject_invalid = (
            reject_invalid  # answer 400 to a body that breaks the spec, as Discord
        )
        self.callback_deadline = (
            callback_deadline  # Discord forgets an unanswered interaction in 3 s
        )
        self._backlog = backlog  # discord.py opens a connection per concurrent callback
        self._ids = SnowflakeFactory()
        self.application_id = self._ids.next()
        self.bot_user = FakeUser(self.application_id, "Twilight Bot", bot=True)
        self.owner = FakeUser(self._ids.next(), "owner", "Owner")
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.unhandled: list[RecordedRequest] = []
        self.messages: dict[str, Json] = {}
        self.guilds: dict[str, FakeGuild] = {}
        self._global_commands: list[Json] = []
        self._guild_commands: dict[str, list[Json]] = {}
        self._replies: dict[str, Reply] = {}
        self._announced: set[str] = set()  # guild ids the bot's current session was told of
        self._faults = FaultPlan()
        self._gateway = Gateway(self._opening_dispatches)
        self._routes = self._route_table()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self.default_guild = self.add_guild("Film Club")
        self.default_member = self.add_member(
            self.default_guild, name="viewer", display_name="Viewer"
        )

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._serve_rest)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=self._backlog)
        await site.start()
        self._host, self._port = host, self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop the bot first: a bot whose gateway goes away keeps trying to reconnect."""
        await self._gateway.shutdown()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LoopbackDiscord:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://{self._host}:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self._host}:{self._port}/gateway"

    # -- the world ---------------------------------------------------------------------------

    def add_guild(self, name: str, *, locale: str = "en-US") -> FakeGuild:
        guild = FakeGuild(self._ids.next(), name, self._ids.next(), self.owner.id, locale)
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
        user = FakeUser(self._ids.next(), name, display_name)
        member = FakeMember(user, guild.id if guild else None, permissions, roles)
        if guild is not None:
            guild.members[user.id] = member
        return member

    def commands(self, guild_id: str | None = None) -> list[Json]:
        """The commands the bot synced (globally, or for one guild), with the ids we assigned."""
        if guild_id is None:
            return list(self._global_commands)
        return list(self._guild_commands.get(guild_id, []))

    # -- gateway -----------------------------------------------------------------------------

    def wait_for_ready(self, timeout: float = 10) -> Awaitable[bool]:
        """Until the bot is identified (or resumed) and has its READY and GUILD_CREATEs."""
        return asyncio.wait_for(self._gateway.live.wait(), timeout)

    @property
    def sessions(self) -> int:
        return self._gateway.identifies

    @property
    def resumes(self) -> int:
        return self._gateway.resumes

    @property
    def gateway_compressions(self) -> list[str | None]:
        return list(self._gateway.compressions)

    async def close_gateway(self, code: int = 4000) -> None:
        await self._gateway.close(code)

    async def send_reconnect(self) -> None:
        await self._gateway.send_op(OP_RECONNECT, None)

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        await self._gateway.invalidate(resumable=resumable)

    async def join_guild(self, guild: FakeGuild) -> None:
        """The bot is added to ``guild`` while connected: GUILD_CREATE, as Discord sends then.

        Guilds added before the bot identifies arrive with READY; one added later is unknown to
        the bot's cache until this is sent."""
        self._announced.add(guild.id)
        bot_member = FakeMember(self.bot_user, None).payload()
        await self._gateway.dispatch("GUILD_CREATE", guild.create_payload(bot_member))

    async def remove_guild(self, guild: FakeGuild) -> None:
        """The bot is kicked from (or the owner deletes) ``guild``: GUILD_DELETE without
        ``unavailable``, so the bot's ``on_guild_remove`` runs. A guild added after READY is
        announced first, since the bot only forgets a guild it knows."""
        if guild.id not in self._announced:
            await self.join_guild(guild)
        self.guilds.pop(guild.id, None)
        self._announced.discard(guild.id)
        await self._gateway.dispatch("GUILD_DELETE", {"id": guild.id})

    async def outage(self, guild: FakeGuild) -> None:
        """``guild`` goes unavailable (a Discord outage): GUILD_DELETE with ``unavailable``; the
        bot is still a member and must keep its data."""
        if guild.id not in self._announced:
            await self.join_guild(guild)
        await self._gateway.dispatch("GUILD_DELETE", {"id": guild.id, "unavailable": True})

    def _opening_dispatches(self, session_id: str) -> list[tuple[str, Json]]:
        ready = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False},
            "guilds": [guild.stub() for guild in self.guilds.values()],
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": self.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
        }
        bot_member = FakeMember(self.bot_user, None).payload()
        self._announced = set(self.guilds)
        creates = [("GUILD_CREATE", g.create_payload(bot_member)) for g in self.guilds.values()]
        return [("READY", ready), *creates]

    # -- faults ------------------------------------------------------------------------------

    def fail_next(
        self,
        route: str = CALLBACK_ROUTE,
        *,
        count: int = 1,
        status: int = 429,
        retry_after: float = 0.05,
        global_: bool = False,
    ) -> None:
        """Answer the next ``count`` requests on ``route`` ("METHOD /template", or "*") with
        ``status``: a 429 carries ``retry_after`` (and ``global``), anything else is a 5xx."""
        self._faults.add(route, Fault(status, retry_after, global_), count)

    @property
    def pending_faults(self) -> int:
        return self._faults.pending()

    # -- injecting interactions --------------------------------------------------------------

    async def invoke(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        member: FakeMember | None = None,
        guild: FakeGuild | None = _ANY_GUILD,
        forge: bool = False,
        locale: str = "en-US",
    ) -> Reply:
        """Use a slash command by name ("admin reset" for a subcommand), its options typed by the
        synced schema. ``forge=True`` sends unknown options and untyped values as a modified
        client could."""
        origin = self._origin(member, guild)
        _command, data = self._command_data(name, options or {}, origin, focused=None, forge=forge)
        return await self.inject(APPLICATION_COMMAND, data, origin, locale=locale)

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        *,
        focused: str,
        member: FakeMember | None = None,
        guild: FakeGuild | None = _ANY_GUILD,
    ) -> list[Json]:
        """Type into option ``focused`` and return the choices the bot offers."""
        origin = self._origin(member, guild)
        _command, data = self._command_data(name, options, origin, focused=focused, forge=False)
        reply = await self.inject(AUTOCOMPLETE, data, origin)
        callback = await reply.callback()
        return list((callback.get("data") or {}).get("choices", []))

    async def press(
        self,
        message: Json,
        *,
        custom_id: str,
        values: list[str] | None = None,
        member: FakeMember | None = None,
        guild: FakeGuild | None = _ANY_GUILD,
    ) -> Reply:
        """Press a button (or choose ``values`` in a select) on a message the bot sent."""
        component = _find_component(message.get("components", []), custom_id)
        if component is None:
            raise LookupError(f"no component {custom_id!r} on message {message.get('id')}")
        data: Json = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = values
        current = self.messages.get(message["id"], message)
        origin = self._origin(member, guild)
        return await self.inject(MESSAGE_COMPONENT, data, origin, message=current)

    async def inject(
        self,
        interaction_type: int,
        data: Json,
        origin: Origin,
        *,
        message: Json | None = None,
        locale: str = "en-US",
    ) -> Reply:
        """Dispatch any INTERACTION_CREATE (also a forged one) and return its future replies."""
        payload = self._interaction_payload(interaction_type, data, origin, locale)
        if message is not None:
            payload["message"] = message
        reply = Reply(payload["id"], payload["token"], payload)
        reply.injected_at = asyncio.get_running_loop().time()
        if message is not None:
            reply.original_message_id = message["id"]  # a component's "original" is its message
        self._replies[reply.token] = reply
        await self._gateway.dispatch("INTERACTION_CREATE", payload)
        return reply

    def reply_for(self, token: str) -> Reply | None:
        return self._replies.get(token)

    @property
    def replies(self) -> list[Reply]:
        return list(self._replies.values())

    def _origin(self, member: FakeMember | None, guild: FakeGuild | None) -> Origin:
        member = member or self.default_member
        if guild is _ANY_GUILD:
            guild = self.guilds[member.guild_id] if member.guild_id else None
        return Origin(member, guild, dm_channel_id=_dm_channel_id(member))

    def _command_data(
        self, name: str, values: dict[str, Any], origin: Origin, *, focused: str | None, forge: bool
    ) -> tuple[Json, Json]:
        words = name.split()
        command = self._find_command(words[0], origin.guild)
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
        return command, data

    def _find_command(self, name: str, guild: FakeGuild | None) -> Json:
        scoped = self._guild_commands.get(guild.id, []) if guild else []
        for command in [*scoped, *self._global_commands]:
            if command["name"] == name:
                return command
        synced = [c["name"] for c in [*scoped, *self._global_commands]]
        raise LookupError(f"/{name} was never synced; synced commands: {synced}")

    def _interaction_payload(
        self, interaction_type: int, data: Json, origin: Origin, locale: str
    ) -> Json:
        return {
            "id": self._ids.next(),
            "application_id": self.application_id,
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

    # -- REST --------------------------------------------------------------------------------

    def _route_table(self) -> list[tuple[RouteTemplate, Handler]]:
        app = "/applications/{application_id}"
        table: list[tuple[str, Handler]] = [
            ("GET /users/@me", self._get_me),
            ("GET /oauth2/applications/@me", self._get_application),
            ("GET /gateway", self._get_gateway),
            ("GET /gateway/bot", self._get_gateway),
            (f"PUT {app}/commands", self._put_commands),
            (f"GET {app}/commands", self._get_commands),
            (f"PUT {app}/guilds/{{guild_id}}/commands", self._put_commands),
            (f"GET {app}/guilds/{{guild_id}}/commands", self._get_commands),
            (CALLBACK_ROUTE, self._callback),
            (FOLLOWUP_ROUTE, self._follow_up),
            (f"GET {ORIGINAL_ROUTE}", self._get_message),
            (f"PATCH {ORIGINAL_ROUTE}", self._edit_message),
            (f"DELETE {ORIGINAL_ROUTE}", self._delete_message),
            (f"GET {MESSAGE_ROUTE}", self._get_message),
            (f"PATCH {MESSAGE_ROUTE}", self._edit_message),
            (f"DELETE {MESSAGE_ROUTE}", self._delete_message),
        ]
        routes = []
        for key, handler in table:
            method, template = key.split(" ", 1)
            routes.append((RouteTemplate(method, template), handler))
        return routes

    async def _serve_rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await _read_body(request)
        route, params, handler = self._match(request.method, path)
        response = await self._answer(
            request.method, path, route, params, handler, body, self._uploaded(body, files)
        )
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            route_template=route.template if route else None,
            body=body,
            at=asyncio.get_running_loop().time(),
            query=dict(request.query),
            status=response.status,
            files=files,
        )
        self.requests.append(recorded)
        if route is None:
            self.unhandled.append(recorded)
        token = params.get("interaction_token") or params.get("webhook_token")
        if token and (reply := self._replies.get(token)):
            reply.requests.append(recorded)
        return response

    def _match(
        self, method: str, path: str
    ) -> tuple[RouteTemplate | None, dict[str, str], Handler | None]:
        for route, handler in self._routes:
            params = route.match(method, path)
            if params is not None:
                return route, params, handler
        return None, {}, None

    async def _answer(
        self,
        method: str,
        path: str,
        route: RouteTemplate | None,
        params: dict[str, str],
        handler: Handler | None,
        body: Any,
        handler_body: Any = None,
    ) -> web.Response:
        if route is None or handler is None:
            log.warning("loopback Discord has no route for %s %s", method, path)
            return error_response(404, 0, f"404: Not Found (loopback Discord: {method} {path})")
        problems = self._validate(route, path, body)
        if problems and self.reject_invalid:
            return error_response(400, 50035, "Invalid Form Body", errors=problems)
        if fault := self._faults.take(route.key):
            return fault_response(fault)
        return await handler(params, body if handler_body is None else handler_body)

    def _uploaded(self, body: Any, files: dict[str, bytes]) -> Any:
        """The body with each newly uploaded file's attachment as Discord stores it (a snowflake
        id, size, url), for the message the bot gets back; the request itself is recorded as
        sent. None when nothing was uploaded. A callback carries its message under "data"."""
        if not files or not isinstance(body, dict):
            return None
        if isinstance(body.get("data"), dict) and "attachments" in body["data"]:
            data = self._uploaded(body["data"], files)
            return None if data is None else {**body, "data": data}
        if not isinstance(body.get("attachments"), list):
            return None
        return {**body, "attachments": [self._stored(a, files) for a in body["attachments"]]}

    def _stored(self, attachment: Any, files: dict[str, bytes]) -> Any:
        filename = attachment.get("filename") if isinstance(attachment, dict) else None
        content = files.get(filename) if isinstance(filename, str) else None
        if content is None:
            return attachment  # an attachment kept from before, or a malformed one
        attachment_id = self._ids.next()
        url = f"https://cdn.discordapp.com/attachments/0/{attachment_id}/{filename}"
        return {
            **attachment,
            "id": attachment_id,
            "size": len(content),
            "url": url,
            "proxy_url": url,
            "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
        }

    def _validate(self, route: RouteTemplate, path: str, body: Any) -> list[str]:
        if self.validator is None or body is None:
            return []
        problems = self.validator(route.method, route.template, body)
        self.violations.extend(f"{route.method} {path}: {problem}" for problem in problems)
        return problems

    async def _get_me(self, _params: dict[str, str], _body: Any) -> web.Response:
        user = {
            **self.bot_user.payload(),
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-US",
        }
        return json_response(user)

    async def _get_application(self, _params: dict[str, str], _body: Any) -> web.Response:
        return json_response(
            {
                "id": self.application_id,
                "name": self.bot_user.name,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner.payload(),
                "verify_key": "0" * 64,
                "team": None,
                "flags": 0,
                "summary": "",
                "bot": self.bot_user.payload(),
                "rpc_origins": [],
                "tags": [],
            }
        )

    async def _get_gateway(self, _params: dict[str, str], _body: Any) -> web.Response:
        limits = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limits})

    async def _put_commands(self, params: dict[str, str], body: Any) -> web.Response:
        if not isinstance(body, list):
            return error_response(400, 50035, "Invalid Form Body: expected a list of commands")
        guild_id = params.get("guild_id")
        synced = [self._command_record(command, guild_id) for command in body]
        if guild_id is None:
            self._global_commands = synced
        else:
            self._guild_commands[guild_id] = synced
        return json_response(synced)

    def _command_record(self, command: Json, guild_id: str | None) -> Json:
        record = {
            "type": 1,
            "description": "",
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": self._ids.next(),
            "application_id": self.application_id,
            "version": self._ids.next(),
        }
        if guild_id is not None:
            record["guild_id"] = guild_id
        return record

    async def _get_commands(self, params: dict[str, str], _body: Any) -> web.Response:
        return json_response(self.commands(params.get("guild_id")))

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
        if callback_type == 4:  # a message
            return self._create_message(reply, data, data.get("flags", 0))
        if callback_type == 5:  # "thinking…": a loading message the bot edits later
            return self._create_message(reply, {}, LOADING | (data.get("flags", 0) & EPHEMERAL))
        if callback_type == 7 and reply.original_message_id:  # edit the component's message
            return self._update_message(reply, reply.original_message_id, data)
        return None  # 6 (deferred update), 8 (choices), 9 (modal) create no message

    async def _follow_up(self, params: dict[str, str], body: Any) -> web.Response:
        reply = self._webhook_reply(params)
        if reply is None:
            return error_response(404, 10015, "Unknown Webhook")
        original = self.messages.get(reply.original_message_id or "")
        if original is not None and original.get("flags", 0) & LOADING:
            # The first follow-up after a deferral takes the place of the loading message.
            flags = original["flags"] & EPHEMERAL
            return json_response(self._update_message(reply, original["id"], body, flags=flags))
        return json_response(self._create_message(reply, body, body.get("flags", 0)))

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
        return json_response(self._update_message(reply, message["id"], body, flags=flags))

    async def _delete_message(self, params: dict[str, str], _body: Any) -> web.Response:
        found = self._webhook_message(params)
        if isinstance(found, web.Response):
            return found
        self.messages.pop(found[1]["id"], None)
        return web.Response(status=204)

    def _webhook_reply(self, params: dict[str, str]) -> Reply | None:
        if params.get("webhook_id") != self.application_id:
            return None
        return self._replies.get(params["webhook_token"])

    def _webhook_message(self, params: dict[str, str]) -> tuple[Reply, Json] | web.Response:
        reply = self._webhook_reply(params)
        if reply is None:
            return error_response(404, 10015, "Unknown Webhook")
        message_id = params.get("message_id") or reply.original_message_id
        message = self.messages.get(message_id or "")
        if message is None:
            return error_response(404, 10008, "Unknown Message")
        return reply, message

    # -- messages ----------------------------------------------------------------------------

    def _create_message(self, reply: Reply, data: Json, flags: int) -> Json:
        message_id = self._ids.next()
        message = {
            "id": message_id,
            "type": 20 if reply.original_message_id is None else 0,
            "channel_id": reply.payload.get("channel_id"),
            "author": self.bot_user.payload(),
            "webhook_id": self.application_id,
            "application_id": self.application_id,
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
        self.messages[message_id] = message
        if reply.original_message_id is None:
            reply.original_message_id = message_id
        reply.record_message(message)
        return message

    def _update_message(
        self, reply: Reply, message_id: str, data: Json, *, flags: int | None = None
    ) -> Json:
        message = {
            **self.messages[message_id],
            **_message_fields(data),
            "edited_timestamp": datetime.now(UTC).isoformat(),
        }
        if flags is not None:
            message["flags"] = flags
        self.messages[message_id] = message
        reply.record_message(message)
        return message


_MESSAGE_KEYS = ("content", "embeds", "components", "allowed_mentions", "attachments", "poll")


def _message_fields(data: Json) -> Json:
    """What of a request body becomes part of the message (the rest steers the request)."""
    fields = {key: data[key] for key in _MESSAGE_KEYS if key in data and data[key] is not None}
    fields.pop("allowed_mentions", None)  # kept only in the recorded request, as on Discord
    return fields


def _interaction_metadata(reply: Reply) -> Json:
    payload = reply.payload
    user = payload.get("member", {}).get("user") or payload.get("user")
    return {"id": reply.interaction_id, "type": payload["type"], "user": user}


def _callback_response(reply: Reply, callback_type: int, message: Json | None) -> Json:
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


def _find_component(components: list[Json], custom_id: str) -> Json | None:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        nested = component.get("components") or []
        if accessory := component.get("accessory"):
            nested = [*nested, accessory]
        if found := _find_component(nested, custom_id):
            return found
    return None


def _dm_channel_id(member: FakeMember) -> str:
    # A stable, distinct id per user (a real DM channel has its own snowflake).
    return str(int(member.id) + 1)


async def _read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """The JSON body (or a multipart upload's ``payload_json``; None when there is none) and the
    uploaded files by filename."""
    if not request.can_read_body:
        return None, {}
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        payload = form.get("payload_json")
        files = {
            field.filename: field.file.read()
            for field in form.values()
            if isinstance(field, web.FileField)
        }
        return (json.loads(payload) if isinstance(payload, str) else None), files
    raw = await request.read()
    try:
        return (json.loads(raw) if raw else None), {}
    except json.JSONDecodeError:
        return raw.decode(errors="replace"), {}
