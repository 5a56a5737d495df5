"""Cost as the scores grow: the rating store on a real SQLite file with many ratings.

Tables are seeded with one executemany in one transaction; the timed work is the store's own:
``summaries`` plus the ranking (what ``/scores`` does), ``rate`` (what ``/rate`` does), and
committed ratings per second against a plain aiosqlite insert-and-commit loop with the same
pragmas.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bench.stats import Table, ms, percentile
from bot.catalog import load_catalog
from bot.core.services import tally_of
from bot.domain.recommend import Recommender
from bot.store import CoreStore, file_database_url, open_store

ROOT = Path(__file__).resolve().parent.parent
GUILD_BASE = 10**17  # snowflake-sized ids, as Discord's
USER_BASE = 2 * 10**17


def targets() -> list[str]:
    catalog = load_catalog(ROOT / "data")
    return [s.key for s in catalog.series.values()] + [c.key for c in catalog.couples.values()]


async def new_store(path: Path) -> CoreStore:
    return await open_store(file_database_url(path))


def server_ids(count: int) -> list[int]:
    """Ids for ``count`` servers, snowflake-sized as Discord's."""
    return [GUILD_BASE + n for n in range(count)]


def seed(path: Path, ratings: int, guild_ids: Sequence[int], keys: list[str]) -> None:
    """``ratings`` scores spread evenly over the guilds, every member rating each key."""
    rng = random.Random(ratings + len(guild_ids))
    per_guild = ratings // len(guild_ids)
    now = int(time.time())

    def rows():
        for guild_id in guild_ids:
            for n in range(per_guild):
                user, key = divmod(n, len(keys))
                yield (guild_id, USER_BASE + user, keys[key], rng.randint(1, 10), now, now)

    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        with db:
            db.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?)", rows())
            # The store keeps the counts as it rates; rows written around it are counted here.
            db.execute(
                "INSERT INTO score_counts SELECT guild_id, target, score, COUNT(*) FROM ratings"
                " GROUP BY guild_id, target, score"
            )


@dataclass
class ScoreFigures:
    scores_p99: float  # served from memory when asked again within the cache time
    scores_file_p99: float  # every read from the file (cache time 0)
    rate_p99: float


async def seeded_database(path: Path, ratings: int, guild_ids: Sequence[int]) -> Path:
    """A rating database, its schema as the bot makes it, with ``ratings`` scores over the
    guilds."""
    async with await new_store(path):
        pass  # creates the schema
    await asyncio.to_thread(seed, path, ratings, guild_ids, targets())
    return path


async def measure_growth(path: Path, ratings: int, guilds: int, samples: int) -> ScoreFigures:
    keys = targets()
    store = await new_store(path)
    await store.close()
    seed(path, ratings, server_ids(guilds), keys)
    catalog = load_catalog(ROOT / "data")
    recommender = Recommender(catalog)
    rng = random.Random(7)
    store = await new_store(path)
    try:
        scores = await _scores_samples(store, recommender, rng, guilds, samples)
        store.cache_seconds = 0.0
        from_file = await _scores_samples(store, recommender, rng, guilds, samples)
        rates = []
        members = max(1, ratings // guilds // len(keys))
        for _ in range(samples):
            guild = GUILD_BASE + rng.randrange(guilds)
            user = USER_BASE + rng.randrange(members * 2)  # half of them rate for the first time
            start = time.perf_counter()
            await store.rate(guild, user, rng.choice(keys), rng.randint(1, 10), display_name="m")
            rates.append(time.perf_counter() - start)
    finally:
        await store.close()
    return ScoreFigures(
        percentile(scores, 0.99), percentile(from_file, 0.99), percentile(rates, 0.99)
    )


async def _scores_samples(
    store: CoreStore, recommender: Recommender, rng: random.Random, guilds: int, n: int
) -> list[float]:
    """How long /scores' work takes: every target's summary in a server, then the ranking."""
    durations = []
    for _ in range(n):
        guild = GUILD_BASE + rng.randrange(guilds)
        start = time.perf_counter()
        summaries = await store.summaries(guild)
        recommender.ranking({key: tally_of(s) for key, s in summaries.items()})
        durations.append(time.perf_counter() - start)
    return durations


async def plain_loop(path: Path, count: int) -> float:
    """Committed ratings per second: one INSERT and one COMMIT each, the store's pragmas."""
    async with aiosqlite.connect(path) as db:  # sqlite3 opens the transaction before INSERT
        await db.execute("PRAGMA journal_mode = WAL")
        await db.execute("PRAGMA synchronous = NORMAL")
        await db.execute("PRAGMA foreign_keys = ON")
        await db.execute(
            "CREATE TABLE IF NOT EXISTS ratings (guild_id INTEGER, user_id INTEGER, target TEXT,"
            " score INTEGER, created_at INTEGER, updated_at INTEGER,"
            " PRIMARY KEY (guild_id, user_id, target))"
        )
        start = time.perf_counter()
        for n in range(count):
            await db.execute(
                "INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?)",
                (GUILD_BASE, USER_BASE + n, "series:x", 1 + n % 10, 0, 0),
            )
            await db.commit()
        return count / (time.perf_counter() - start)


async def store_rates(path: Path, count: int, *, together: int) -> float:
    """Committed ratings per second through ``store.rate``, ``together`` at a time in flight
    (1: one after another; more: as members rating at once would)."""
    keys = targets()
    store = await new_store(path)
    try:
        start = time.perf_counter()
        for first in range(0, count, together):
            await asyncio.gather(
                *(
                    store.rate(GUILD_BASE, USER_BASE + n, keys[n % len(keys)], 1 + n % 10)
                    for n in range(first, min(count, first + together))
                )
            )
        return count / (time.perf_counter() - start)
    finally:
        await store.close()


async def scores_tables(workdir: Path, sizes: list[int], samples: int, rates: int) -> list[Table]:
    growth = Table(
        "Cost as the scores grow",
        [
            "ratings",
            "servers",
            "/scores p99 ms (summaries + ranking)",
            "/scores p99 ms, read from the file",
            "/rate p99 ms",
        ],
    )
    for size in sizes:
        for guilds in (1, 1000):
            if size // guilds < 1:
                continue
            path = workdir / f"scores-{size}-{guilds}.db"
            figures = await measure_growth(path, size, guilds, samples)
            growth.add(
                f"{size:,}",
                f"{guilds:,}",
                ms(figures.scores_p99),
                ms(figures.scores_file_p99),
                ms(figures.rate_p99),
            )
            path.unlink()
    growth.notes.append(
        f"{samples} samples each, on the shipped catalog's 4 targets. A server's counts are kept "
        "in memory for 5 s (and kept current by its ratings); the second column reads them "
        "from the file every time."
    )

    throughput = Table("Committed ratings per second", ["writer", "ratings/s", "vs plain loop"])
    baseline = await plain_loop(workdir / "plain.db", rates)
    throughput.add("plain aiosqlite INSERT + COMMIT loop", f"{baseline:,.0f}", "1.00×")
    for together in (1, 10, 100):
        found = await store_rates(workdir / f"store-{together}.db", rates, together=together)
        label = "store.rate, one at a time" if together == 1 else f"store.rate, {together} at once"
        throughput.add(label, f"{found:,.0f}", f"{found / baseline:.2f}×")
    throughput.notes.append(
        f"{rates:,} ratings each, fresh files; goal: at least 0.7× the loop. One at a time, each "
        "rating reads the member's previous score and the vote counts and writes both inside its "
        "transaction (5 round trips to aiosqlite's thread against the loop's 2); ratings that "
        "arrive together share one transaction, so from about 4 at once the store commits more "
        "than the loop."
    )
    return [growth, throughput]
