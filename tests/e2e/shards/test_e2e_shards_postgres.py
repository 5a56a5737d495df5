"""Bot processes as shards of one bot over one PostgreSQL database, as hosts of a big bot run.

Each process is a real ``python -m bot run`` with SHARD_COUNT/SHARD_IDS and DATABASE_URL on the
session's PostgreSQL server; members use it through the loopback Discord, which routes each
server's interactions to the process running its shard. What was stored is read back through the
store's own interface (``open_store`` on the same URL). To ask one server's question of the other
process, as the process that took over a shard would be asked, an interaction is sent through
the other shard's session (``via_shard``).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
from collections import Counter
from pathlib import Path

import asyncpg
import pytest
from e2e_driver import (
    ProductBot,
    ShardPlan,
    assert_identified_in_turns,
    description,
    running_shards,
    start_together,
    title,
    until_answered,
)
from shard_ratings import (
    BURST_TIMEOUT,
    SAVED,
    all_answered,
    confirmed_rows,
    cross_process_lags,
    is_try_again,
    kill,
    on_shard,
    scores_via,
    send_ratings,
    stored_rows,
    votes_expected,
)
from support.postgres import PostgresServer

from bench.stats import percentile
from bot.devtools.loopback import LoopbackDiscord
from bot.store import database_url
from bot.store.core import CACHE_SECONDS
from bot.store.postgres.migrations import bundled_migrations

pytestmark = pytest.mark.asyncio(loop_scope="session")

TWO_PROCESSES = [ShardPlan(2, (0,)), ShardPlan(2, (1,))]


async def test_two_processes_store_a_thousand_ratings_once_and_each_shows_the_others(
    fake: LoopbackDiscord,
    tmp_path: Path,
    launched: list[ProductBot],
    postgres_url: str,
) -> None:
    guilds = [on_shard(fake, 0, "Even A"), on_shard(fake, 1, "Odd A")]
    guilds += [on_shard(fake, 0, "Even B"), on_shard(fake, 1, "Odd B")]
    rng = random.Random(2)
    async with running_shards(fake, tmp_path, TWO_PROCESSES, database=postgres_url) as bots:
        launched += bots
        sent = await send_ratings(fake, guilds, 1000, rng, "fan")
        answers = await all_answered(sent)

        assert [title(a) for a in answers].count(SAVED) == 1000, Counter(title(a) for a in answers)
        stored = await stored_rows(postgres_url, guilds)
        assert set(stored) == confirmed_rows(sent)
        assert set(stored.values()) == {1}  # each answer stored once, and nothing else
        for guild, shard in itertools.product(guilds, (0, 1)):
            # The server's own process, and the other one: the same exact counts.
            assert await scores_via(fake, guild, shard) == votes_expected(sent, guild)

        lags = await cross_process_lags(fake, guilds[1], rng)
    p50, p99 = percentile(lags, 0.5), percentile(lags, 0.99)
    figures = f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms over {len(lags)} ratings"
    print(f"cross-process lag: {figures}")
    # Another process's rating shows because the writer told the readers (NOTIFY), not because
    # what the reader kept ran out (it keeps reads for minutes; a store that heard nothing would
    # have kept them CACHE_SECONDS).
    assert max(lags) < CACHE_SECONDS, lags


async def test_a_shard_process_killed_mid_burst_loses_no_confirmed_rating_and_the_other_answers(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot], postgres_url: str
) -> None:
    even, odd = on_shard(fake, 0, "Even"), on_shard(fake, 1, "Odd")
    rng = random.Random(5)
    async with running_shards(fake, tmp_path, TWO_PROCESSES, database=postgres_url) as bots:
        launched += bots
        zero, one = bots
        on_odd = await send_ratings(fake, [odd], 300, rng, "odd")
        on_even = await send_ratings(fake, [even], 150, rng, "even")
        await until_answered([s.reply for s in on_odd], 100, patience=BURST_TIMEOUT)
        dying = kill(fake, one)
        # The other process answers all along: what it had, and what comes while one is down.
        during = await send_ratings(fake, [even], 100, rng, "during")
        await dying
        even_answers = await all_answered(on_even + during)
        assert [title(a) for a in even_answers] == [SAVED] * len(even_answers)

        await start_together(fake, [one])
        after = await send_ratings(fake, [odd, even], 50, rng, "after")
        assert [title(a) for a in await all_answered(after)] == [SAVED] * 50

        everything = on_odd + on_even + during + after
        stored = await stored_rows(postgres_url, [even, odd])
        assert confirmed_rows(everything) <= set(stored)
        assert set(stored.values()) == {1}
        assert sum(s.confirmed for s in on_odd) >= 100
        assert zero.process is not None
        assert zero.process.returncode is None  # never stopped


async def test_the_database_stopped_mid_burst_is_try_again_then_the_bots_answer_without_restart(
    fake: LoopbackDiscord,
    tmp_path: Path,
    launched: list[ProductBot],
    postgres_server: PostgresServer,
    postgres_url: str,
) -> None:
    guilds = [on_shard(fake, 0, "Even"), on_shard(fake, 1, "Odd")]
    rng = random.Random(7)
    async with running_shards(fake, tmp_path, TWO_PROCESSES, database=postgres_url) as bots:
        launched += bots
        burst = await send_ratings(fake, guilds, 300, rng, "burst")
        await until_answered([s.reply for s in burst], 100, patience=BURST_TIMEOUT)
        try:
            await asyncio.to_thread(postgres_server.stop)
            while_down = await send_ratings(fake, guilds, 20, rng, "down")
            down_answers = await all_answered(while_down)
        finally:
            await asyncio.to_thread(postgres_server.start)
        burst_answers = await all_answered(burst)

        assert all(is_try_again(a) for a in down_answers), [description(a) for a in down_answers]
        assert all(title(a) == SAVED or is_try_again(a) for a in burst_answers)
        for bot in bots:
            assert bot.process is not None
            assert bot.process.returncode is None  # not restarted

        again = await send_ratings(fake, guilds, 20, rng, "again")
        assert [title(a) for a in await all_answered(again)] == [SAVED] * 20
        stored = await stored_rows(postgres_url, guilds)
        assert confirmed_rows(burst + while_down + again) <= set(stored)
        assert set(stored.values()) == {1}


_APPLIED = re.compile(r"applied migration (\d{4})_")


async def test_ten_processes_starting_at_once_on_an_empty_database_migrate_it_once_and_wait_turns(
    fake: LoopbackDiscord,
    tmp_path: Path,
    launched: list[ProductBot],
    postgres_server: PostgresServer,
    postgres_database: str,
    postgres_url: str,
) -> None:
    fake.enforce_identify_limit = True  # two buckets: even shards share one, odd ones the other
    plans = [ShardPlan(10, (shard,)) for shard in range(10)]
    async with running_shards(fake, tmp_path, plans, database=postgres_url) as bots:
        launched += bots
        assert_identified_in_turns(fake, 10)

        last = on_shard(fake, 9, "Last", count=10)
        fan = fake.add_member(last, name="fan")
        answer = await (await fake.invoke("rate", {"score": 6}, member=fan, guild=last)).response()
        assert title(answer) == SAVED

    records = await migrations_recorded(postgres_server, postgres_database)
    assert records == [(m.version, m.name) for m in bundled_migrations()]
    applied = Counter(v for bot in bots for v in _APPLIED.findall(bot.log()))
    assert applied == Counter(f"{m.version:04d}" for m in bundled_migrations())


async def migrations_recorded(server: PostgresServer, database: str) -> list[tuple[int, str]]:
    url = server.url(database)
    connection = await asyncpg.connect(database_url(url).reveal())
    try:
        rows = await connection.fetch("SELECT version, name FROM schema_migrations ORDER BY 1")
    finally:
        await connection.close()
    return [(row["version"], row["name"]) for row in rows]
