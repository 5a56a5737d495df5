"""What the bot's CLI subcommands do (run, sync, check); `bot.cli` parses the command line and
calls these, and runs the developer console the same way (see `execute`).

Kept apart from the parser so that the CLI can pause the garbage collector before anything heavy
(discord.py above all) is imported: see `bot.cli.main`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import aiohttp
import discord

from bot.catalog import CatalogError, load_catalog, summarize
from bot.config import DEFAULT_API_BASE, ConfigError, Settings, load_settings
from bot.discord.client import TwilightBot
from bot.discord.logs import setup_logging
from bot.domain.catalog import Catalog
from bot.store import StoreError

log = logging.getLogger("bot")

MISSING_TOKEN_HELP = (
    "DISCORD_TOKEN is not set: put your bot's token in .env (copy .env.example) or the "  # noqa: S105
    "environment. To try the bot without Discord, run `twilight-bot console`."
)
TOKEN_REJECTED = "Discord rejected DISCORD_TOKEN: reset it in the Developer Portal."  # noqa: S105
# A program whose reader went away (`check | head -1`) ends as Unix tools do when SIGPIPE stops
# them: quietly, with the status a shell reports for that (128 + the signal's number).
STDOUT_CLOSED = 128 + getattr(signal, "SIGPIPE", 13)


class CliError(Exception):
    """Stops the CLI with a one-line message and exit code 1 (2 for usage problems)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


Command = Callable[[argparse.Namespace, Settings], int]


def execute(args: argparse.Namespace, command: Command) -> int:
    """Run `command` with the settings; a known failure is one line on stderr, not a traceback."""
    try:
        return command(args, load_settings())
    except (ConfigError, CatalogError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except CliError as failure:
        print(f"error: {failure}", file=sys.stderr)
        return failure.code
    except BrokenPipeError:
        _discard_stdout()
        return STDOUT_CLOSED


def _discard_stdout() -> None:
    """Python flushes stdout once more at exit, which would fail again with a BrokenPipeError
    message: whatever is left goes nowhere instead."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def check_command(_args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.data_dir)
    print(summarize(catalog))
    return 0


def run_command(_args: argparse.Namespace, settings: Settings) -> int:
    _require_token(settings)
    catalog = load_catalog(settings.data_dir)
    _setup_logging(settings)
    settle_start_up_heap()
    asyncio.run(_run(settings, catalog))
    return 0


def sync_command(args: argparse.Namespace, settings: Settings) -> int:
    _require_token(settings)
    guild_id = _sync_guild(args.guild, settings)
    catalog = load_catalog(settings.data_dir)
    _setup_logging(settings)
    settle_start_up_heap()
    count = asyncio.run(_sync(settings, catalog, guild_id))
    where = f"server {guild_id}" if guild_id else "every server (global; may take up to an hour)"
    print(f"Synced {count} commands to {where}.")
    return 0


COMMANDS: dict[str, Command] = {
    "run": run_command,
    "sync": sync_command,
    "check": check_command,
}


def _setup_logging(settings: Settings) -> None:
    """Log lines in the chosen format, never showing the token or a database password."""
    secrets = [settings.token.reveal()]
    if settings.database_url is not None:
        secrets.append(urlsplit(settings.database_url.reveal()).password or "")
    setup_logging(settings.log_level_number, settings.log_format, secrets)


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
def _discord_failures_explained(settings: Settings) -> Iterator[None]:
    """Discord refusing the token, or not there at all, as one line (never with the token)."""
    try:
        yield
    except discord.LoginFailure as error:
        raise CliError(TOKEN_REJECTED) from error
    except (aiohttp.ClientConnectionError, TimeoutError) as error:
        raise CliError(_unreachable(settings, error)) from error
    except discord.HTTPException as error:
        # Discord's own message when it sent one (its JSON carries a code), never a page of HTML
        detail = error.text if error.code else error.response.reason
        raise CliError(
            f"Discord at {settings.api_base} answered {error.status} {detail}."
        ) from error


def _unreachable(settings: Settings, error: Exception) -> str:
    hint = (
        "check the network" if settings.api_base == DEFAULT_API_BASE else "check DISCORD_API_BASE"
    )
    return f"can't reach Discord at {settings.api_base}: {_network_reason(error)}; {hint}."


def _network_reason(error: Exception) -> str:
    """Why a connection failed, in the words of the system call under aiohttp's wrapper."""
    cause = getattr(error, "os_error", error)  # aiohttp's connector errors wrap the OSError
    if isinstance(cause, socket.gaierror):
        return f"its name doesn't resolve ({cause.strerror})"
    if isinstance(cause, OSError) and cause.errno:
        return os.strerror(cause.errno).lower()
    if isinstance(error, TimeoutError):
        return "no answer in time"
    return str(error) or type(error).__name__


async def _run(settings: Settings, catalog: Catalog) -> None:
    async with TwilightBot(settings, catalog, operations=True) as bot:
        _close_on_sigterm(bot)
        with _discord_failures_explained(settings):
            await bot.start(settings.token.reveal())


async def _sync(settings: Settings, catalog: Catalog, guild_id: int | None) -> int:
    async with TwilightBot(settings, catalog) as bot:
        with _discord_failures_explained(settings):
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


YOUNG_OBJECTS_BEFORE_COLLECTING = 10_000  # CPython's default is 700


def settle_start_up_heap() -> None:
    """Freeze what start-up built, then let the garbage collector run again, less often.

    Imports and the catalog make tens of thousands of objects that live as long as the process,
    and every full collection would walk them all again. Frozen, they are skipped by every later
    collection. `bot.cli.main` paused the collector before importing anything.

    Under a burst of answers the default thresholds collect so often that the pauses show in
    the slowest answers; with a larger first threshold the collector runs a tenth as often, and
    the garbage it waits for is small. docs/performance.md has the figures.
    """
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_BEFORE_COLLECTING, 10, 10)
    gc.enable()
