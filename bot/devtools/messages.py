"""Writes `bot/i18n/locales/messages.pot`, everything a translator translates: the sentences of
the code (extracted by Babel, see bot.i18n.extract) and the slash commands' names, descriptions,
options and choices, each under the context Discord's translator asks for it in
(bot.discord.command_words). Run `uv run python -m bot.devtools.messages` after changing either.

`uv run python -m bot.devtools.messages compile` writes each locale's messages.mo beside its
messages.po: the files the bot reads (bot.i18n.catalogs). Run it after editing a translation.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import discord
from babel.messages.pofile import read_po, write_po
from discord import app_commands

from bot.discord.client import EXTENSIONS, TwilightBot
from bot.discord.command_words import AUTONYMS
from bot.i18n.catalogs import DOMAIN, LOCALES, compiled
from bot.i18n.extract import extract

TEMPLATE = LOCALES / f"{DOMAIN}.pot"
CommandString = tuple[str, str]  # (context, English text)


def command_strings(tree: app_commands.CommandTree) -> list[CommandString]:
    """Every string of every command, as CommandWords will be asked for it."""
    found: dict[CommandString, None] = {}
    for command in tree.get_commands():
        for item in _strings_of(command):
            found[item] = None
    return sorted(found)


def _strings_of(command: app_commands.Command | app_commands.Group) -> Iterator[CommandString]:
    yield "command name", command.name
    yield "command description", command.description
    if isinstance(command, app_commands.Group):
        for child in command.commands:
            yield from _strings_of(child)
        return
    for parameter in command.parameters:
        yield "option name", parameter.display_name
        yield "option description", parameter.description
        for choice in parameter.choices:
            if choice.name not in AUTONYMS:
                yield "choice name", choice.name


async def _tree() -> app_commands.CommandTree:
    """The bot's command tree as its extensions build it, without logging in."""
    bot = TwilightBot.__new__(TwilightBot)
    discord.Client.__init__(bot, intents=discord.Intents.none())
    bot.tree = app_commands.CommandTree(bot)
    bot.services = None  # type: ignore[assignment]  # kept by /admin for when it is used: never here
    for name in EXTENSIONS:
        await importlib.import_module(name).setup(bot)
    return bot.tree


def write_template(output: Path = TEMPLATE) -> None:
    extract(output)
    with output.open("rb") as source:
        template = read_po(source)
    for context, text in command_strings(asyncio.run(_tree())):
        template.add(text, context=context, auto_comments=[f"Discord {context}: {_rule(context)}"])
    with output.open("wb") as target:
        write_po(target, template, omit_header=True, sort_output=True, width=76)


def _rule(context: str) -> str:
    if context.endswith("name") and not context.startswith("choice"):
        return "1-32 lowercase letters, digits, - or _; no spaces"
    return "up to 100 characters"


def compile_catalogs(folder: Path = LOCALES) -> list[Path]:
    """Every locale's .po compiled into the .mo beside it; the files written."""
    written = []
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compiled(po))
        written.append(mo)
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        for path in compile_catalogs():
            print(f"wrote {path.relative_to(LOCALES.parent.parent.parent)}")
    else:
        write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE)
