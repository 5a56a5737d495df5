"""The bot process: a slash-only discord.py client with its services handed in at setup.

It runs the shards SHARD_IDS of SHARD_COUNT (one shard, 0 of 1, without those settings), each on
a gateway session of its own, and lets each IDENTIFY only when its turn comes (bot.store.identify):
Discord sends a server's events to the one shard that owns it, so everything the process keeps in
memory about a server (its members' cooldowns) lives with the process that runs its shard.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import math
from types import ModuleType
from typing import TYPE_CHECKING

import discord

from bot.config import Settings
from bot.core.services import Services
from bot.discord import watch
from bot.discord.api import apply_api_base, session_start
from bot.discord.command_words import CommandWords
from bot.discord.health import Health, NoMetrics, ShardState
from bot.discord.tree import TwilightTree
from bot.domain.catalog import Catalog
from bot.i18n.catalogs import read_locale, unread_locales
from bot.store import CoreStore, StoreError, open_store
from bot.store.identify import IdentifyGate, LocalIdentifyGate

if TYPE_CHECKING:
    from bot.discord.metrics import Metrics, MetricsServer
    from bot.store.sqlite.backup import BackupCheck

log = logging.getLogger(__name__)
_HEALTH_PROBE_S = 2.0  # a health check waits this long for the database to answer


def _store_problem(error: Exception) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {_HEALTH_PROBE_S:g} s"
    return str(error)


def minimal_intents() -> discord.Intents:
    """Slash commands need no privileged intents: guilds only, for the server cache."""
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


# A slash-only bot never joins voice; don't warn at every start that voice support is missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


# The extensions the bot loads, by module name: the cogs sit above this layer, so the client names
# them rather than importing them (load_extension imports each one).
EXTENSIONS: tuple[str, ...] = (
    "cogs.recommend",
    "cogs.couples",
    "cogs.ratings",
    "cogs.reviews",
    "cogs.privacy",
    "cogs.admin",
    "cogs.info",
)


class TwilightBot(discord.AutoShardedClient):
    """A client with a command tree: a slash-only bot has no use for ``discord.ext.commands``
    (prefix commands), whose import costs every start and the idle process (docs/performance.md).

    Sharded always, one shard when the settings name none: one way to connect, whatever the size.
    """

    services: Services

    def __init__(self, settings: Settings, catalog: Catalog, *, operations: bool = False) -> None:
        """``operations``: serve health and metrics and take scheduled backups, as the running
        bot does (a ``sync`` does neither)."""
        super().__init__(
            intents=minimal_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=settings.shard_count or 1,
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,
        )
        self.tree = TwilightTree(self)
        self.extensions: dict[str, ModuleType] = {}
        self.settings = settings
        self.catalog = catalog
        self._store: CoreStore | None = None
        self._closing: asyncio.Future[None] | None = None
        self._identify_gate: IdentifyGate = LocalIdentifyGate()
        self._max_concurrency = 1
        # Counted only where they are served: with METRICS_ADDR unset, nothing is.
        self.metrics: Metrics | NoMetrics = NoMetrics()
        if operations and settings.metrics_addr is not None:
            from bot.discord.metrics import Metrics  # only where served: see its docstring

            self.metrics = Metrics()
            self.metrics.watch_gateway(self.shard_states)
            # Listened to only where it is counted: discord.py runs a task for every event a
            # client listens to, one per command with this one.
            self.on_app_command_completion = self._count_completion
        self._connected_before: set[int] = set()  # a shard's next session is a reconnect
        self._metrics_server: MetricsServer | None = None
        self._backups: asyncio.Task[None] | None = None
        self._locales_reader: asyncio.Task[None] | None = None
        self._operations = operations
        apply_api_base(settings.api_base)

    async def setup_hook(self) -> None:
        # Before any command is added or synced: every command string in each member's language.
        await self.tree.set_translator(CommandWords())
        self._max_concurrency = await session_start(self)
        self._store = await open_store(self.settings)
        if not isinstance(self.metrics, NoMetrics):
            self._store.observe(self.metrics)
        # A database shared by several processes lets their shards take turns; else the process's.
        self._identify_gate = self._store.identify_gate() or self._identify_gate
        self.services = Services.build(self.catalog, self._store, self.settings.default_cooldowns)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self._operations:
            await self._start_operations()
        log.info(
            "Loaded %d extensions; catalog has %d couples",
            len(EXTENSIONS),
            len(self.catalog.couples),
        )

    async def _start_operations(self) -> None:
        """The health and metrics endpoints and the backup schedule, where the settings ask."""
        if not isinstance(self.metrics, NoMetrics) and self.settings.metrics_addr is not None:
            from bot.discord.metrics import MetricsServer

            host, port = self.settings.metrics_addr
            self._metrics_server = MetricsServer(self.metrics, self.health, host, port)
            await self._metrics_server.start()
        if self.settings.backup_dir is not None:
            from bot.store.backups import BackupSchedule  # only where backups are scheduled

            schedule = BackupSchedule(
                self.settings.store_url,
                self.settings.backup_dir,
                self.settings.backup_interval_s,
                self.settings.backup_keep,
                self._backup_done,
            )
            self._backups = asyncio.ensure_future(schedule.run())

    def _backup_done(self, check: BackupCheck | None) -> None:
        self.metrics.backup_taken(check is not None)

    def shard_states(self) -> tuple[ShardState, ...]:
        """Each shard of this process as the health check and the metrics see it."""
        servers: dict[int, int] = {}
        for guild in self.guilds:
            servers[guild.shard_id] = servers.get(guild.shard_id, 0) + 1
        return tuple(
            ShardState(
                shard_id,
                connected=not shard.is_closed(),
                latency_s=None if math.isnan(shard.latency) else shard.latency,
                servers=servers.get(shard_id, 0),
            )
            for shard_id, shard in sorted(self.shards.items())
        )

    async def health(self) -> Health:
        """Well when every shard of this process is connected and the database takes writes."""
        shards = self.shard_states()
        problems = [f"shard {s.shard_id}: gateway disconnected" for s in shards if not s.connected]
        if not shards:
            problems.append("no shard connected yet")
        if self._store is None:
            problems.append("store: not open yet")
        else:
            try:
                await asyncio.wait_for(self._store.probe(), _HEALTH_PROBE_S)
            except (StoreError, TimeoutError) as error:
                problems.append(f"store: {_store_problem(error)}")
        return Health(not problems, tuple(problems), shards)

    async def load_extension(self, name: str) -> None:
        """Import a cogs module and let its ``setup(bot)`` add its commands and persistent items."""
        module = importlib.import_module(name)
        await module.setup(self)
        self.extensions[name] = module

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for this shard's turn (discord.py's own hook sleeps 5 s before every identify but
        the first, and knows nothing of other processes)."""
        await self._identify_gate.wait_turn(shard_id or 0, self._max_concurrency)

    async def on_ready(self) -> None:
        if self._locales_reader is None:
            self._locales_reader = asyncio.create_task(self._read_the_other_locales())
        shards = ",".join(str(shard) for shard in sorted(self.shards))
        log.info(
            "Ready as %s in %d servers (shards %s of %s)",
            self.user,
            len(self.guilds),
            shards,
            self.shard_count,
        )

    async def _read_the_other_locales(self) -> None:
        """The locales no member has asked in yet, read while the bot waits for work, one at a
        time so an answer never waits behind all of them."""
        for name in unread_locales():
            await asyncio.sleep(0)  # not a wait: lets whatever is ready run first
            read_locale(name)

    async def _count_completion(self, interaction: discord.Interaction, _command: object) -> None:
        watch.completed(interaction)  # counted now, unless its answer or failure was

    async def on_shard_connect(self, shard_id: int) -> None:
        """A new session for the shard (READY): after its first, each one is a reconnect."""
        if shard_id in self._connected_before:
            self.metrics.reconnected(shard_id)
        self._connected_before.add(shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.metrics.reconnected(shard_id)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed from a server: keep nothing of its members' data."""
        deleted = await self.services.store.forget_guild(guild.id)
        log.info("Left server %s; deleted %s", guild.id, deleted)

    async def close(self) -> None:
        # Close is called twice on a SIGTERM (by the signal handler, then on leaving `async with`):
        # both wait for one and the same closing, so the process never exits half-closed.
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close_once())
        await asyncio.shield(self._closing)

    async def __aexit__(self, *exc_info: object) -> None:
        # discord.py skips close() here once the client reports closed, which it does as soon as
        # a close began: wait for ours to finish (the store last), or the process exits mid-way.
        await self.close()

    async def _close_once(self) -> None:
        if self._backups is not None:
            self._backups.cancel()
        if self._metrics_server is not None:
            await self._metrics_server.close()
        await super().close()
        if self._store is not None:
            await self._store.close()
