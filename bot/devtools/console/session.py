"""One person at the console: who they are and where they type (the server or a DM), what each
line they type does, and Tab completion of the same lines."""

from __future__ import annotations

import asyncio
from typing import Any, TextIO

from bot.devtools.console.answers import AnswerDisplay
from bot.devtools.console.localized import (
    SOURCE,
    canonical,
    canonical_names,
    localized_commands,
)
from bot.devtools.console.meta import META_COMMANDS
from bot.devtools.console.parse import (
    Completion,
    ParseError,
    UnknownCommandError,
    complete,
    parse_command,
    visible_commands,
)
from bot.devtools.console.render import Style
from bot.devtools.console.world import SERVER_NAME, YOU, ConsoleServer, display_name
from bot.devtools.loopback import FakeGuild, LoopbackDiscord

AUTOCOMPLETE_TIMEOUT = 2.0


class ConsoleSession:
    def __init__(self, fake: LoopbackDiscord, server: ConsoleServer, out: TextIO, style: Style):
        self.fake = fake
        self.server = server
        self.out = out
        self.member = server.you
        self.in_dm = False
        self.locale = SOURCE  # the language the member's client is in (`locale ja`)
        self.answers = AnswerDisplay(self.say, style)
        self._loop = asyncio.get_running_loop()  # the bot's loop, for completion's thread

    # -- where and who ------------------------------------------------------------------------

    def prompt(self) -> str:
        where = "DM" if self.in_dm else SERVER_NAME
        return f"{self.member.user.name}@{where}> "

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    @property
    def guild(self) -> FakeGuild | None:
        """Where commands go: the console's server, or None in a DM."""
        return None if self.in_dm else self.server.guild

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The commands this member may use here, as Discord's client would offer them."""
        visible = visible_commands(
            self._all_commands(), permissions=self.member.permissions, in_dm=self.in_dm
        )
        return localized_commands(visible, self.locale)

    def _all_commands(self) -> list[dict[str, Any]]:
        scoped = self.fake.commands(self.server.guild.id) if not self.in_dm else []
        names = {c["name"] for c in scoped}
        return scoped + [c for c in self.fake.commands() if c["name"] not in names]

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
        meta = META_COMMANDS.get(word.lower())
        if meta is None:
            self.say(self._not_a_command(word))
            return True
        return await meta(self, argument.strip())

    def show_late_messages(self) -> None:
        self.answers.show_late_messages()

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
        invocation = canonical(invocation, self.commands)
        reply = await self.fake.invoke(
            invocation.path,
            invocation.options,
            member=self.member,
            guild=self.guild,
            locale=self.locale,
        )
        await self.answers.show(reply)

    def _hidden_reason(self, text: str) -> str | None:
        """Why a synced command is not offered here, if that is why it was not found."""
        name = text[1:].split(maxsplit=1)[0].lower() if len(text) > 1 else ""
        if not any(c["name"] == name for c in self._all_commands()):
            return None
        if self.in_dm:
            return f"/{name} works in the server only: type server to go back."
        me = display_name(self.member)
        return (
            f"/{name} is for members allowed to manage the server: "
            f"try `as {YOU}`, or `as {me} admin` to make {me} one."
        )

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
        return [Completion(f"{name} ", name) for name in META_COMMANDS if name.startswith(line)]

    def _choices_from_thread(
        self, path: str, options: dict[str, Any], focused: str
    ) -> list[dict[str, Any]]:
        known, names = canonical_names(path, self.commands)
        asked = self.fake.autocomplete(
            known,
            {names.get(name, name): value for name, value in options.items()},
            focused=names.get(focused, focused),
            member=self.member,
            guild=self.guild,
            locale=self.locale,
        )
        future = asyncio.run_coroutine_threadsafe(asked, self._loop)
        try:
            return future.result(AUTOCOMPLETE_TIMEOUT)
        except Exception:  # a slow or failing autocomplete offers nothing, as in Discord
            future.cancel()
            return []
