"""Many ratings at once, through one store and through two: none lost, none counted twice, every
confirmation true."""

from __future__ import annotations

import asyncio
import random
import sys
from collections import Counter
from pathlib import Path

from store_keys import COUPLE, GUILD, MEMBER

from bot.store import CoreStore, RatingChange, open_store

PROJECT_ROOT = Path(__file__).resolve().parents[4]

# A second bot process (another shard on the same host): opens the store, says "ready", waits for
# "go" on stdin so both processes write at the same moment, then rates its members at once.
_SHARD_SCRIPT = """
import asyncio, sys
from bot.store import open_store

async def main(url, first, count):
    async with await open_store(url) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        members = range(first, first + count)
        await asyncio.gather(*(store.rate(1, m, "couple:x", m % 10 + 1) for m in members))
    print("done", flush=True)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


def _scores(n: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(1, 10) for _ in range(n)]


async def test_200_members_rating_at_once_each_land_exactly_once(store: CoreStore) -> None:
    scores = _scores(200, seed=1)

    changes = await asyncio.gather(
        *(store.rate(GUILD, member, COUPLE, score) for member, score in enumerate(scores, 1))
    )

    summary = await store.summary(GUILD, COUPLE)
    assert (summary.count, summary.total) == (200, sum(scores))
    assert summary.mean == sum(scores) / 200
    assert summary.distribution == tuple(Counter(scores)[s] for s in range(1, 11))
    _assert_each_summary_adds_exactly_its_own_score(changes)


def _assert_each_summary_adds_exactly_its_own_score(changes: list[RatingChange]) -> None:
    """Writes were serialised: the k-th write saw k votes, and its total grew by its own score."""
    in_write_order = sorted(changes, key=lambda change: change.summary.count)
    assert [c.summary.count for c in in_write_order] == list(range(1, len(changes) + 1))
    running_total = 0
    for change in in_write_order:
        running_total += change.score
        assert change.previous is None
        assert change.summary.total == running_total


async def test_one_member_rating_200_times_at_once_keeps_one_truthful_row(
    store: CoreStore,
) -> None:
    scores = _scores(200, seed=2)

    changes = await asyncio.gather(*(store.rate(GUILD, MEMBER, COUPLE, s) for s in scores))

    final = await store.summary(GUILD, COUPLE)
    assert final.count == 1
    assert final.total in scores
    assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: final.total}
    for change in changes:
        assert change.summary.count == 1
        assert change.summary.total == change.score
    _assert_previous_scores_chain_to(changes, final.total)


def _assert_previous_scores_chain_to(changes: list[RatingChange], final: int) -> None:
    """Each write's `previous` is the score the write before it left, so the (previous -> score)
    steps form one unbroken path from "nothing" to the stored score: the first write found
    nothing, and every score was left behind once more than it was found, except the last."""
    assert sum(change.previous is None for change in changes) == 1
    left = Counter(change.score for change in changes)
    found = Counter(change.previous for change in changes if change.previous is not None)
    for score in range(1, 11):
        assert left[score] - found[score] == (1 if score == final else 0)


async def test_two_stores_on_one_database_lose_no_ratings(database_url: str) -> None:
    scores = _scores(200, seed=3)
    first = await open_store(database_url)
    second = await open_store(database_url)
    try:
        changes = await asyncio.gather(
            *(
                (first if member % 2 else second).rate(GUILD, member, COUPLE, score)
                for member, score in enumerate(scores, 1)
            )
        )
        for store in (first, second):
            summary = await store.summary(GUILD, COUPLE)
            assert (summary.count, summary.total) == (200, sum(scores))
    finally:
        await first.close()
        await second.close()
    _assert_each_summary_adds_exactly_its_own_score(changes)


async def test_a_caller_cancelled_mid_rating_leaves_the_store_working(
    store: CoreStore,
) -> None:
    abandoned = [asyncio.create_task(store.rate(GUILD, m, COUPLE, 3)) for m in range(1, 41)]
    for task in abandoned[::2]:
        # Yield once so the queued ratings advance, then cancel one wherever it has got to:
        # before, inside or after its transaction.
        await asyncio.sleep(0)
        task.cancel()
    outcomes = await asyncio.gather(*abandoned, return_exceptions=True)

    change = await store.rate(GUILD, MEMBER, COUPLE, 9)

    landed = await store.user_ratings(GUILD, MEMBER)
    stored_members = (await store.summary(GUILD, COUPLE)).count - 1
    confirmed = sum(isinstance(outcome, RatingChange) for outcome in outcomes)
    assert all(isinstance(o, RatingChange | asyncio.CancelledError) for o in outcomes), outcomes
    assert landed == {COUPLE: 9}
    assert change.summary.count == stored_members + 1
    # A cancelled caller got no confirmation, but its write may still have landed whole.
    assert confirmed <= stored_members <= len(abandoned)


async def _start_shard(url: str, first_member: int, count: int) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _SHARD_SCRIPT,
        url,
        str(first_member),
        str(count),
        cwd=PROJECT_ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    assert await process.stdout.readline() == b"ready\n"
    return process


async def _finish_shard(process: asyncio.subprocess.Process) -> bytes:
    output, _ = await process.communicate(b"go\n")
    return output


async def test_two_processes_opening_and_rating_one_new_database_lose_nothing(
    database_url: str,
) -> None:
    # Both open the brand-new database at once, so both race to create the schema too.
    shards = await asyncio.gather(
        _start_shard(database_url, 1, 150), _start_shard(database_url, 151, 150)
    )

    outputs = await asyncio.gather(*(_finish_shard(shard) for shard in shards))

    assert outputs == [b"done\n", b"done\n"]
    assert [shard.returncode for shard in shards] == [0, 0]
    async with await open_store(database_url) as store:
        summary = await store.summary(1, "couple:x")
    assert (summary.count, summary.total) == (300, sum(m % 10 + 1 for m in range(1, 301)))


async def test_what_600_members_were_shown_at_once_is_all_remembered(
    store: CoreStore,
) -> None:
    # More than one statement's worth (SHOWN_PER_STATEMENT), each written whole.
    targets = ["couple:rei-shion", "couple:jin-giichi", "series:twilight-out-of-focus"]
    shown = {MEMBER + n: targets[n % 3] for n in range(600)}

    await asyncio.gather(*(store.remember_shown(GUILD, m, t) for m, t in shown.items()))

    remembered = {m: await store.last_shown(GUILD, m) for m in shown}
    assert remembered == shown


async def test_the_last_of_a_members_notes_sent_together_wins(store: CoreStore) -> None:
    await asyncio.gather(
        store.remember_shown(GUILD, MEMBER, "couple:rei-shion"),
        store.remember_shown(GUILD, MEMBER, "couple:jin-giichi"),
    )

    assert await store.last_shown(GUILD, MEMBER) == "couple:jin-giichi"
