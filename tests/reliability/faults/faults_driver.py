"""Driving product bot processes under fault: killed, sharing one database file, cut off from
Discord or from their disk. What they stored is read through the store's interface; the file
itself is touched only for what is SQLite's alone (its integrity check, its write lock)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The e2e driver (ProductBot, Member) lives beside the e2e tests, outside any package.
from e2e_driver import STOP_TIMEOUT, ProductBot
from support.discord_spec import SpecValidator

from bot.devtools.loopback import FakeGuild, LoopbackDiscord, Reply
from bot.store import file_database_url, open_store

Json = dict[str, Any]

# A burst of hundreds of interactions queues in one bot process; each answer still has to come
# (a deferral first if the work takes over 2 s), so wait for the whole burst, not one answer.
BURST_TIMEOUT = 60


@dataclass
class FaultsBot(ProductBot):
    """The product bot, optionally on a database file shared with another bot process."""

    shared_database: Path | None = field(default=None)

    @property
    def database_path(self) -> Path:
        return self.shared_database or self.workdir / "ratings.db"

    async def kill(self) -> None:
        """SIGKILL, as a host that loses power or an OOM killer stops it: no clean-up at all."""
        process, self.process = self.process, None
        assert process is not None, "the bot isn't running"
        process.kill()
        await process.wait()
        # The fake may not have seen the socket drop yet; forget the session's socket now.
        await self.fake.close_gateway(1000)

    async def run_once(self) -> tuple[int, str]:
        """`python -m bot run` expected to stop by itself: its exit code and what it printed."""
        before = len(self.log())
        process = await self._spawn("run")
        code = await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        return code, self.log()[before:]


@dataclass
class Watched:
    """Every loopback Discord and bot process a test could have touched."""

    fakes: list[LoopbackDiscord] = field(default_factory=list)
    bots: list[ProductBot] = field(default_factory=list)


WATCHED = Watched()


async def new_fake(discord_spec: SpecValidator) -> LoopbackDiscord:
    fake = LoopbackDiscord(validator=discord_spec)
    await fake.start()
    WATCHED.fakes.append(fake)
    return fake


async def started_bot(
    fake: LoopbackDiscord, workdir: Path, *, shared_database: Path | None = None
) -> FaultsBot:
    """A bot with its commands synced, logged in and READY."""
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    bot = FaultsBot(fake, workdir, shared_database=shared_database)
    WATCHED.bots.append(bot)
    await bot.sync()
    await bot.start()
    return bot


async def stop_all(fake: LoopbackDiscord, *bots: ProductBot) -> None:
    for bot in bots:
        await bot.stop()
    await fake.stop()
    WATCHED.fakes.remove(fake)


# -- what members got --------------------------------------------------------------------------


async def answers_to(replies: list[Reply]) -> list[Json]:
    """The first real answer to each reply (what replaced a deferral, if it was deferred)."""
    answers = (reply.response(timeout=BURST_TIMEOUT) for reply in replies)
    return list(await asyncio.gather(*answers))


def answered_once(reply: Reply) -> bool:
    """Discord accepted one callback, and the member saw one message, not two."""
    shown = {m["id"] for m in reply.all_messages if not m.get("flags", 0) & (1 << 7)}
    return len(reply.callbacks) == 1 and len(shown) == 1


def description(message: Json) -> str:
    embeds = message.get("embeds") or []
    assert len(embeds) == 1, f"expected one embed, got {message}"
    return str(embeds[0].get("description", ""))


def title(message: Json) -> str:
    return str((message.get("embeds") or [{}])[0].get("title", ""))


# -- the database, from outside the bot ----------------------------------------------------------


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return "; ".join(row for (row,) in connection.execute("PRAGMA integrity_check"))


async def scores_in(path: Path, guild: FakeGuild) -> dict[tuple[int, str], int]:
    """{(user id, target): score} of ``guild``, read by a store of its own on the file."""
    async with await open_store(file_database_url(path)) as store:
        export = await store.guild_export(int(guild.id))
    return {(user, r.target): r.score for user, rated in export.ratings.items() for r in rated}


@contextmanager
def write_lock_held_elsewhere(path: Path) -> Iterator[sqlite3.Connection]:
    """Another process (this test runner) holding the database's write lock, as a backup tool,
    a migration or a stuck second bot would, until the block ends."""
    other = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def record_figure(case: str, figure: str) -> None:
    """Note a measured figure for docs/reliability.md in $RELIABILITY_FIGURES, when it is set."""
    destination = os.environ.get("RELIABILITY_FIGURES")
    if destination:
        with open(destination, "a", encoding="utf-8") as out:
            out.write(f"{case}: {figure}\n")
