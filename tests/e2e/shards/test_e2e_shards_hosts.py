"""Shard processes on hosts of their own, reaching the database and Discord over a network.

Each bot process runs in a network namespace of its own (``support.netns``), joined to the root
namespace by a veth pair: its only way out is its 10.x interface. The loopback Discord listens on
host A's root-side address, and PostgreSQL (which listens on 127.0.0.1 of the root namespace) is
reached through a TCP relay on host B's root-side address, which notes where each connection
came from. Host A's process is shard 0 of 2, host B's shard 1.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import pytest_asyncio
from e2e_driver import ProductBot, ShardPlan, running_together, title
from shard_ratings import (
    SAVED,
    all_answered,
    confirmed_rows,
    cross_process_lags,
    final_answer,
    on_shard,
    scores_via,
    send_ratings,
    stored_rows,
    votes_expected,
)
from support.catalogs import ONE_SERIES
from support.discord_spec import SpecValidator
from support.netns import Host, TcpProxy, hosts, link_down
from support.postgres import PASSWORD, USER, PostgresServer

from bench.stats import percentile
from bot.devtools.loopback import LoopbackDiscord
from bot.store.core import CACHE_SECONDS

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture
def two_hosts() -> Iterator[list[Host]]:
    with hosts(2) as made:
        yield made


@pytest_asyncio.fixture(loop_scope="session")
async def fake(
    discord_spec: SpecValidator, two_hosts: list[Host]
) -> AsyncIterator[LoopbackDiscord]:
    """The loopback Discord, on an address the hosts reach only through their veth."""
    loopback = LoopbackDiscord(validator=discord_spec, max_concurrency=2)
    await loopback.start(host=two_hosts[0].outer_address)
    try:
        yield loopback
    finally:
        await loopback.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def relay(postgres_server: PostgresServer, two_hosts: list[Host]) -> AsyncIterator[TcpProxy]:
    """PostgreSQL as the hosts see it: a relay on host B's root-side address."""
    proxy = TcpProxy(("127.0.0.1", postgres_server.port), peers=[])
    await proxy.start(two_hosts[1].outer_address)
    try:
        yield proxy
    finally:
        await proxy.stop()


@asynccontextmanager
async def bots_on_hosts(
    fake: LoopbackDiscord, workdir: Path, hosts_used: list[Host], url: str
) -> AsyncIterator[list[ProductBot]]:
    """Shard i of n on host i, commands synced once, all started together; stopped after."""
    count = len(hosts_used)
    bots = []
    for shard, host in enumerate(hosts_used):
        bot = ProductBot(fake, workdir / host.name, ONE_SERIES, url, ShardPlan(count, (shard,)))
        bot.runs_in = tuple(host.command())
        await asyncio.to_thread(bot.workdir.mkdir)
        bots.append(bot)
    async with running_together(fake, bots):
        yield bots


def database_on(relay: TcpProxy, host: Host, database: str) -> str:
    """The database's URL as the hosts reach it: through the relay."""
    return f"postgresql://{USER}:{PASSWORD}@{host.outer_address}:{relay.port}/{database}"


async def test_shards_on_two_hosts_store_over_the_network_and_show_each_others_ratings(
    fake: LoopbackDiscord,
    tmp_path: Path,
    launched: list[ProductBot],
    two_hosts: list[Host],
    relay: TcpProxy,
    postgres_database: str,
) -> None:
    url = database_on(relay, two_hosts[1], postgres_database)
    guilds = [on_shard(fake, 0, "Even"), on_shard(fake, 1, "Odd")]
    rng = random.Random(11)
    async with bots_on_hosts(fake, tmp_path, two_hosts, url) as bots:
        launched += bots
        sent = await send_ratings(fake, guilds, 200, rng, "far")
        answers = await all_answered(sent)
        assert [title(a) for a in answers] == [SAVED] * 200
        for guild, shard in itertools.product(guilds, (0, 1)):
            assert await scores_via(fake, guild, shard) == votes_expected(sent, guild)
        stored = await stored_rows(url, guilds)  # through the relay too
        assert set(stored) == confirmed_rows(sent)
        assert set(stored.values()) == {1}
        lags = await cross_process_lags(fake, guilds[1], rng)

    # Every connection of the bots to the database came from the hosts, each over its own
    # interface (and the test's own look, from the root namespace).
    assert set(relay.peers) == {host.inner_address for host in two_hosts} | {
        two_hosts[1].outer_address
    }
    p50, p99 = percentile(lags, 0.5), percentile(lags, 0.99)
    figures = f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms over {len(lags)} ratings"
    print(f"cross-host lag: {figures}")
    assert max(lags) < CACHE_SECONDS, lags


async def test_a_host_cut_off_the_network_answers_again_once_back_and_the_other_answers_throughout(
    fake: LoopbackDiscord,
    tmp_path: Path,
    launched: list[ProductBot],
    two_hosts: list[Host],
    relay: TcpProxy,
    postgres_database: str,
) -> None:
    url = database_on(relay, two_hosts[1], postgres_database)
    even, odd = on_shard(fake, 0, "Even"), on_shard(fake, 1, "Odd")
    rng = random.Random(13)
    async with bots_on_hosts(fake, tmp_path, two_hosts, url) as bots:
        launched += bots
        before = await send_ratings(fake, [even, odd], 40, rng, "before")
        assert [title(a) for a in await all_answered(before)] == [SAVED] * 40

        # Host B (shard 1) loses its link: its sockets stay open, nothing gets through.
        with link_down(two_hosts[1]):
            stranded = await send_ratings(fake, [odd], 20, rng, "stranded")
            meanwhile = await send_ratings(fake, [even], 100, rng, "meanwhile")
            assert [title(a) for a in await all_answered(meanwhile)] == [SAVED] * 100
            assert not any(s.reply.answered for s in stranded)  # the cut is real

        # Back on the network, the same process answers again: nobody restarted it.
        after = await send_ratings(fake, [odd, even], 40, rng, "after")
        assert [title(a) for a in await all_answered(after)] == [SAVED] * 40
        told = Counter(title(final_answer(s.reply)) if s.reply.answered else "-" for s in stranded)
        print(f"sent to the host while it was cut off: {dict(told)}")
        stored = await stored_rows(url, [even, odd])
        assert confirmed_rows(before + stranded + meanwhile + after) <= set(stored)
        assert set(stored.values()) == {1}
        for bot in bots:
            assert bot.process is not None
            assert bot.process.returncode is None
