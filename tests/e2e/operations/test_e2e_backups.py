"""Backups of a running bot, as an admin takes them: `twilight-bot backup` while members are
rating through Discord holds every rating they were told was saved before it began, and restores
into a fresh place with each score and review; `restore` refuses while the bot uses the database."""

from __future__ import annotations

import asyncio
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_driver import Member, ProductBot, saved
from operations_driver import Samples, counter, running, scrape, scraped_once

from bot.devtools.loopback import FakeGuild, LoopbackDiscord
from bot.store import file_database_url

pytestmark = pytest.mark.asyncio(loop_scope="session")

REI_SHION = "Rei & Shion"
TARGET = "couple:rei-shion"
STREAMS = 8  # members rating at once, each stream one new member after another
BEFORE = 40  # ratings confirmed before the backup begins
AFTER = 40  # ratings confirmed after it began: the burst goes on around the backup
COMMAND_TIMEOUT = 60
SCHEDULE_TIMEOUT = 30  # four backups, one a second, on a busy machine


@dataclass(frozen=True)
class Rating:
    member: int
    score: int
    review: str | None


class Burst:
    """Members rating through the loopback Discord, each answer checked as "Score saved"."""

    def __init__(self, fake: LoopbackDiscord, guild: FakeGuild) -> None:
        self.fake, self.guild = fake, guild
        self.confirmed: list[Rating] = []
        self.changed = asyncio.Condition()
        self.stop = asyncio.Event()

    async def stream(self, number: int) -> None:
        while not self.stop.is_set():
            await self.stream_one(number)

    async def stream_one(self, number: int = 0) -> None:
        """A new member rates; their rating counts as confirmed once the answer says so."""
        n = len(self.confirmed) + number * 10_000
        fan = Member(self.fake, self.guild, self.fake.add_member(self.guild, name=f"fan{n}"))
        rating = Rating(int(fan.member.id), 1 + n % 10, f"Review {n}." if n % 3 else None)
        options = {"score": rating.score, "target": REI_SHION}
        if rating.review:
            options["review"] = rating.review
        assert saved(await fan.use("rate", options)).score == rating.score
        async with self.changed:
            self.confirmed.append(rating)
            self.changed.notify_all()

    async def until_confirmed(self, count: int) -> None:
        async with self.changed:
            await self.changed.wait_for(lambda: len(self.confirmed) >= count)


async def command(bot: ProductBot, *args: str, database: Path | None = None) -> tuple[int, str]:
    """`twilight-bot ARGS` with the bot's settings (or another database): exit code, output."""
    env = bot.env()
    if database is not None:
        env["DATABASE_URL"] = str(file_database_url(database))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=bot.workdir,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), COMMAND_TIMEOUT)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_a_backup_during_a_burst_restores_every_rating_confirmed_before_it(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    bot = ProductBot(fake, tmp_path / "bot")
    bot.workdir.mkdir()
    launched.append(bot)
    await bot.sync()
    await bot.start()
    burst = Burst(fake, fake.default_guild)
    streams = [asyncio.ensure_future(burst.stream(n)) for n in range(STREAMS)]
    try:
        await burst.until_confirmed(BEFORE)
        before = list(burst.confirmed)  # told "Score saved" before the backup began
        backup = tmp_path / "backup.sqlite3"
        backed_up = await command(bot, "backup", str(backup))
        # At most STREAMS ratings were on their way as it ended: one more than that were sent
        # after it, and can't be in it.
        after_it = len(burst.confirmed) + STREAMS + 1
        await burst.until_confirmed(max(after_it, len(before) + AFTER))
        refused = await command(bot, "restore", str(backup))
    finally:
        burst.stop.set()
        await asyncio.gather(*streams)
    in_bot = await bot.stored_ratings(fake.default_guild)
    await bot.stop()

    assert backed_up[0] == 0, backed_up[1]
    fresh = ProductBot(fake, tmp_path / "fresh")
    restored = await command(bot, "restore", str(backup), database=fresh.database_path)
    assert restored[0] == 0, restored[1]
    in_backup = await fresh.stored_ratings(fake.default_guild)
    reviews = {user: text for user, _, text, _ in await fresh.stored_reviews(fake.default_guild)}
    assert {(r.member, TARGET, r.score) for r in before} <= set(in_backup)
    assert {r.member: r.review for r in before if r.review}.items() <= reviews.items()
    # And nothing else: each rating in the backup is one a member sent, with its score.
    assert set(in_backup) <= {(r.member, TARGET, r.score) for r in burst.confirmed}
    assert f"{len(in_backup)} scores, {len(reviews)} reviews" in restored[1]
    assert len(in_bot) == len(burst.confirmed) > len(in_backup) >= len(before)
    # The restore the admin tried while the bot ran changed nothing.
    assert refused[0] == 1
    (line,) = refused[1].splitlines()
    assert "is in use by a running bot" in line
    assert not list(bot.workdir.glob("ratings.db.replaced-*"))


def backups_ok(samples: Samples) -> float:
    return counter(samples, "twilight_backups_total", outcome="ok")


async def test_scheduled_backups_hold_what_was_confirmed_and_only_the_newest_are_kept(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    folder = tmp_path / "backups"
    schedule = {"BACKUP_DIR": str(folder), "BACKUP_INTERVAL": "1s", "BACKUP_KEEP": "1"}
    async with running(fake, tmp_path, launched, **schedule) as (_, base):
        burst = Burst(fake, fake.default_guild)
        for _ in range(5):
            await burst.stream_one()
        taken = backups_ok(await scrape(base))
        # The next one may have begun before the last rating; the one after it began after.
        wanted = max(taken + 2, 4)  # four at least: pruned to one, or there would be more
        samples = await scraped_once(base, lambda s: backups_ok(s) >= wanted, SCHEDULE_TIMEOUT)

    assert counter(samples, "twilight_backups_total", outcome="failed") == 0
    assert counter(samples, "twilight_last_backup_timestamp_seconds") > 0
    # Stopped between a backup's writing and its pruning, the folder may hold one more.
    kept = sorted(folder.glob("ratings-*.sqlite3"))
    assert 1 <= len(kept) <= 2, kept
    newest = ProductBot(fake, tmp_path / "newest")
    newest.workdir.mkdir()
    shutil.copyfile(kept[-1], newest.database_path)
    held = await newest.stored_ratings(fake.default_guild)
    assert {(r.member, TARGET, r.score) for r in burst.confirmed} <= set(held)
