"""The identify gate of stores on one PostgreSQL database: shards of one bucket, whichever
process runs them, go one spacing apart; other buckets don't wait; the last turn is kept in the
database, so a process opened later waits for it too."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from support.postgres import PostgresServer

from bot.store import database_url
from bot.store.identify import IDENTIFY_SPACING, IdentifyGate
from bot.store.postgres import PostgresRatingStore
from bot.store.postgres.identify import PostgresIdentifyGate

pytestmark = pytest.mark.postgres_only

SPACING = 1.0  # shorter than Discord's, for the test; the rule is the same
# A turn is stamped by the database's clock just before its commit, and the caller measures it
# after: the gap seen here may be short of the spacing by about a commit's round trip (which is
# what IDENTIFY_SPACING's quarter second beyond Discord's window allows for).
ROUND_TRIP = 0.02


async def _open(url: str) -> PostgresRatingStore:
    return await PostgresRatingStore.open(database_url(url), identify_spacing=SPACING)


def _gate(store: PostgresRatingStore) -> IdentifyGate:
    gate = store.identify_gate()
    assert isinstance(gate, PostgresIdentifyGate)
    assert store.identify_gate() is gate  # the same gate every call
    return gate


async def _turns(asks: list[tuple[IdentifyGate, int]], max_concurrency: int) -> list[float]:
    """When each (gate, shard) was let through, in loop time, all asking at once."""
    loop = asyncio.get_running_loop()

    async def turn(gate: IdentifyGate, shard_id: int) -> float:
        await gate.wait_turn(shard_id, max_concurrency)
        return loop.time()

    return await asyncio.gather(*(turn(gate, shard) for gate, shard in asks))


def test_the_stores_gate_waits_discords_spacing_by_default() -> None:
    assert IDENTIFY_SPACING > 5.0


async def test_two_stores_never_let_two_shards_of_a_bucket_through_within_the_spacing(
    postgres_url: str,
) -> None:
    first, second = await _open(postgres_url), await _open(postgres_url)
    try:
        one, two = _gate(first), _gate(second)

        times = await _turns([(one, 0), (two, 2), (one, 4), (two, 6)], max_concurrency=2)
    finally:
        await first.close()
        await second.close()

    gaps = [later - earlier for earlier, later in itertools.pairwise(sorted(times))]
    assert all(gap >= SPACING - ROUND_TRIP for gap in gaps), gaps


async def test_shards_of_other_buckets_go_at_once(postgres_url: str) -> None:
    first, second = await _open(postgres_url), await _open(postgres_url)
    try:
        start = asyncio.get_running_loop().time()
        times = await _turns([(_gate(first), 0), (_gate(second), 1)], max_concurrency=2)
    finally:
        await first.close()
        await second.close()

    assert max(times) - start < SPACING


async def test_a_process_opened_after_a_turn_still_waits_for_its_window(
    postgres_url: str,
) -> None:
    async with await _open(postgres_url) as earlier:
        (turn,) = await _turns([(_gate(earlier), 0)], max_concurrency=1)
    async with await _open(postgres_url) as later:
        (next_turn,) = await _turns([(_gate(later), 3)], max_concurrency=1)

    assert next_turn - turn >= SPACING - ROUND_TRIP


async def test_with_the_database_gone_a_process_still_waits_from_its_own_last_turn(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    """The process's own gate stands in while the database is away, and it knows the turn
    the database gave a moment before: the next shard of that bucket waits the window out."""
    store = await _open(postgres_url)
    try:
        gate = _gate(store)
        (turn,) = await _turns([(gate, 0)], max_concurrency=1)
        postgres_server.stop()
        try:
            (stand_in_turn,) = await _turns([(gate, 1)], max_concurrency=1)
        finally:
            postgres_server.start()
    finally:
        await store.close()

    assert stand_in_turn - turn >= SPACING - ROUND_TRIP
