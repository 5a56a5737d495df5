"""What the store tells the observer the bot hands it (the metrics): every operation by its name
and how long it took, whether each read of a server's data came from memory, and how many
ratings were committed; never a member, a server or a target. Without an observer it tells
nobody and keeps nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_MEMBER

from bot.store import CoreStore, InvalidScore


class Seen:
    """Everything an observer is told, as plain counts."""

    def __init__(self) -> None:
        self.operations: Counter[str] = Counter()
        self.seconds: list[float] = []
        self.cache: Counter[bool] = Counter()
        self.stored = 0

    def operation(self, name: str, seconds: float) -> None:
        self.operations[name] += 1
        self.seconds.append(seconds)

    def cache_read(self, hit: bool) -> None:
        self.cache[hit] += 1

    def ratings_stored(self, count: int) -> None:
        self.stored += count


async def test_operations_reads_and_stored_ratings_are_reported(store: CoreStore) -> None:
    seen = Seen()
    store.observe(seen)

    await store.rate(GUILD, MEMBER, COUPLE, 8)
    await store.rate(GUILD, OTHER_MEMBER, COUPLE, 6)
    with pytest.raises(InvalidScore):
        await store.rate(GUILD, MEMBER, COUPLE, 11)
    await store.summaries(GUILD)  # read from the database, then kept
    await store.summaries(GUILD)
    await store.user_ratings(GUILD, MEMBER)

    assert seen.operations == {"rate": 3, "summaries": 2, "user_ratings": 1}
    assert all(seconds >= 0 for seconds in seen.seconds)
    assert seen.cache == {False: 1, True: 1}
    assert seen.stored == 2  # the refused score was timed, not stored


async def test_names_reported_are_the_stores_own_operations(store: CoreStore) -> None:
    seen = Seen()
    store.observe(seen)

    await store.rate(GUILD, MEMBER, COUPLE, 8)
    await store.set_cooldown(GUILD, "rate", 30)
    await store.reviews(GUILD, COUPLE)
    await store.forget_member(GUILD, MEMBER)

    assert set(seen.operations) <= {name for name in dir(CoreStore) if not name.startswith("_")}
    reported = " ".join(seen.operations)
    assert str(GUILD) not in reported
    assert COUPLE not in reported


async def test_once_the_observer_is_taken_away_nothing_is_reported(store: CoreStore) -> None:
    seen = Seen()
    store.observe(seen)
    store.observe(None)

    await store.rate(GUILD, MEMBER, COUPLE, 8)
    await store.summaries(GUILD)

    assert (seen.operations, seen.cache, seen.stored) == (Counter(), Counter(), 0)
