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
import zlib
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

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
from bot.devtools.console.parse import (
    Completion,
    ParseError,
    UnknownCommandError,
    command_usage,
    complete,
    parse_command,
    visible_commands,
)
from bot.devtools.console.render import Style, interactive_components, render_message
from bot.devtools.loopback import (
    ADMINISTRATOR,
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    FakeGuild,
    FakeMember,
    FakeUser,
    LoopbackDiscord,
    Reply,
)
from bot.discord.launcher import settle_start_up_heap
from bot.domain.catalog import Catalog

CONSOLE_TOKEN = "console-token-not-a-secret"  # noqa: S105 - the loopback Discord takes any token
SERVER_NAME = "Console"
YOU = "you"
ANSWER_TIMEOUT = 5.0  # Discord itself gives up after 3 s
THINKING_TIMEOUT = 60.0  # after "thinking…", an answer may take longer
AUTOCOMPLETE_TIMEOUT = 2.0
OWNER_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD | ADMINISTRATOR
# Ids below this fall in Discord's first 1000 seconds (2015-01-01): no real server or user has one,
# so console ratings can't mix with a real server's in a shared database.
_EARLIEST_IDS = 1000
_MESSAGE, _THINKING, _DEFERRED_UPDATE, _UPDATE, _MODAL = 4, 5, 6, 7, 9

MetaCommand = Callable[[str], Awaitable[bool]]  # argument text -> keep going?


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
    so a member's cooldown (/rate 2 s, /recommend 3 s by default) would turn the second /rate of
    a script into "try again in 2 s": a script means every line to run. A cooldown the console
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


def stable_id(kind: str, name: str) -> str:
    """The same snowflake for the same name in every session (so ratings carry over)."""
    millis = 1 + zlib.crc32(f"{kind}:{name.casefold()}".encode()) % (_EARLIEST_IDS - 1)
    return str(millis << 22 | zlib.crc32(name.encode()) & 0x3FFFFF)


class ConsoleServer:
    """The console's server and its members, with the same ids in every session."""

    def __init__(self, fake: LoopbackDiscord) -> None:
        self.fake = fake
        you = FakeUser(stable_id("user", YOU), YOU, "You")
        self.guild = FakeGuild(
            stable_id("guild", SERVER_NAME),
            SERVER_NAME,
            stable_id("channel", "general"),
            owner_id=you.id,
        )
        fake.guilds[self.guild.id] = self.guild  # before the bot connects: it is in GUILD_CREATE
        self.you = self._join(you, OWNER_PERMISSIONS)

    def member(self, name: str, *, admin: bool = False) -> FakeMember:
        """The member called ``name``, joining the server first if new; with ``admin``, one
        allowed to manage the server (a member already there is made one)."""
        found = self.find(name)
        if found is None:
            user = FakeUser(self._free_id(name), name.casefold(), name)
            return self._join(user, OWNER_PERMISSIONS if admin else DEFAULT_MEMBER_PERMISSIONS)
        if admin and found.permissions & OWNER_PERMISSIONS != OWNER_PERMISSIONS:
            return self._join(found.user, found.permissions | OWNER_PERMISSIONS)
        return found

    def find(self, name: str) -> FakeMember | None:
        wanted = name.casefold()
        members = self.guild.members.values()
        return next((m for m in members if wanted in _names(m)), None)

    @property
    def member_names(self) -> list[str]:
        return [m.user.display_name or m.user.name for m in self.guild.members.values()]

    def _free_id(self, name: str) -> str:
        """The name's stable id; should another member hold it already (two names whose hashes
        meet), the next free variant, so that no two members ever share cooldowns or ratings."""
        candidate, tries = stable_id("user", name), 1
        while candidate in self.guild.members:
            tries += 1
            candidate = stable_id("user", f"{name}#{tries}")
        return candidate

    def _join(self, user: FakeUser, permissions: int) -> FakeMember:
        member = FakeMember(user, self.guild.id, permissions)
        self.guild.members[user.id] = member  # replaces the member's old entry, if any
        return member


def _names(member: FakeMember) -> set[str]:
    return {member.user.name.casefold(), (member.user.display_name or "").casefold()}


class ConsoleSession:
    """One person at the console: who they are, where they type, and the last message's buttons."""

    def __init__(self, fake: LoopbackDiscord, server: ConsoleServer, out: TextIO, style: Style):
        self.fake = fake
        self.server = server
        self.out = out
        self.style = style
        self.member = server.you
        self.in_dm = False
        self.last_with_components: dict[str, Any] | None = None
        self._shown: dict[str, int] = {}  # reply token -> messages already printed
        self._replies: list[Reply] = []
        self._loop = asyncio.get_running_loop()
        self._meta: dict[str, MetaCommand] = {
            "help": self._help,
            "quit": self._quit,
            "exit": self._quit,
            "as": self._become,
            "dm": self._to_dm,
            "server": self._to_server,
            "press": self._press,
            "select": self._select,
            "spoilers": self._toggle_spoilers,
        }

    # -- where and who ------------------------------------------------------------------------

    def prompt(self) -> str:
        where = "DM" if self.in_dm else SERVER_NAME
        return f"{self.member.user.name}@{where}> "

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    @property
    def commands(self) -> list[dict[str, Any]]:
        return visible_commands(
            self._all_commands(), permissions=self.member.permissions, in_dm=self.in_dm
        )

    def _all_commands(self) -> list[dict[str, Any]]:
        scoped = self.fake.commands(self.server.guild.id) if not self.in_dm else []
        names = {c["name"] for c in scoped}
        return scoped + [c for c in self.fake.commands() if c["name"] not in names]

    @property
    def _guild(self) -> FakeGuild | None:
        return None if self.in_dm else self.server.guild

    # -- one line ------------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Do what the line says; False when the console should end."""
        text = line.strip()
        if not text:
            return True
        if text.startswith("/"):
            await self._slash(text)
            return True
        word, _, argument = text.partition(" ")
        meta = self._meta.get(word.lower())
        if meta is None:
            self.say(self._not_a_command(word))
            return True
        return await meta(argument.strip())

    def _not_a_command(self, word: str) -> str:
        if any(c["name"] == word.lower() for c in self.commands):
            return f"Slash commands start with /: try /{word.lower()}"
        return f"{word!r} is not a console command. Type help for the list, or /help."

    async def _slash(self, text: str) -> None:
        try:
            invocation = parse_command(text, self.commands, resolve_user=self.server.find)
        except UnknownCommandError as error:
            self.say(self._hidden_reason(text) or str(error))
            return
        except ParseError as error:
            self.say(str(error))
            return
        reply = await self.fake.invoke(
            invocation.path, invocation.options, member=self.member, guild=self._guild
        )
        await self._show_answer(reply)

    def _hidden_reason(self, text: str) -> str | None:
        name = text[1:].split(maxsplit=1)[0].lower() if len(text) > 1 else ""
        if not any(c["name"] == name for c in self._all_commands()):
            return None
        if self.in_dm:
            return f"/{name} works in the server only: type server to go back."
        me = self.member.user.display_name or self.member.user.name
        return (
            f"/{name} is for members allowed to manage the server: "
            f"try `as {YOU}`, or `as {me} admin` to make {me} one."
        )

    # -- answers ------------------------------------------------------------------------------

    async def _show_answer(self, reply: Reply) -> None:
        try:
            callback = await reply.callback(ANSWER_TIMEOUT)
        except TimeoutError:
            self.say(f"No answer within {ANSWER_TIMEOUT:.0f} s: the bot didn't respond.\n")
            return
        kind = callback.get("type")
        if kind == _MODAL:
            title = (callback.get("data") or {}).get("title", "")
            self.say(f"The bot opened a form, “{title}”: the console can't fill in forms yet.\n")
            return
        if kind == _THINKING:
            self.say("(Twilight Bot is thinking…)")
        wait = THINKING_TIMEOUT if kind in (_THINKING, _DEFERRED_UPDATE) else ANSWER_TIMEOUT
        try:
            message = await reply.response(wait)
        except TimeoutError:
            self.say("(acknowledged; nothing changed)\n" if kind == _DEFERRED_UPDATE else "")
            return
        self._print(message, edited=kind in (_UPDATE, _DEFERRED_UPDATE))
        self._shown[reply.token] = len(reply.all_messages)
        self._replies = [*self._replies[-19:], reply]

    def show_late_messages(self) -> None:
        """Follow-ups and edits that came after an answer was printed (a slow bot's second
        message, a button's later edit)."""
        for reply in self._replies:
            shown = self._shown.get(reply.token, 0)
            for message in reply.all_messages[shown:]:
                self._print(message, edited=message.get("edited_timestamp") is not None)
            self._shown[reply.token] = len(reply.all_messages)

    def _print(self, message: dict[str, Any], *, edited: bool) -> None:
        text = render_message(message, self.style)
        self.say(f"(the message above was updated)\n{text}\n" if edited else f"{text}\n")
        if interactive_components(message):
            self.last_with_components = message

    # -- meta-commands --------------------------------------------------------------------------

    async def _help(self, _argument: str) -> bool:
        self.say(HELP)
        for command in self.commands:
            self.say(command_usage(command["name"], command.get("options", [])))
            self.say(f"    {command.get('description', '')}")
        self.say("")
        return True

    async def _quit(self, _argument: str) -> bool:
        self.say("Bye.")
        return False

    async def _become(self, argument: str) -> bool:
        words = argument.split()
        admin = len(words) > 1 and words[-1].lower() == "admin"
        name = " ".join(words[:-1] if admin else words)
        if not name or len(name) > 32:
            self.say("Usage: as <name> (up to 32 characters), e.g. as Mika; add admin for one.")
            return True
        self.member = self.server.member(name, admin=admin)
        who = self.member.user.display_name or self.member.user.name
        manages = self.member.permissions & MANAGE_GUILD
        self.say(f"You are now {who}" + (", who can manage the server." if manages else "."))
        return True

    async def _to_dm(self, _argument: str) -> bool:
        self.in_dm = True
        self.say("Now in a DM with Twilight Bot (server-only commands won't work here).")
        return True

    async def _to_server(self, _argument: str) -> bool:
        self.in_dm = False
        self.say(f"Back in the {SERVER_NAME} server.")
        return True

    async def _toggle_spoilers(self, _argument: str) -> bool:
        self.style = dataclasses.replace(self.style, show_spoilers=not self.style.show_spoilers)
        self.say("Spoilers shown." if self.style.show_spoilers else "Spoilers hidden.")
        return True

    async def _press(self, argument: str) -> bool:
        found = self._component(argument.split(maxsplit=1)[0] if argument else "")
        if found is None:
            return True
        message, component = found
        if component.get("type") != 2:
            self.say("That's a select: choose with select <number> <value>.")
        elif component.get("style") == 5:
            self.say(f"That's a link: {component.get('url')}")
        elif component.get("disabled"):
            self.say("That button is disabled.")
        else:
            await self._interact(message, component, None)
        return True

    async def _select(self, argument: str) -> bool:
        number, _, wanted = argument.partition(" ")
        found = self._component(number)
        if found is None:
            return True
        message, component = found
        try:
            values = select_values(component, wanted)
        except ParseError as error:
            self.say(str(error))
            return True
        await self._interact(message, component, values)
        return True

    def _component(self, number: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        last = self.last_with_components
        message = self.fake.messages.get(last["id"]) if last else None
        components = interactive_components(message) if message else []
        if not components:
            self.say("No buttons or selects to use: the last answers had none.")
            return None
        if not number.isdigit() or not 1 <= int(number) <= len(components):
            self.say(f"Give a number from 1 to {len(components)}, as listed under the answer.")
            return None
        assert message is not None  # components came from it
        return message, components[int(number) - 1]

    async def _interact(
        self, message: dict[str, Any], component: dict[str, Any], values: list[str] | None
    ) -> None:
        reply = await self.fake.press(
            message,
            custom_id=component["custom_id"],
            values=values,
            member=self.member,
            guild=self._guild,
        )
        await self._show_answer(reply)

    # -- completion (called from the input thread) ----------------------------------------------

    def completions_from_thread(self, line: str) -> list[Completion]:
        if line.startswith("/"):
            return complete(line, self.commands, self._choices_from_thread)
        words = line.split(" ")
        if len(words) == 2 and words[0] == "as":
            names = self.server.member_names
            return [Completion(f"as {n}", n) for n in names if n.lower().startswith(words[1])]
        if len(words) > 1:
            return []
        return [Completion(f"{name} ", name) for name in self._meta if name.startswith(line)]

    def _choices_from_thread(
        self, path: str, options: dict[str, Any], focused: str
    ) -> list[dict[str, Any]]:
        asked = self.fake.autocomplete(
            path, options, focused=focused, member=self.member, guild=self._guild
        )
        future = asyncio.run_coroutine_threadsafe(asked, self._loop)
        try:
            return future.result(AUTOCOMPLETE_TIMEOUT)
        except Exception:  # a slow or failing autocomplete offers nothing, as in Discord
            future.cancel()
            return []


def select_values(component: dict[str, Any], wanted: str) -> list[str]:
    """The option values a typed choice means: one label or value, or several, comma-separated."""
    if component.get("type") != 3:
        raise ParseError("The console can choose from lists of options only (not users/roles).")
    if component.get("disabled"):
        raise ParseError("That select is disabled.")
    options = component.get("options", [])
    if not options:
        raise ParseError("That select has nothing to choose.")
    parts = [wanted] if _option_value(options, wanted) else wanted.split(",")
    values = [_option_value(options, part) for part in parts if part.strip()]
    if not values or None in values:
        listed = ", ".join(o["label"] for o in options)
        raise ParseError(f"Choose from: {listed} (e.g. select 1 {options[0]['value']}).")
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    if not low <= len(values) <= high:
        raise ParseError(f"Choose {low}" + (f" to {high}" if high != low else "") + " of them.")
    return [v for v in values if v is not None]


def _option_value(options: list[dict[str, Any]], typed: str) -> str | None:
    wanted = typed.strip().casefold()
    for option in options:
        if wanted in (option["value"].casefold(), option["label"].casefold()):
            return option["value"]
    return None


HELP = f"""\
Type slash commands as in Discord: /couple Rei Shion, /rate 8, /recommend enemies to lovers.
Options fill in order, the last one takes the rest of the line; name:value works too
(/rate score:8 target:Rei & Shion). Tab completes commands, options and the bot's suggestions.

Console commands:
  help                this help
  as <name> [admin]   become another member ({YOU} is the owner), e.g. to vote twice
  dm / server         talk to the bot in a DM, or back in the server
  press <n>           press button n of the last answer
  select <n> <value>  choose in select n of the last answer
  spoilers            show or hide spoilers
  quit                leave (Ctrl+D works too)

Cooldowns work as on Discord: each member waits between uses of /rate and of /recommend
(RATE_COOLDOWN, RECOMMEND_COOLDOWN), in the server and in DMs apart. Commands piped in skip
these defaults; a cooldown set with /admin cooldown still applies.

The bot's commands here:"""
