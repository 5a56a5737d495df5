"""A sharded bot through the loopback Discord: one process running two shards, and two processes
running one each over one SQLite file, as two hosts would share one database (and over one
PostgreSQL database, as two hosts do).

Which process answered is read from its log: at LOG_LEVEL=DEBUG discord.py logs every gateway
event as it arrives, before the bot answers it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_driver import (
    Json,
    Member,
    ProductBot,
    ShardPlan,
    assert_identified_in_turns,
    custom_id_labelled,
    running_shards,
    saved,
    start_together,
    title,
)
from support.postgres import PASSWORD

from bot.devtools.loopback import FakeGuild, LoopbackDiscord, Reply, Shard

pytestmark = pytest.mark.asyncio(loop_scope="session")

TWO_PROCESSES = [ShardPlan(2, (0,)), ShardPlan(2, (1,))]
WAIT_HERE = "Easy there!"  # the title of a cooldown's answer


def on_shard(fake: LoopbackDiscord, shard_id: int, count: int = 2) -> FakeGuild:
    return fake.add_guild(f"On shard {shard_id} of {count}", shard=Shard(shard_id, count))


def _another(message: Json) -> str:
    return custom_id_labelled(message, "Another pick")


def received(bot: ProductBot, reply: Reply) -> bool:
    """Whether ``bot``'s process got the interaction ``reply`` answers."""
    return reply.interaction_id in bot.log()


async def test_one_process_runs_two_shards_and_answers_servers_on_both(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    even, odd = on_shard(fake, 0), on_shard(fake, 1)
    async with running_shards(fake, tmp_path, [ShardPlan(2, (0, 1))]) as (bot,):
        launched.append(bot)
        fan = Member(fake, even, fake.add_member(even, name="fan"))

        here = await fan.use("rate", {"score": 8, "target": "Jin & Giichi"})
        there = await fan.elsewhere(odd).use("rate", {"score": 4, "target": "Jin & Giichi"})
        in_dm = await fan.elsewhere(None).use("couple", {"name": "Rei"})

        assert (saved(here).score, saved(there).score) == (8, 4)
        assert title(in_dm) == "Rei & Shion"
        assert sorted(fake.shards) == [0, 1]  # a session of each, from the one process
        assert {r.shard for r in fake.identify_log} == {Shard(0, 2), Shard(1, 2)}
        assert await bot.ratings_by(fan.member) == sorted(
            [(int(even.id), "couple:jin-giichi", 8), (int(odd.id), "couple:jin-giichi", 4)]
        )


async def test_two_processes_answer_their_own_servers_and_dms_come_to_shard_0(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    even, odd = on_shard(fake, 0), on_shard(fake, 1)
    debug = {"LOG_LEVEL": "DEBUG"}
    async with running_shards(fake, tmp_path, TWO_PROCESSES, settings=debug) as (zero, one):
        launched += [zero, one]
        fan = Member(fake, even, fake.add_member(even, name="fan"))

        # In this order, each process's log is complete up to the last answer it gave: a
        # misrouted event would have reached it before that one.
        in_dm = await fan.elsewhere(None).reply_to("couple", {"name": "Rei"})
        here = await fan.reply_to("rate", {"score": 8, "target": "Jin & Giichi"})
        there = await fan.elsewhere(odd).reply_to("rate", {"score": 4, "target": "Jin & Giichi"})
        last_here = await fan.reply_to("scores")

        got_by_zero = [received(zero, r) for r in (in_dm, here, there, last_here)]
        got_by_one = [received(one, r) for r in (in_dm, here, there)]
        assert got_by_zero == [True, True, False, True]
        assert got_by_one == [False, False, True]
        # Members' scores through either process land in the one database.
        assert await zero.ratings_by(fan.member) == sorted(
            [(int(even.id), "couple:jin-giichi", 8), (int(odd.id), "couple:jin-giichi", 4)]
        )
        assert await one.stored_ratings(even) == [(int(fan.member.id), "couple:jin-giichi", 8)]


async def test_after_the_shards_change_hands_a_cooldown_is_forgotten_never_misapplied(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    even, odd = on_shard(fake, 0), on_shard(fake, 1)
    long_wait = {"RECOMMEND_COOLDOWN": "3600"}
    async with running_shards(fake, tmp_path, TWO_PROCESSES, settings=long_wait) as bots:
        launched += bots
        fan = Member(fake, even, fake.add_member(even, name="fan"))
        there, in_dm = fan.elsewhere(odd), fan.elsewhere(None)
        first = await fan.use("recommend")
        walked = [await fan.press(first, _another(first))]
        for member in (there, in_dm):
            assert title(await member.use("recommend")) != WAIT_HERE
        assert title(await fan.use("recommend")) == WAIT_HERE  # the cooldown is on

        for bot in bots:  # the same database; each process now runs the other's shard
            await bot.stop()
        bots[0].shards, bots[1].shards = TWO_PROCESSES[1], TWO_PROCESSES[0]
        await start_together(fake, bots)

        # Each process knew a cooldown of the fan's, of the other server: it applies to none.
        for member in (fan, there, in_dm):
            assert title(await member.use("recommend")) != WAIT_HERE
        assert title(await fan.use("recommend")) == WAIT_HERE  # and it starts again here
        # Another pick's walk is in the database: it goes on where it was.
        walked.append(await fan.press(walked[-1], _another(walked[-1])))
        shown = [title(answer) for answer in (first, *walked)]
        assert len(set(shown)) == 3, shown


async def test_shards_identify_one_per_bucket_per_window_as_discord_allows(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    fake.enforce_identify_limit = True  # two buckets: shards 0 and 2 share one, 1 and 3 the other
    async with running_shards(fake, tmp_path, [ShardPlan(4, (0, 1, 2, 3))]) as bots:
        launched += bots
        assert_identified_in_turns(fake, 4)
        last = on_shard(fake, 3, 4)
        fan = Member(fake, last, fake.add_member(last, name="fan"))
        assert saved(await fan.use("rate", {"score": 6})).score == 6


async def test_processes_on_postgresql_take_identify_turns_between_them(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot], postgres_url: str
) -> None:
    # Shards 0 and 2 share a bucket but run in different processes: only the store's gate, in
    # the database both use, can keep them a window apart. On SQLite one of them is refused.
    fake.enforce_identify_limit = True
    plans = [ShardPlan(4, (0, 1)), ShardPlan(4, (2, 3))]
    async with running_shards(fake, tmp_path, plans, database=postgres_url) as bots:
        launched += bots
        assert_identified_in_turns(fake, 4)
        first, third = on_shard(fake, 0, 4), on_shard(fake, 2, 4)
        fan = Member(fake, first, fake.add_member(first, name="fan"))
        assert saved(await fan.use("rate", {"score": 6})).score == 6
        assert saved(await fan.elsewhere(third).use("rate", {"score": 9})).score == 9
        assert [score for _, _, score in await bots[1].ratings_by(fan.member)] == [6, 9]
        assert PASSWORD not in bots[0].log() + bots[1].log()
