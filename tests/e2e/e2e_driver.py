"""Driving the product bot process through the loopback Discord, as a member would.

The bot runs as a user starts it (``python -m bot sync`` then ``python -m bot run``, settings from
the environment, from a directory without ``.env``); tests talk to it only through Discord's API,
and read what it stored through the store's own interface (a second store on the same database,
opened for each look: the bot keeps running).

A ``ProductBot`` may run some shards of a sharded bot (``shards=ShardPlan(count, ids)``) and use
any ``database_url``, so several processes can share one database, as several hosts would.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.catalogs import ONE_SERIES

from bot.devtools.loopback import (
    EPHEMERAL,
    IDENTIFY_WINDOW,
    FakeGuild,
    FakeMember,
    LoopbackDiscord,
    Origin,
    RecordedRequest,
    Reply,
)
from bot.devtools.loopback.interactions import MESSAGE_COMPONENT
from bot.store import CoreStore, MemberRating, file_database_url, open_store
from bot.store.identify import IDENTIFY_SPACING

Json = dict[str, Any]

START_TIMEOUT = 20  # a cold start imports discord.py and loads the catalog: ~1 s, 20 on a bad day
STOP_TIMEOUT = 10
ANSWER_TIMEOUT = 5
# Settings a developer's shell may carry that would point the bot somewhere else.
_INHERITED_SETTINGS = (
    "DISCORD_TOKEN",
    "DATABASE_PATH",
    "DATABASE_URL",
    "CATALOG_DIR",
    "DEV_GUILD_ID",
    "LOG_LEVEL",
    "SHARD_COUNT",
    "SHARD_IDS",
)
_MESSAGE_CALLBACKS = (4, 7)  # callback types that carry a message: new, or an edit of one
ACTION_ROW, BUTTON, STRING_SELECT = 1, 2, 3  # component types


@dataclass(frozen=True)
class ShardPlan:
    """SHARD_COUNT and SHARD_IDS for one bot process."""

    count: int
    ids: tuple[int, ...]

    def env(self) -> dict[str, str]:
        return {"SHARD_COUNT": str(self.count), "SHARD_IDS": ",".join(map(str, self.ids))}


@dataclass
class ProductBot:
    """The product bot as a subprocess against ``fake``, its log (and its SQLite file, unless
    ``database`` names another database) in ``workdir``, on the test catalog ``catalog_dir``
    (tests/fixtures/catalogs), so that editing the shipped catalog in data/ changes nothing here.
    ``shards``: the shards it runs; None, the one shard of a bot with no shard settings."""

    fake: LoopbackDiscord
    workdir: Path
    catalog_dir: Path | None = ONE_SERIES  # None: the shipped catalog in data/
    database: str | None = None  # a DATABASE_URL; None: ratings.db in workdir
    shards: ShardPlan | None = None
    settings: dict[str, str] = field(default_factory=dict)  # more settings, or other values
    # What the command runs under: ("ip", "netns", "exec", NAME) runs it on a host of its own.
    runs_in: tuple[str, ...] = ()
    process: asyncio.subprocess.Process | None = field(default=None, init=False)

    @property
    def database_path(self) -> Path:
        return self.workdir / "ratings.db"

    @property
    def database_url(self) -> str:
        return self.database or str(file_database_url(self.database_path))

    @property
    def shard_ids(self) -> tuple[int, ...]:
        """The shards this process's sessions are for (0 for a bot without shard settings)."""
        return self.shards.ids if self.shards else (0,)

    @property
    def log_path(self) -> Path:
        return self.workdir / "bot.log"

    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if k not in _INHERITED_SETTINGS}
        if self.catalog_dir is not None:
            inherited["CATALOG_DIR"] = str(self.catalog_dir)
        return {
            **inherited,
            "DISCORD_TOKEN": "loopback-token",
            "DISCORD_API_BASE": self.fake.api_base,
            "DATABASE_URL": self.database_url,
            # Members here rate again at once on purpose; the cooldown tests switch cooldowns on
            # per server with /admin cooldown, as a server admin would.
            "RATE_COOLDOWN": "0",
            "RECOMMEND_COOLDOWN": "0",
            **(self.shards.env() if self.shards else {}),
            **self.settings,
        }

    async def _spawn(self, *args: str) -> asyncio.subprocess.Process:
        with self.log_path.open("ab") as log:
            return await asyncio.create_subprocess_exec(
                *self.runs_in,
                sys.executable,
                "-m",
                "bot",
                *args,
                env=self.env(),
                cwd=self.workdir,  # no .env here: the environment is the whole configuration
                stdout=log,
                stderr=log,
            )

    async def sync(self) -> None:
        process = await self._spawn("sync")
        code = await asyncio.wait_for(process.wait(), START_TIMEOUT)
        assert code == 0, f"`bot sync` exited {code}:\n{self.log()}"

    async def start(self) -> None:
        """Run the bot, until every one of its shards is identified and has its servers."""
        await start_together(self.fake, [self])

    async def launch(self) -> None:
        """Run the bot without waiting for it (``start_together`` waits)."""
        self.process = await self._spawn("run")

    async def stop(self) -> None:
        """SIGTERM, as a host stops it; the bot closes its gateway and database cleanly."""
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"the bot ignored SIGTERM:\n{self.log()}") from None
        finally:
            # The fake may not have read the closed socket yet; forget it now, so that the next
            # start waits for a new READY instead of seeing the old session as live.
            await self.fake.close_gateway(1000, shards=self.shard_ids)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @asynccontextmanager
    async def store(self) -> AsyncIterator[CoreStore]:
        """A store of its own on the bot's database, for a look at what the bot stored."""
        async with await open_store(self.database_url) as store:
            yield store

    async def stored_ratings(self, guild: FakeGuild) -> list[tuple[int, str, int]]:
        """(user id, target, score) of every rating in ``guild``."""
        return sorted((user, r.target, r.score) for user, r in await self._ratings_in(guild))

    async def stored_reviews(self, guild: FakeGuild) -> list[tuple[int, str, str, bool]]:
        """(user id, target, text, spoiler) of every review in ``guild``."""
        rows = await self._ratings_in(guild)
        return sorted((user, r.target, r.review, r.spoiler) for user, r in rows if r.review)

    async def ratings_by(self, member: FakeMember) -> list[tuple[int, str, int]]:
        """(guild id, target, score) of ``member``'s ratings in every server the fake knows."""
        found = []
        async with self.store() as store:
            for guild_id in sorted(int(guild) for guild in self.fake.guilds):
                rated = await store.user_ratings(guild_id, int(member.id))
                found += [(guild_id, target, score) for target, score in sorted(rated.items())]
        return found

    async def rows_about(
        self, guild: FakeGuild, member: FakeMember | None = None
    ) -> dict[str, int]:
        """How much the store holds of ``guild`` (of ``member`` in it, if given), by kind."""
        async with self.store() as store:
            if member is None:
                return await store.held_about_guild(int(guild.id))
            return await store.held_about_member(int(guild.id), int(member.id))

    async def _ratings_in(self, guild: FakeGuild) -> list[tuple[int, MemberRating]]:
        async with self.store() as store:
            export = await store.guild_export(int(guild.id))
        return [(user, rating) for user, ratings in export.ratings.items() for rating in ratings]


@dataclass
class Member:
    """A member using the bot's commands in ``guild`` (None: in a DM with the bot)."""

    fake: LoopbackDiscord
    guild: FakeGuild | None
    member: FakeMember
    locale: str = "en-US"  # the language of their Discord client, sent with each interaction

    def elsewhere(self, guild: FakeGuild | None) -> Member:
        """The same person, using the bot in another server (or in a DM)."""
        return Member(self.fake, guild, self.member, self.locale)

    def speaking(self, locale: str) -> Member:
        """The same person with their Discord client in another language."""
        return Member(self.fake, self.guild, self.member, locale)

    async def use(
        self, command: str, options: dict[str, Any] | None = None, *, forge: bool = False
    ) -> Json:
        """The message that answers ``/command options``."""
        reply = await self.fake.invoke(
            command, options, member=self.member, guild=self.guild, forge=forge, locale=self.locale
        )
        return await reply.response(timeout=ANSWER_TIMEOUT)

    async def reply_to(
        self, command: str, options: dict[str, Any] | None = None, *, forge: bool = False
    ) -> Reply:
        """Everything that answered ``/command options`` (its requests carry uploaded files),
        once the first real answer is in."""
        reply = await self.fake.invoke(
            command, options, member=self.member, guild=self.guild, forge=forge, locale=self.locale
        )
        await reply.response(timeout=ANSWER_TIMEOUT)
        return reply

    async def press(self, message: Json, custom_id: str, values: list[str] | None = None) -> Json:
        """The answer to pressing a component of ``message`` (or choosing ``values`` in it)."""
        reply = await self.press_reply(message, custom_id, values)
        return await reply.response(timeout=ANSWER_TIMEOUT)

    async def press_reply(
        self, message: Json, custom_id: str, values: list[str] | None = None
    ) -> Reply:
        return await self.fake.press(
            message,
            custom_id=custom_id,
            values=values,
            member=self.member,
            guild=self.guild,
            locale=self.locale,
        )

    async def press_forged(
        self, message: Json, custom_id: str, *, values: list[str] | None = None
    ) -> Json:
        """A modified client's press on ``message`` of a component it doesn't have: a button,
        or a select when ``values`` are given."""
        kind = BUTTON if values is None else STRING_SELECT
        component: Json = {"type": kind, "custom_id": custom_id}
        if kind == BUTTON:
            component.update(style=2, label="Forged")
        else:
            component["options"] = [{"label": v, "value": v} for v in values or []]
        forged = {**message, "components": [{"type": ACTION_ROW, "components": [component]}]}
        data: Json = {"custom_id": custom_id, "component_type": kind}
        if values is not None:
            data["values"] = values
        origin = Origin(self.member, self.guild, dm_channel_id=str(int(self.member.id) + 1))
        reply = await self.fake.inject(
            MESSAGE_COMPONENT, data, origin, message=forged, locale=self.locale
        )
        return await reply.response(timeout=ANSWER_TIMEOUT)

    async def choices(self, command: str, options: dict[str, Any], *, focused: str) -> list[Json]:
        return await self.fake.autocomplete(
            command,
            options,
            focused=focused,
            member=self.member,
            guild=self.guild,
            locale=self.locale,
        )


def assert_identified_in_turns(fake: LoopbackDiscord, shards: int) -> None:
    """Shards 0 to shards-1 each identified once and were let through, those of one bucket (two
    buckets: even shards and odd ones) at least Discord's window apart."""
    log = fake.identify_log
    assert [record.accepted for record in log] == [True] * shards
    assert sorted(record.shard.id for record in log) == list(range(shards))
    for earlier, later in itertools.combinations(log, 2):
        if earlier.shard.id % 2 == later.shard.id % 2:
            assert later.at - earlier.at >= IDENTIFY_WINDOW


async def until_answered(replies: list[Reply], count: int, *, patience: float) -> None:
    """Until ``count`` of ``replies`` have had their answer reach Discord (the rest may never),
    each given up to ``patience`` seconds."""
    pending = [asyncio.ensure_future(reply.response(timeout=patience)) for reply in replies]
    try:
        for answered, next_answer in enumerate(asyncio.as_completed(pending), start=1):
            await next_answer
            if answered == count:
                return
    finally:
        for waiting in pending:
            waiting.cancel()


def embed(message: Json) -> Json:
    """The one embed every answer of this bot carries."""
    embeds = message.get("embeds") or []
    assert len(embeds) == 1, f"expected one embed, got {message}"
    return embeds[0]


def text_of(message: Json) -> str:
    """Everything a member reads in the answer: title, description, fields and footer."""
    card = embed(message)
    parts = [card.get("title", ""), card.get("description", "")]
    for found in card.get("fields", []):
        parts += [found["name"], found["value"]]
    parts.append((card.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


def field_value(message: Json, name: str) -> str:
    values = [f["value"] for f in embed(message).get("fields", []) if f["name"] == name]
    assert values, f"no field {name!r} in {embed(message)}"
    return "\n".join(values)


def is_ephemeral(message: Json) -> bool:
    return bool(message.get("flags", 0) & EPHEMERAL)


# -- what an answer shows, as data ---------------------------------------------------------------
# Tests check what an answer does (which couple, which score, how many votes, which fields and
# buttons) through these rather than through whole sentences, so that rewording an answer fails
# no test that is about something else; the few tests that pin the wording members read say so.

_OUT_OF_TEN = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)/10\b")
_VOTES = re.compile(r"\b(\d+) votes?\b")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_RANKED = re.compile(r"^\*\*(\d+)\. (.+)\*\*: (\d+\.\d)/10 from (\d+) votes?$")


def out_of_ten(text: str) -> list[float]:
    """Every score ``text`` shows out of 10 ("9.0/10", "5/10"), in order."""
    return [float(score) for score in _OUT_OF_TEN.findall(text)]


def votes(text: str) -> int | None:
    """The number of votes ``text`` counts ("1 vote", "200 votes"); None if it counts none."""
    counted = _VOTES.findall(text)
    assert len(counted) <= 1, f"more than one vote count in {text!r}"
    return int(counted[0]) if counted else None


def bold(text: str) -> list[str]:
    """The **bold** parts of ``text``: the names and numbers an answer stresses."""
    return _BOLD.findall(text)


def title(message: Json) -> str:
    return embed(message).get("title", "")


def description(message: Json) -> str:
    return embed(message).get("description", "")


def field_names(message: Json) -> list[str]:
    return [found["name"] for found in embed(message).get("fields", [])]


def colour(message: Json) -> int | None:
    return embed(message).get("color")


def listed(message: Json) -> list[str]:
    """The lines an answer offers as a list ("• …" under its intro), bullets off."""
    lines = description(message).split("\n")
    return [line.removeprefix("• ") for line in lines if line.startswith("• ")]


@dataclass(frozen=True)
class Saved:
    """What a "Score saved" confirmation tells the member: what they rated, their score, the
    score it replaced (None if there was none, or it was the same), and the server's average
    and vote count after it."""

    rated: str
    score: int
    previous: int | None
    average: float
    votes: int


def saved(message: Json) -> Saved:
    assert title(message) == "Score saved", embed(message)
    rated_line, average_line, *_ = description(message).split("\n")
    rated, *_ = bold(rated_line)
    score, *previous = out_of_ten(rated_line)
    (average,) = out_of_ten(average_line)
    count = votes(average_line)
    assert count is not None, average_line
    return Saved(rated, int(score), int(previous[0]) if previous else None, average, count)


def ranking(message: Json) -> list[tuple[str, float, int]]:
    """The /scores ranking, first place first: (couple, average, votes) of each couple ranked."""
    rows = []
    for place, line in enumerate(field_value(message, "Couples").split("\n"), 1):
        if not line.startswith("**"):
            continue  # not a ranked couple: the line saying nobody is ranked yet
        found = _RANKED.match(line)
        assert found is not None, f"a ranking line the tests cannot read: {line!r}"
        assert int(found[1]) == place, line
        rows.append((found[2], float(found[3]), int(found[4])))
    return rows


async def start_together(fake: LoopbackDiscord, bots: list[ProductBot]) -> None:
    """Run the bots at once, until every shard of each is identified and has its servers."""
    before = fake.sessions
    for bot in bots:
        await bot.launch()
    shards = [shard_id for bot in bots for shard_id in bot.shard_ids]
    # A shard may wait its identify turn: a window for each shard before it in its bucket.
    timeout = START_TIMEOUT + IDENTIFY_SPACING * len(shards)
    try:
        await fake.wait_for_ready(timeout=timeout, shards=shards)
    except TimeoutError:
        raise AssertionError(_logs(bots)) from None
    assert fake.sessions - before == len(shards), _logs(bots)


def _logs(bots: list[ProductBot]) -> str:
    return "\n".join(f"{bot.workdir.name}:\n{bot.log()}" for bot in bots)


@asynccontextmanager
async def running_shards(
    fake: LoopbackDiscord,
    workdir: Path,
    plans: list[ShardPlan],
    *,
    database: str | None = None,
    settings: dict[str, str] | None = None,
) -> AsyncIterator[list[ProductBot]]:
    """A bot process per plan, all on one database (``database``, else an SQLite file in
    ``workdir``), each with its log in a folder of its own; commands synced once, all started
    together and READY; stopped before the fake."""
    database = database or str(file_database_url(workdir / "ratings.db"))
    bots = []
    for plan in plans:
        own = workdir / f"shards-{'-'.join(map(str, plan.ids))}-of-{plan.count}"
        own.mkdir(parents=True, exist_ok=True)
        bots.append(ProductBot(fake, own, ONE_SERIES, database, plan, dict(settings or {})))
    async with running_together(fake, bots):
        yield bots


@asynccontextmanager
async def running_together(fake: LoopbackDiscord, bots: list[ProductBot]) -> AsyncIterator[None]:
    """The bots' commands synced once, all started together and READY; stopped after."""
    await bots[0].sync()
    try:
        await start_together(fake, bots)
        yield
    finally:
        for bot in bots:
            await bot.stop()


@asynccontextmanager
async def running_bot(
    fake: LoopbackDiscord,
    workdir: Path,
    catalog_dir: Path | None = ONE_SERIES,
    *,
    database: str | None = None,
    shards: ShardPlan | None = None,
) -> AsyncIterator[ProductBot]:
    """The product bot, its commands synced, logged in and READY; stopped before the fake."""
    bot = ProductBot(fake, workdir, catalog_dir, database, shards)
    await bot.sync()
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


class DiscordRules:
    """What every test must leave true of what happened since this was made: no request broke
    Discord's spec or missed its routes, no message could ping anyone, and no bot process logged
    a traceback (a member would have seen "something went wrong")."""

    def __init__(self, fakes: Iterable[LoopbackDiscord], bots: Iterable[ProductBot]) -> None:
        self._fakes = [(f, len(f.violations), len(f.requests), len(f.unhandled)) for f in fakes]
        self._bots = [(b, len(b.log())) for b in bots]

    def check(self) -> None:
        for fake, violations, requests, unhandled in self._fakes:
            assert fake.violations[violations:] == []
            assert fake.unhandled[unhandled:] == []
            bodies = message_bodies(fake.requests[requests:])
            pinging = [b for b in bodies if not pings_no_one(b.get("allowed_mentions"))]
            assert pinging == [], "messages whose allowed_mentions could ping someone"
        for bot, start in self._bots:
            logged = bot.log()[start:]
            where = logged.find("Traceback")
            assert where < 0, f"{bot.workdir.name} logged:\n{logged[max(0, where - 300) :]}"


def message_bodies(requests: list[RecordedRequest]) -> list[Json]:
    """The bodies of the bot's requests that post or edit a message (not autocomplete choices)."""
    bodies = []
    for request in requests:
        body = request.body
        if not isinstance(body, dict):
            continue
        if request.route_template and request.route_template.endswith("/callback"):
            if body.get("type") in _MESSAGE_CALLBACKS:
                bodies.append(body.get("data") or {})
        elif request.route_template and request.route_template.startswith("/webhooks/"):
            bodies.append(body)
    return bodies


def pings_no_one(allowed_mentions: Json | None) -> bool:
    """Whether a message's ``allowed_mentions`` lets it ping nobody (missing means everyone)."""
    if allowed_mentions is None:
        return False
    return (
        allowed_mentions.get("parse") == []
        and not allowed_mentions.get("users")
        and not allowed_mentions.get("roles")
    )


def components_of(message: Json) -> list[Json]:
    """Every component under ``message``, rows unpacked."""
    found = []
    for row in message.get("components") or []:
        found.extend(row.get("components") or [])
    return found


def custom_ids(message: Json) -> list[str]:
    return [c["custom_id"] for c in components_of(message) if "custom_id" in c]


def custom_id_starting(message: Json, prefix: str) -> str:
    matching = [custom_id for custom_id in custom_ids(message) if custom_id.startswith(prefix)]
    assert len(matching) == 1, f"no single component {prefix}… on {custom_ids(message)}"
    return matching[0]


def uploads(reply: Reply) -> dict[str, bytes]:
    """The files the bot uploaded while answering, by filename."""
    files: dict[str, bytes] = {}
    for request in reply.requests:
        files.update(request.files)
    return files


def custom_id_labelled(message: Json, label: str) -> str:
    """The custom_id of the button whose label is ``label``."""
    matching = [c["custom_id"] for c in components_of(message) if c.get("label") == label]
    assert len(matching) == 1, f"no single {label!r} button on {components_of(message)}"
    return matching[0]


def is_disabled(message: Json, label: str) -> bool:
    found = [c for c in components_of(message) if c.get("label") == label]
    assert len(found) == 1, f"no single {label!r} button on {components_of(message)}"
    return bool(found[0].get("disabled"))
