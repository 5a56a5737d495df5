"""Summaries come from score counts the store keeps beside the ratings, in the same transaction as
every write that moves them. They must always say exactly what counting the ratings themselves
says, after any mix of ratings, re-ratings, resets and forgetting."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

from store_keys import COUPLE, GUILD, OTHER_COUPLE, OTHER_GUILD, SERIES

from bot.store import CoreStore, ScoreSummary, open_store

TARGETS = (SERIES, COUPLE, OTHER_COUPLE)
MEMBERS = range(10, 40)


async def counted(store: CoreStore, guild: int) -> dict[str, ScoreSummary]:
    """The summaries as counting every member's own ratings gives them."""
    votes: Counter[tuple[str, int]] = Counter()
    for member in MEMBERS:
        votes.update((await store.user_ratings(guild, member)).items())
    counts: dict[str, dict[int, int]] = {}
    for (target, score), n in votes.items():
        counts.setdefault(target, {})[score] = n
    return {t: ScoreSummary.from_counts(t, c) for t, c in counts.items()}


async def change_something(store: CoreStore, rng: random.Random, step: int) -> int:
    """One random write of any kind that moves (or must not move) the counts; its guild."""
    guild, member, target = (
        rng.choice((GUILD, OTHER_GUILD)),
        rng.choice(MEMBERS),
        rng.choice(TARGETS),
    )
    action = rng.randrange(24)
    if action == 0:
        await store.reset_target(guild, target)
    elif action == 1:
        await store.forget_member(guild, member)
    elif action == 2 and step > 300:
        await store.forget_guild(guild)
    elif action == 3:
        await store.remove_review(guild, member, target)
    elif action < 8:
        await store.rate(guild, member, target, rng.randint(1, 10), review=f"take {step}")
    else:
        await store.rate(guild, member, target, rng.randint(1, 10))
    return guild


async def test_summaries_match_the_ratings_after_any_mix_of_changes(database_url: str) -> None:
    rng = random.Random(3)
    async with await open_store(database_url) as store:
        for step in range(400):
            guild = await change_something(store, rng, step)
            if step % 25 == 0:
                assert await store.summaries(guild) == await counted(store, guild)
        store.cache_seconds = 0.0  # from here on, what the database holds
        for guild in (GUILD, OTHER_GUILD):
            expected = await counted(store, guild)
            assert await store.summaries(guild) == expected
            for target in TARGETS:
                summary = expected.get(target, ScoreSummary.empty(target))
                assert await store.summary(guild, target) == summary


async def test_ratings_arriving_together_move_the_counts_once_each(database_url: str) -> None:
    async with await open_store(database_url) as store:
        await asyncio.gather(
            *(store.rate(GUILD, member, COUPLE, member % 10 + 1) for member in MEMBERS),
            *(store.rate(GUILD, member, COUPLE, 10 - member % 10) for member in MEMBERS[::3]),
        )
    async with await open_store(database_url) as reopened:  # read from the database itself
        assert await reopened.summaries(GUILD) == await counted(reopened, GUILD)


async def test_ratings_arriving_together_are_told_what_one_after_another_would_be(
    store: CoreStore,
) -> None:
    # All of these queue while the first holds the lock, so they share one transaction.
    changes = await asyncio.gather(
        store.rate(GUILD, 1, COUPLE, 4, review="Sweet."),
        store.rate(GUILD, 1, COUPLE, 6),
        store.rate(GUILD, 2, COUPLE, 10, review=None),
        store.rate(GUILD, 1, COUPLE, 8, review=None),
    )

    assert [c.previous for c in changes] == [None, 4, None, 6]
    assert [(c.summary.count, c.summary.total) for c in changes] == [
        (1, 4),
        (1, 6),
        (2, 16),
        (2, 18),
    ]
    assert [c.review for c in changes] == ["Sweet.", "Sweet.", None, None]
    assert await store.user_ratings(GUILD, 1) == {COUPLE: 8}
    assert (await store.reviews(GUILD, COUPLE)).total == 0
