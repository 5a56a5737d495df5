"""The command line: `twilight-bot [run|sync|check|console]`, also `python -m bot`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator, Sequence

import discord

from bot.catalog import CatalogError, load_catalog, summarize
from bot.catalog.models import Catalog
from bot.config import ConfigError, Settings, load_settings
from bot.store import StoreError

log = logging.getLogger("bot")

MISSING_TOKEN_HELP = (
    "DISCORD_TOKEN is not set: put your bot's token in .env (copy .env.example) or the "  # noqa: S105
    "environment. To try the bot without Discord, run `twilight-bot console`."
)


TOKEN_REJECTED = "Discord rejected DISCORD_TOKEN: reset it in the Developer Portal."  # noqa: S105


class CliError(Exception):
    """Stops the CLI with a one-line message and exit code 1 (2 for usage problems)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        return args.handler(args, settings)
    except (ConfigError, CatalogError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except CliError as failure:
        print(f"error: {failure}", file=sys.stderr)
        return failure.code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twilight-bot", description="A Discord bot for fans of Twilight Out of Focus."
    )
    parser.set_defaults(handler=run_command)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    run = commands.add_parser("run", help="log in to Discord and answer commands (the default)")
    run.set_defaults(handler=run_command)
    sync = commands.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument(
        "--guild",
        nargs="?",
        const="dev",
        metavar="ID",
        help="sync to one server only (instant); without ID, DEV_GUILD_ID is used",
    )
    sync.set_defaults(handler=sync_command)
    check = commands.add_parser("check", help="validate the catalog and print a summary")
    check.set_defaults(handler=check_command)
    console = commands.add_parser("console", help="try the bot offline, typing slash commands")
    console.set_defaults(handler=console_command)
    return parser


def check_command(_args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.data_dir)
    print(summarize(catalog))
    return 0


def run_command(_args: argparse.Namespace, settings: Settings) -> int:
    _require_token(settings)
    catalog = load_catalog(settings.data_dir)
    discord.utils.setup_logging(level=settings.log_level_number)
    asyncio.run(_run(settings, catalog))
    return 0


def sync_command(args: argparse.Namespace, settings: Settings) -> int:
    _require_token(settings)
    guild_id = _sync_guild(args.guild, settings)
    catalog = load_catalog(settings.data_dir)
    discord.utils.setup_logging(level=settings.log_level_number)
    count = asyncio.run(_sync(settings, catalog, guild_id))
    where = f"server {guild_id}" if guild_id else "every server (global; may take up to an hour)"
    print(f"Synced {count} commands to {where}.")
    return 0


def console_command(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console  # the console pulls in the loopback Discord

    return run_console(settings)


def _require_token(settings: Settings) -> None:
    if not settings.token:
        raise CliError(MISSING_TOKEN_HELP, code=2)


def _sync_guild(option: str | None, settings: Settings) -> int | None:
    if option is None:
        return None
    if option == "dev":
        if settings.dev_guild_id is None:
            raise CliError("--guild without an id needs DEV_GUILD_ID set (see .env.example).", 2)
        return settings.dev_guild_id
    if not option.isdigit():
        raise CliError(f"--guild {option!r} is not a server id (digits only).", 2)
    return int(option)


@contextlib.contextmanager
def _token_rejection_explained() -> Iterator[None]:
    try:
        yield
    except discord.LoginFailure as error:
        raise CliError(
            "Discord rejected DISCORD_TOKEN: reset it in the Developer Portal."
        ) from error


async def _run(settings: Settings, catalog: Catalog) -> None:
    from bot.client import TwilightBot

    async with TwilightBot(settings, catalog) as bot:
        _close_on_sigterm(bot)
        with _token_rejection_explained():
            await bot.start(settings.token.reveal())


async def _sync(settings: Settings, catalog: Catalog, guild_id: int | None) -> int:
    from bot.client import TwilightBot

    async with TwilightBot(settings, catalog) as bot:
        with _token_rejection_explained():
            await bot.login(settings.token.reveal())
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    return len(synced)


def _close_on_sigterm(bot: discord.Client) -> None:
    """A host stopping the bot (systemd, docker, a test) gets a clean close, like Ctrl+C."""
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # Windows has no signal handlers in asyncio
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
