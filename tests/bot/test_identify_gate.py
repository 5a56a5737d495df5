"""The identify gate of one process: shards of a bucket take turns one spacing apart, in the
order they came; shards of other buckets don't wait for them."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

from bot.store import open_store
from bot.store.identify import (
    IDENTIFY_SPACING,
    IDENTIFY_WINDOW,
    LocalIdentifyGate,
    identify_bucket,
)

SPACING = 1.0  # shorter than Discord's, for the test; the rule is the same
# asyncio may run a timer a clock tick early
TICK = 1e-3


async def turns(gate: LocalIdentifyGate, shards: list[int], max_concurrency: int) -> list[float]:
    """When each shard's turn came, in loop time, all of them asking at once."""
    loop = asyncio.get_running_loop()

    async def turn(shard_id: int) -> float:
        await gate.wait_turn(shard_id, max_concurrency)
        return loop.time()

    return await asyncio.gather(*(turn(shard_id) for shard_id in shards))


def test_buckets_are_discords_rate_limit_keys() -> None:
    assert [identify_bucket(shard, 1) for shard in range(4)] == [0, 0, 0, 0]
    assert [identify_bucket(shard, 2) for shard in range(4)] == [0, 1, 0, 1]
    assert [identify_bucket(shard, 16) for shard in (0, 15, 16, 17)] == [0, 15, 0, 1]
    assert IDENTIFY_SPACING > IDENTIFY_WINDOW == 5.0


async def test_shards_of_one_bucket_go_one_spacing_apart_in_the_order_they_came() -> None:
    gate = LocalIdentifyGate(spacing=SPACING)
    start = asyncio.get_running_loop().time()

    times = await turns(gate, [0, 1, 2], max_concurrency=1)

    assert times == sorted(times)
    assert times[0] - start < SPACING  # the first never waits
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(SPACING - TICK <= gap < 2 * SPACING for gap in gaps), gaps


async def test_shards_of_other_buckets_go_at_once() -> None:
    gate = LocalIdentifyGate(spacing=SPACING)
    start = asyncio.get_running_loop().time()

    times = await turns(gate, [0, 1, 2, 3], max_concurrency=4)

    assert max(times) - start < SPACING


async def test_a_bucket_waits_only_for_the_rest_of_its_window() -> None:
    gate = LocalIdentifyGate(spacing=SPACING)
    loop = asyncio.get_running_loop()
    (first,) = await turns(gate, [0], max_concurrency=2)
    (other_bucket,) = await turns(gate, [1], max_concurrency=2)

    (second,) = await turns(gate, [2], max_concurrency=2)

    assert other_bucket - first < SPACING
    assert second - first >= SPACING - TICK
    assert loop.time() - first < 2 * SPACING


async def test_an_sqlite_store_has_no_gate_of_its_own(tmp_path: Path) -> None:
    async with await open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        assert store.identify_gate() is None
