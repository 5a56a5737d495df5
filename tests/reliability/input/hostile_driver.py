"""Sending hostile values through the synced commands, one fresh server and member per value.

The options come from what the bot synced (``fake.commands()``), so an option added tomorrow is
covered without touching these tests. Each interaction gets a server of its own, so whatever it
changed in the database is exactly the rows with that server's id.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile_checks import ANSWER_TIMEOUT, choice_problems, is_ephemeral, is_refusal
from hostile_checks import reply_problems as answer_problems

from bot.devtools.loopback import (
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    FakeGuild,
    FakeMember,
    LoopbackDiscord,
    Reply,
)

Json = dict[str, Any]
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, NUMBER = 3, 4, 5, 6, 10
ADMIN_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD
GENERIC_FAILURE = "Something went wrong on my side"
# The kinds of rows an accepted command may write, in its own server; a refusal writes nothing.
WRITES: dict[str, set[str]] = {
    "rate": {"ratings", "reviews", "members"},
    "couple": {"last_shown"},
    "recommend": {"last_shown"},
    "admin cooldown": {"cooldowns"},
    "admin reviews": {"settings"},
}
REPORT_ENV = "HOSTILE_INPUT_REPORT"  # set to a path to keep the figures as JSON


@dataclass(frozen=True)
class Option:
    command: str  # "rate", or "admin cooldown" for a subcommand
    schema: Json  # the option as synced
    siblings: tuple[Json, ...]  # every option of the command, this one included

    @property
    def name(self) -> str:
        return self.schema["name"]

    def __str__(self) -> str:
        return f"/{self.command} {self.name}"


def leaf_commands(fake: LoopbackDiscord) -> list[tuple[str, list[Json]]]:
    """(path, options) of every synced slash command and subcommand."""
    found: list[tuple[str, list[Json]]] = []

    def walk(path: str, options: list[Json]) -> None:
        nested = [o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if not nested:
            found.append((path, options))
        for option in nested:
            walk(f"{path} {option['name']}", option.get("options", []))

    for command in fake.commands():
        walk(command["name"], command.get("options", []))
    return found


def options_of(fake: LoopbackDiscord, types: tuple[int, ...]) -> list[Option]:
    return [
        Option(path, option, tuple(options))
        for path, options in leaf_commands(fake)
        for option in options
        if option["type"] in types
    ]


def autocompleting(fake: LoopbackDiscord) -> list[Option]:
    return [o for o in options_of(fake, (STRING, INTEGER, NUMBER)) if o.schema.get("autocomplete")]


@dataclass
class Outcome:
    option: Option
    family: str
    value: Any
    guild: FakeGuild
    reply: Reply
    answer: Json | None
    choices: list[Json] | None = None
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        shown = repr(self.value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return f"{self.option} = {shown} [{self.family}]"

    @property
    def refused(self) -> bool:
        return self.answer is not None and is_refusal(self.answer)


class HostileSender:
    """Fills an option with a hostile value, the command's other required options with sane
    ones (the first choice, the first autocomplete suggestion), and sends it."""

    def __init__(self, fake: LoopbackDiscord) -> None:
        self.fake = fake
        self._first_choice: dict[tuple[str, str], Any] = {}

    async def prepare(self, options: list[Option]) -> None:
        """Ask the bot once for the first suggestion of every autocompleting sibling."""
        for option in options:
            for sibling in option.siblings:
                key = (option.command, sibling["name"])
                if sibling.get("autocomplete") and key not in self._first_choice:
                    offered = await self.fake.autocomplete(
                        option.command, {sibling["name"]: ""}, focused=sibling["name"]
                    )
                    self._first_choice[key] = offered[0]["value"]

    def _sane(self, option: Option, sibling: Json, guild: FakeGuild) -> Any:
        if sibling.get("choices"):
            return sibling["choices"][0]["value"]
        if sibling.get("autocomplete"):
            return self._first_choice[(option.command, sibling["name"])]
        kind = sibling["type"]
        if kind in (INTEGER, NUMBER):
            return sibling.get("min_value", 1)
        if kind == BOOLEAN:
            return True
        if kind == USER:
            return self.fake.add_member(guild, name="someone", display_name="Someone")
        return "A fine show."

    def _member(self, option: Option) -> tuple[FakeGuild, FakeMember]:
        guild = self.fake.add_guild("hostile input")
        permissions = (
            ADMIN_PERMISSIONS if option.command.startswith("admin") else DEFAULT_MEMBER_PERMISSIONS
        )
        return guild, self.fake.add_member(guild, name="member", permissions=permissions)

    async def invoke(self, option: Option, family: str, value: Any, *, forge: bool) -> Outcome:
        guild, member = self._member(option)
        values = {
            s["name"]: self._sane(option, s, guild)
            for s in option.siblings
            if s.get("required") and s["name"] != option.name
        }
        values[option.name] = value
        reply = await self.fake.invoke(option.command, values, member=member, forge=forge)
        try:
            answer = await reply.response(timeout=ANSWER_TIMEOUT)
        except TimeoutError:
            answer = None
        outcome = Outcome(option, family, value, guild, reply, answer)
        outcome.problems = self._answer_problems(outcome)
        return outcome

    async def autocomplete(self, option: Option, family: str, text: str) -> Outcome:
        guild, member = self._member(option)
        reply_before = len(self.fake.replies)
        try:
            offered = await self.fake.autocomplete(
                option.command, {option.name: text}, focused=option.name, member=member
            )
            problems = choice_problems(offered)
        except TimeoutError:
            offered, problems = None, ["no choices came back"]
        reply = next(
            r for r in self.fake.replies[reply_before:] if r.payload["guild_id"] == guild.id
        )
        outcome = Outcome(option, family, text, guild, reply, None, offered, problems)
        if len(reply.callbacks) != 1:
            outcome.problems.append(f"{len(reply.callbacks)} interaction callbacks")
        return outcome

    @staticmethod
    def _answer_problems(outcome: Outcome) -> list[str]:
        answer = outcome.answer
        if answer is None:
            return ["no answer"]
        problems = answer_problems(outcome.reply)
        embeds = answer.get("embeds") or []
        if not embeds or not embeds[0].get("title"):
            problems.append("an answer without a titled embed")
        elif GENERIC_FAILURE in (embeds[0].get("description") or ""):
            problems.append("the bot failed ('Something went wrong')")
        if outcome.refused and not is_ephemeral(answer):
            problems.append("a refusal everyone in the channel sees")
        if outcome.refused and not (embeds[0].get("description") or "").strip():
            problems.append("a refusal that doesn't say why")
        return problems


def database_problems(outcome: Outcome, rows: dict[str, list[Json]], score: Any) -> list[str]:
    """What the interaction wrote (``rows``, its server's changed rows) against its answer."""
    tables = set(rows)
    if outcome.refused or outcome.answer is None:
        return [f"refused, yet changed {sorted(tables)}"] if tables else []
    allowed = WRITES.get(outcome.option.command, set())
    problems = [f"changed {sorted(tables - allowed)}"] if tables - allowed else []
    for rating in rows.get("ratings", []):
        if rating["score"] != score:
            problems.append(f"stored score {rating['score']!r}, sent {score!r}")
    for review in rows.get("reviews", []):
        text = review["text"]
        if len(text) > 280 or any(ord(c) < 32 or c in "\u200b\u200e\u202e\u2067" for c in text):
            problems.append(f"stored review {text!r}")
    return problems


def keep_figures(name: str, outcomes: list[Outcome]) -> Json:
    """Counts by option and family: sent, refused, accepted; written to REPORT_ENV if set."""
    figures: Json = {"sent": len(outcomes), "by_option": {}, "by_family": {}}
    for outcome in outcomes:
        verdict = "refused" if outcome.refused else "accepted"
        if outcome.choices is not None:
            verdict = "choices" if outcome.choices else "no choices"
        for key, label in (("by_option", str(outcome.option)), ("by_family", outcome.family)):
            counts = figures[key].setdefault(label, Counter())
            counts[verdict] += 1
    if path := os.environ.get(REPORT_ENV):
        report = Path(path)
        existing = json.loads(report.read_text()) if report.exists() else {}
        existing[name] = figures
        report.write_text(json.dumps(existing, indent=1, default=dict))
    return figures
