"""The loopback Discord: enough of Discord's v10 REST API and gateway, on 127.0.0.1, for the real
bot process to log in, sync its commands and answer injected interactions.

It records every REST call, matches replies to the interaction they answer, checks each request
body with an injectable validator, and fails on request (429s, 5xx, gateway closes).

``LoopbackDiscord`` is what tests, benchmarks and the console hold; the work is done by its parts:

- ``World``: the application, guilds and members;
- ``BotSession`` (over ``Gateway``): READY, guild events, resumes and closes, per shard;
- ``CommandRegistry``, ``LoginEndpoints``, ``InteractionResponses``: the REST routes;
- ``RestApi`` with ``RequestLog``: routing, spec checks, faults and the record of requests;
- ``InteractionBuilder`` and ``MessageStore``: what is injected, and what the bot answered;
- ``Listener``: the one port the gateway and the REST API share.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any

from bot.devtools.loopback.commands import CommandRegistry
from bot.devtools.loopback.entities import (
    DEFAULT_MEMBER_PERMISSIONS,
    FakeGuild,
    FakeMember,
    FakeUser,
)
from bot.devtools.loopback.gateway import OP_RECONNECT, Gateway, IdentifyRecord, Shard
from bot.devtools.loopback.injection import ANY_GUILD, InteractionBuilder, find_component
from bot.devtools.loopback.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    Origin,
    Reply,
)
from bot.devtools.loopback.listener import Listener
from bot.devtools.loopback.login import LoginEndpoints
from bot.devtools.loopback.messages import MessageStore
from bot.devtools.loopback.recording import RequestLog, Validator
from bot.devtools.loopback.rest import RestApi
from bot.devtools.loopback.routing import Fault, FaultPlan, RecordedRequest
from bot.devtools.loopback.session import BotSession
from bot.devtools.loopback.webhooks import CALLBACK_ROUTE, InteractionResponses
from bot.devtools.loopback.world import World

Json = dict[str, Any]


class LoopbackDiscord:
    """A fake Discord for one bot. Use ``async with LoopbackDiscord() as fake:`` or start/stop."""

    def __init__(
        self,
        validator: Validator | None = None,
        *,
        backlog: int = 4096,
        reject_invalid: bool = True,
        callback_deadline: float | None = 3.0,
        max_concurrency: int = 1,
        enforce_identify_limit: bool = False,
    ) -> None:
        """``validator``: (method, route template, body) -> problems, None for no checks;
        ``reject_invalid``: answer 400 to a body that breaks the spec, as Discord does;
        ``callback_deadline``: Discord forgets an interaction not answered in time;
        ``max_concurrency``: the identify buckets ``GET /gateway/bot`` announces;
        ``enforce_identify_limit``: refuse an IDENTIFY that breaks Discord's rate limit for
        them (one per bucket in any 5 s), as Discord does. Off by default, so that a test that
        restarts a bot needs no wait; the IDENTIFYs are recorded either way (``identify_log``)."""
        self._world = world = World()
        self.application_id = world.application_id
        self.bot_user = world.bot_user
        self.owner = world.owner
        self.default_guild = self.add_guild("Film Club")
        self.default_member = self.add_member(
            self.default_guild, name="viewer", display_name="Viewer"
        )
        self._listener = Listener(backlog)
        self._gateway = Gateway(
            lambda session_id, shard: self._session.opening_dispatches(session_id, shard),
            max_concurrency=max_concurrency,
            enforce_identify_limit=enforce_identify_limit,
        )
        self._session = BotSession(world, lambda: self.gateway_url, self._gateway)
        self._commands = CommandRegistry(world)
        self._messages = MessageStore(world)
        self._replies: dict[str, Reply] = {}  # by interaction token
        self._responses = InteractionResponses(
            world, self._replies, self._messages, callback_deadline
        )
        self._builder = InteractionBuilder(world, self._commands, self.default_member)
        self._requests = RequestLog(validator, reject_invalid=reject_invalid)
        self._faults = FaultPlan()
        self._login = login = LoginEndpoints(
            world, lambda: self.gateway_url, lambda: self._gateway.identifies
        )
        login.max_concurrency = max_concurrency
        routes = [*login.routes(), *self._commands.routes(), *self._responses.routes()]
        self._rest = RestApi(routes, self._requests, self._faults, self._replies, world.ids.next)

    # -- settings tests change on a running fake ---------------------------------------------

    @property
    def validator(self) -> Validator | None:
        return self._requests.validator

    @validator.setter
    def validator(self, validator: Validator | None) -> None:
        self._requests.validator = validator

    @property
    def reject_invalid(self) -> bool:
        return self._requests.reject_invalid

    @reject_invalid.setter
    def reject_invalid(self, reject: bool) -> None:
        self._requests.reject_invalid = reject

    @property
    def callback_deadline(self) -> float | None:
        return self._responses.callback_deadline

    @callback_deadline.setter
    def callback_deadline(self, seconds: float | None) -> None:
        self._responses.callback_deadline = seconds

    @property
    def max_concurrency(self) -> int:
        """The identify buckets: announced by ``GET /gateway/bot``, and the rate limit's."""
        return self._gateway.max_concurrency

    @max_concurrency.setter
    def max_concurrency(self, buckets: int) -> None:
        self._gateway.max_concurrency = self._login.max_concurrency = buckets

    @property
    def recommended_shards(self) -> int:
        """The ``shards`` ``GET /gateway/bot`` recommends."""
        return self._login.recommended_shards

    @recommended_shards.setter
    def recommended_shards(self, count: int) -> None:
        self._login.recommended_shards = count

    @property
    def enforce_identify_limit(self) -> bool:
        return self._gateway.enforce_identify_limit

    @enforce_identify_limit.setter
    def enforce_identify_limit(self, enforce: bool) -> None:
        self._gateway.enforce_identify_limit = enforce

    # -- what was seen (live views: they fill in as the bot talks) -----------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._requests.requests

    @property
    def unhandled(self) -> list[RecordedRequest]:
        return self._requests.unhandled

    @property
    def violations(self) -> list[str]:
        return self._requests.violations

    @property
    def messages(self) -> dict[str, Json]:
        return self._messages.by_id

    @property
    def guilds(self) -> dict[str, FakeGuild]:
        return self._world.guilds

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        await self._listener.start(host, port, gateway=self._gateway.handle, rest=self._rest.serve)

    async def stop(self) -> None:
        """Stop the bot first: a bot whose gateway goes away keeps trying to reconnect."""
        await self._gateway.shutdown()
        await self._listener.stop()

    async def __aenter__(self) -> LoopbackDiscord:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return self._listener.api_base

    @property
    def gateway_url(self) -> str:
        return self._listener.gateway_url

    # -- the world ---------------------------------------------------------------------------

    def add_guild(
        self, name: str, *, locale: str = "en-US", shard: Shard | None = None
    ) -> FakeGuild:
        """A server; with ``shard``, one whose id puts it on that shard (of its count)."""
        return self._world.add_guild(name, locale=locale, shard=shard)

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
        user = FakeUser(self._world.ids.next(), name, display_name)
        member = FakeMember(user, guild.id if guild else None, permissions, roles)
        if guild is not None:
            guild.members[user.id] = member
        return member

    def commands(self, guild_id: str | None = None) -> list[Json]:
        """The commands the bot synced (globally, or for one guild), with the ids we assigned."""
        return self._commands.listed(guild_id)

    # -- gateway -----------------------------------------------------------------------------

    def wait_for_ready(
        self, timeout: float = 10, *, shards: Iterable[int] = (0,)
    ) -> Awaitable[list[bool]]:
        """Until each of ``shards`` is identified (or resumed) on a socket, and has its READY and
        GUILD_CREATEs. A bot that runs without shards is shard 0."""
        live = [self._gateway.live_event(shard_id).wait() for shard_id in shards]
        return asyncio.wait_for(asyncio.gather(*live), timeout)

    @property
    def sessions(self) -> int:
        """How many sessions were started (IDENTIFYs let through), of every shard."""
        return self._gateway.identifies

    @property
    def identify_log(self) -> list[IdentifyRecord]:
        """Every IDENTIFY, in order: when (loop time), its shard, and whether it was let through."""
        return list(self._gateway.identify_log)

    @property
    def shards(self) -> dict[int, Shard]:
        """The shards that have a session (live, or kept for a RESUME), by id."""
        return self._gateway.shards

    def shard_owning(self, guild: FakeGuild | None) -> int | None:
        """The id of the shard whose session gets ``guild``'s events (None: a DM); None if none."""
        owners = self._gateway.owners(int(guild.id) if guild else None)
        return owners[0] if owners else None

    @property
    def resumes(self) -> int:
        return self._gateway.resumes

    @property
    def gateway_compressions(self) -> list[str | None]:
        return list(self._gateway.compressions)

    async def close_gateway(self, code: int = 4000, *, shards: Iterable[int] | None = None) -> None:
        """Close the sockets of ``shards`` (every shard when None) with ``code``."""
        await self._gateway.close(code, shards)

    async def gateway_outage(self) -> None:
        """The gateway goes down: every socket closes and new connections are refused (an HTTP
        503) until ``gateway_back``. Returns once the bot has tried to connect again, so that it
        knows the gateway is down."""
        self._gateway.accepting = False
        self._gateway.refused.clear()
        await self._gateway.close(4000, None)
        await self._gateway.refused.wait()

    def gateway_back(self) -> None:
        """The gateway accepts connections again; ``wait_for_ready`` waits for the bot's return."""
        self._gateway.accepting = True

    async def send_reconnect(self, *, shards: Iterable[int] | None = None) -> None:
        await self._gateway.send_op(OP_RECONNECT, None, shards)

    async def invalidate_session(
        self, *, resumable: bool = False, shards: Iterable[int] | None = None
    ) -> None:
        await self._gateway.invalidate(resumable=resumable, shard_ids=shards)

    async def join_guild(self, guild: FakeGuild) -> None:
        """The bot is added to ``guild`` while connected: GUILD_CREATE, as Discord sends then.

        Guilds added before the bot identifies arrive with READY; one added later is unknown to
        the bot's cache until this is sent."""
        await self._session.join_guild(guild)

    async def remove_guild(self, guild: FakeGuild) -> None:
        """The bot is kicked from (or the owner deletes) ``guild``: GUILD_DELETE without
        ``unavailable``, so the bot's ``on_guild_remove`` runs. A guild added after READY is
        announced first, since the bot only forgets a guild it knows."""
        await self._session.remove_guild(guild)

    async def outage(self, guild: FakeGuild) -> None:
        """``guild`` goes unavailable (a Discord outage): GUILD_DELETE with ``unavailable``; the
        bot is still a member and must keep its data."""
        await self._session.outage(guild)

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
        guild: FakeGuild | None = ANY_GUILD,
        forge: bool = False,
        locale: str = "en-US",
        via_shard: int | None = None,
    ) -> Reply:
        """Use a slash command by name ("admin reset" for a subcommand), its options typed by the
        synced schema. ``forge=True`` sends unknown options and untyped values as a modified
        client could. ``via_shard``: to that shard's session, not the one owning the server."""
        origin = self._builder.origin(member, guild)
        data = self._builder.command_data(name, options or {}, origin, focused=None, forge=forge)
        return await self.inject(
            APPLICATION_COMMAND, data, origin, locale=locale, via_shard=via_shard
        )

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        *,
        focused: str,
        member: FakeMember | None = None,
        guild: FakeGuild | None = ANY_GUILD,
        locale: str = "en-US",
    ) -> list[Json]:
        """Type into option ``focused`` and return the choices the bot offers."""
        origin = self._builder.origin(member, guild)
        data = self._builder.command_data(name, options, origin, focused=focused, forge=False)
        reply = await self.inject(AUTOCOMPLETE, data, origin, locale=locale)
        callback = await reply.callback()
        return list((callback.get("data") or {}).get("choices", []))

    async def press(
        self,
        message: Json,
        *,
        custom_id: str,
        values: list[str] | None = None,
        member: FakeMember | None = None,
        guild: FakeGuild | None = ANY_GUILD,
        locale: str = "en-US",
    ) -> Reply:
        """Press a button (or choose ``values`` in a select) on a message the bot sent."""
        component = find_component(message.get("components", []), custom_id)
        if component is None:
            raise LookupError(f"no component {custom_id!r} on message {message.get('id')}")
        data: Json = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = values
        current = self.messages.get(message["id"], message)
        origin = self._builder.origin(member, guild)
        return await self.inject(MESSAGE_COMPONENT, data, origin, message=current, locale=locale)

    async def inject(
        self,
        interaction_type: int,
        data: Json,
        origin: Origin,
        *,
        message: Json | None = None,
        locale: str = "en-US",
        via_shard: int | None = None,
    ) -> Reply:
        """Dispatch any INTERACTION_CREATE (also a forged one) and return its future replies;
        ``via_shard``: to that shard's session, not the one owning the server."""
        payload = self._builder.payload(interaction_type, data, origin, locale)
        if message is not None:
            payload["message"] = message
        reply = Reply(payload["id"], payload["token"], payload)
        reply.injected_at = asyncio.get_running_loop().time()
        if message is not None:
            reply.original_message_id = message["id"]  # a component's "original" is its message
        self._replies[reply.token] = reply
        guild_id = payload.get("guild_id")
        await self._gateway.dispatch(
            "INTERACTION_CREATE",
            payload,
            guild_id=int(guild_id) if guild_id else None,
            via_shard=via_shard,
        )
        return reply

    def reply_for(self, token: str) -> Reply | None:
        return self._replies.get(token)

    @property
    def replies(self) -> list[Reply]:
        return list(self._replies.values())
