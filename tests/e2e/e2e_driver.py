"""Driving the product bot process through the loopback Discord, as a member would.

The bot runs as a user starts it (``python -m bot sync`` then ``python -m bot run``, settings from
the environment, from a directory without ``.env``); tests talk to it only through Discord's API.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.loopback import EPHEMERAL, FakeGuild, FakeMember, LoopbackDiscord, RecordedRequest

Json = dict[str, Any]

START_TIMEOUT = 20  # a cold start imports discord.py and loads the catalog: ~1 s, 20 on a bad day
STOP_TIMEOUT = 10
ANSWER_TIMEOUT = 5
# Settings a developer's shell may carry that would point the bot somewhere else.
_INHERITED_SETTINGS = ("DISCORD_TOKEN", "DATABASE_PATH", "CATALOG_DIR", "DEV_GUILD_ID", "LOG_LEVEL")
_MESSAGE_CALLBACKS = (4, 7)  # callback types that carry a message: new, or an edit of one


@dataclass
class ProductBot:
    """The product bot as a subprocess against ``fake``, its database and log in ``workdir``."""

    fake: LoopbackDiscord
    workdir: Path
    process: asyncio.subprocess.Process | None = field(default=None, init=False)

    @property
    def database_path(self) -> Path:
        return self.workdir / "ratings.db"

    @property
    def log_path(self) -> Path:
        return self.workdir / "bot.log"

    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if k not in _INHERITED_SETTINGS}
        return {
            **inherited,
            "DISCORD_TOKEN": "loopback-token",
            "DISCORD_API_BASE": self.fake.api_base,
            "DATABASE_PATH": str(self.database_path),
            # Members here rate again at once on purpose; the cooldown tests switch cooldowns on
            # per server with /admin cooldown, as a server admin would.
            "RATE_COOLDOWN": "0",
            "RECOMMEND_COOLDOWN": "0",
        }

    async def _spawn(self, *args: str) -> asyncio.subprocess.Process:
        with self.log_path.open("ab") as log:
            return await asyncio.create_subprocess_exec(
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
        sessions_before = self.fake.sessions
        self.process = await self._spawn("run")
        await self.fake.wait_for_ready(timeout=START_TIMEOUT)
        assert self.fake.sessions == sessions_before + 1, self.log()

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
            await self.fake.close_gateway(1000)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stored_ratings(self, guild: FakeGuild) -> list[tuple[int, str, int]]:
        """(user id, target, score) rows of ``guild``, read straight from the SQLite file."""
        return self._query(
            "SELECT user_id, target, score FROM ratings WHERE guild_id = ? "
            "ORDER BY user_id, target",
            (int(guild.id),),
        )

    def ratings_by(self, member: FakeMember) -> list[tuple[int, str, int]]:
        """(guild id, target, score) rows of ``member`` in any server, or in none."""
        return self._query(
            "SELECT guild_id, target, score FROM ratings WHERE user_id = ? ORDER BY guild_id",
            (int(member.id),),
        )

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        uri = f"{self.database_path.as_uri()}?mode=ro"  # read-only: the bot owns the file
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return connection.execute(sql, parameters).fetchall()


@dataclass
class Member:
    """A member using the bot's commands in ``guild`` (None: in a DM with the bot)."""

    fake: LoopbackDiscord
    guild: FakeGuild | None
    member: FakeMember

    def elsewhere(self, guild: FakeGuild | None) -> Member:
        """The same person, using the bot in another server (or in a DM)."""
        return Member(self.fake, guild, self.member)

    async def use(
        self, command: str, options: dict[str, Any] | None = None, *, forge: bool = False
    ) -> Json:
        """The message that answers ``/command options``."""
        reply = await self.fake.invoke(
            command, options, member=self.member, guild=self.guild, forge=forge
        )
        return await reply.response(timeout=ANSWER_TIMEOUT)

    async def choices(self, command: str, options: dict[str, Any], *, focused: str) -> list[Json]:
        return await self.fake.autocomplete(
            command, options, focused=focused, member=self.member, guild=self.guild
        )


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
