"""Every extension loads into the real bot, and every command explains itself in Discord's picker.

The bot is logged in to a loopback Discord in this process, so its own ``setup_hook`` builds the
catalog, the store and the cogs exactly as in production (nothing is wired by hand here).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import discord.gateway
import discord.http
import pytest
from discord import app_commands
from support.catalogs import ONE_SERIES
from support.discord_spec import SpecValidator
from support.product import PRODUCT_COMMANDS

from bot.catalog import load_catalog
from bot.config import Secret, Settings
from bot.devtools.loopback import LoopbackDiscord
from bot.discord.client import EXTENSIONS, TwilightBot

# What discord.py shows when a command or option was given no description.
DISCORD_PY_PLACEHOLDER = "…"


@pytest.fixture
async def logged_in_bot(
    discord_spec: SpecValidator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[TwilightBot]:
    # The bot points discord.py's process-wide API base and gateway at the loopback Discord;
    # put them back afterwards so no other test talks to a stopped fake.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    gateway = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY)
    async with LoopbackDiscord(validator=discord_spec) as fake:
        settings = Settings(
            token=Secret("loopback-token"),
            database_path=tmp_path / "ratings.db",
            api_base=fake.api_base,
            data_dir=ONE_SERIES,
        )
        bot = TwilightBot(settings, load_catalog(settings.data_dir))
        try:
            await bot.login(settings.token.reveal())  # runs setup_hook: store, services, cogs
            yield bot
        finally:
            await bot.close()
        assert fake.violations == []


async def test_every_extension_loads(logged_in_bot: TwilightBot) -> None:
    assert set(logged_in_bot.extensions) == set(EXTENSIONS)


async def test_the_tree_holds_the_products_commands(logged_in_bot: TwilightBot) -> None:
    names = {command.name for command in logged_in_bot.tree.get_commands()}

    assert names == PRODUCT_COMMANDS


def leaf_commands(bot: TwilightBot) -> list[app_commands.Command]:
    """Every command a member can run, subcommands of groups included."""
    return [c for c in bot.tree.walk_commands() if isinstance(c, app_commands.Command)]


async def test_every_command_and_option_has_help_text(logged_in_bot: TwilightBot) -> None:
    for command in logged_in_bot.tree.walk_commands():
        where = f"/{command.qualified_name}"
        assert command.description.strip() not in ("", DISCORD_PY_PLACEHOLDER), where
    for command in leaf_commands(logged_in_bot):
        for parameter in command.parameters:
            where = f"/{command.qualified_name} {parameter.name}"
            assert parameter.description.strip() not in ("", DISCORD_PY_PLACEHOLDER), where


# Options where a member writes their own words, so there is nothing to complete.
FREE_WRITING = {("rate", "review")}


async def test_every_option_naming_a_thing_autocompletes_or_offers_choices(
    logged_in_bot: TwilightBot,
) -> None:
    for command in leaf_commands(logged_in_bot):
        for parameter in command.parameters:
            where = (command.qualified_name, parameter.name)
            if parameter.type is discord.AppCommandOptionType.string and where not in FREE_WRITING:
                assert parameter.autocomplete or parameter.choices, where


async def test_the_bot_pings_no_one(logged_in_bot: TwilightBot) -> None:
    mentions = logged_in_bot.allowed_mentions

    assert mentions is not None
    assert mentions.everyone is False
    assert mentions.users is False
    assert mentions.roles is False
    assert mentions.replied_user is False


@pytest.mark.parametrize(
    "module", ["cogs.views", "cogs._answers", *EXTENSIONS], ids=lambda name: name
)
def test_each_cog_module_imports_on_its_own(module: str) -> None:
    # A fresh interpreter per module: an import cycle only shows when its other end loads first.
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "unneeded",
    [
        # A slash-only bot has no prefix commands: ext.commands costs every start time and the
        # idle process memory (docs/performance.md).
        "discord.ext.commands",
        # The metrics and their web server, only where METRICS_ADDR serves them.
        "prometheus_client",
        "aiohttp.web",
        # Babel's .po reader: the bot reads the compiled catalogs (bot/i18n/catalogs.py).
        "babel.messages",
        # CLDR's data and Babel itself: bot/i18n/numbers.py has the signs (checked against
        # Babel), and a locale is known by its name (bot/i18n/translator.py LocaleName).
        "babel",
        # Numbers are written by Python's own float formatting (bot/i18n/numbers.py).
        "decimal",
        # Backups and copying a store, only where BACKUP_DIR schedules backups.
        "bot.store.backups",
        "bot.store.copying",
        "bot.store.sqlite.backup",
    ],
)
def test_the_running_bot_leaves_what_it_does_not_use_unloaded(unneeded: str) -> None:
    # Everything the `run` subcommand loads, loaded here.
    modules = ", ".join(["bot.discord.launcher", *EXTENSIONS])
    check = f"import sys, {modules}; print({unneeded!r} in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr
