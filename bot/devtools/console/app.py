"""``twilight-bot console``: try the bot without Discord, typing slash commands in a terminal.

The loopback Discord and the real bot run together on one event loop on 127.0.0.1: the bot logs in
with a made-up token, syncs its commands and answers what the person types, exactly as it would on
Discord. Ratings go to the bot's own database (DATABASE_PATH), under a "Console" server whose ids
stay the same from one session to the next, so scores given here are still there next time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import shutil
import sys

from bot.catalog import load_catalog
from bot.config import Secret, Settings
from bot.devtools.console.input import (
    LineReader,
    ReadlineCompletion,
    history_path,
    kept_history,
    load_readline,
    restored_terminal,
)
from bot.devtools.console.render import Style
from bot.devtools.console.session import ConsoleSession
from bot.devtools.console.world import SERVER_NAME, YOU, ConsoleServer
from bot.devtools.loopback import LoopbackDiscord
from bot.discord.launcher import settle_start_up_heap
from bot.domain.catalog import Catalog

CONSOLE_TOKEN = "console-token-not-a-secret"  # noqa: S105 - the loopback Discord takes any token


def console_command(_args: argparse.Namespace, settings: Settings) -> int:
    """`twilight-bot console`."""
    settle_start_up_heap()
    return run_console(settings)


def run_console(settings: Settings) -> int:
    """Start the loopback Discord and the bot, read commands until quit; the exit code."""
    catalog = load_catalog(settings.data_dir)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not sys.stdin.isatty():
        settings = _without_default_cooldowns(settings)
    try:
        with restored_terminal():
            asyncio.run(_console(settings, catalog, interactive))
    except KeyboardInterrupt:
        print()
        return 130
    return 0


def _without_default_cooldowns(settings: Settings) -> Settings:
    """Settings for commands read from a pipe or a file. They come as fast as the bot answers,
    so a member's default cooldown on /rate and /recommend would turn the second /rate of a script
    into "try again in a moment": a script means every line to run. A cooldown the console
    server set with /admin cooldown still applies, as someone asked for it."""
    return dataclasses.replace(settings, rate_cooldown=0, recommend_cooldown=0)


async def _console(settings: Settings, catalog: Catalog, interactive: bool) -> None:
    from bot.discord.client import (
        TwilightBot,  # discord.py loads only once the console really starts
    )

    async with LoopbackDiscord(validator=None) as fake:
        world = ConsoleServer(fake)
        bot_settings = dataclasses.replace(
            settings, token=Secret(CONSOLE_TOKEN), api_base=fake.api_base
        )
        async with TwilightBot(bot_settings, catalog) as bot:
            await bot.login(CONSOLE_TOKEN)
            await bot.tree.sync()
            connection = asyncio.create_task(bot.connect(reconnect=False))
            try:
                await fake.wait_for_ready()
                session = ConsoleSession(fake, world, sys.stdout, _style(interactive))
                await _read_eval_print(session, settings, interactive)
            finally:
                await bot.close()  # before the fake stops, or discord.py tries to reconnect
                with contextlib.suppress(Exception):
                    await connection


async def _read_eval_print(session: ConsoleSession, settings: Settings, interactive: bool) -> None:
    reader = LineReader()
    readline = load_readline() if interactive else None
    history = kept_history(readline, history_path()) if readline else contextlib.nullcontext()
    if readline:
        ReadlineCompletion(readline, session.completions_from_thread, session.prompt).install()
    if interactive:
        session.say(_banner(settings))
    with history:
        while True:
            session.show_late_messages()
            line = await reader.read(session.prompt() if interactive else "")
            if line is None:
                session.say("" if interactive else "Bye.")
                return
            if not interactive and line.strip():
                session.say(f"> {line.strip()}")
            if not await session.handle(line):
                return


def _style(interactive: bool) -> Style:
    colour = interactive and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size().columns if interactive else None
    return Style(colour=colour, width=width)


def _banner(settings: Settings) -> str:
    return (
        f"Twilight bot console: a pretend Discord server, {SERVER_NAME!r}, on this computer only.\n"
        f"You are {YOU!r}, its owner. Type /help for the bot's commands, help for the console's;\n"
        "Tab completes, ↑ recalls, quit or Ctrl+D leaves.\n"
        f"Ratings are saved in {settings.database_path}.\n"
    )
