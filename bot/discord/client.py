"""The bot process: a slash-only discord.py client with its services handed in at setup."""

from __future__ import annotations

import asyncio
import importlib
import logging
from types import ModuleType

import discord

from bot.config import DEFAULT_API_BASE, Settings
from bot.core.services import Services
from bot.discord.api import apply_api_base, steer_gateway
from bot.discord.tree import TwilightTree
from bot.domain.catalog import Catalog
from bot.store import RatingStore, open_store

log = logging.getLogger(__name__)


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


class TwilightBot(discord.Client):
    """A plain client with a command tree: a slash-only bot has no use for ``discord.ext.commands``
    (prefix commands), whose import costs every start and the idle process (docs/performance.md)."""

    services: Services

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        super().__init__(intents=minimal_intents(), allowed_mentions=discord.AllowedMentions.none())
        self.tree = TwilightTree(self)
        self.extensions: dict[str, ModuleType] = {}
        self.settings = settings
        self.catalog = catalog
        self._store: RatingStore | None = None
        self._closing: asyncio.Future[None] | None = None
        apply_api_base(settings.api_base)

    async def setup_hook(self) -> None:
        if self.settings.api_base != DEFAULT_API_BASE:
            await steer_gateway(self)
        self._store = await open_store(self.settings)
        self.services = Services.build(self.catalog, self._store, self.settings.default_cooldowns)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        log.info(
            "Loaded %d extensions; catalog has %d couples",
            len(EXTENSIONS),
            len(self.catalog.couples),
        )

    async def load_extension(self, name: str) -> None:
        """Import a cogs module and let its ``setup(bot)`` add its commands and persistent items."""
        module = importlib.import_module(name)
        await module.setup(self)
        self.extensions[name] = module

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d servers", self.user, len(self.guilds))

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
        await super().close()
        if self._store is not None:
            await self._store.close()
