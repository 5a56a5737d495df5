"""Summaries come from counts kept beside the ratings (migration 0003); they must always say
exactly what counting the ratings themselves says, after any mix of changes and on upgrade."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from contextlib import closing
from pathlib import Path

from store_keys import COUPLE, GUILD, OTHER_COUPLE, OTHER_GUILD, SERIES

from bot.store import ScoreSummary, StoreUnavailable
from bot.store.sqlite import SQLiteRatingStore
from bot.store.sqlite.migrations import bundled_migrations

TARGETS = (SERIES, COUPLE, OTHER_COUPLE)


def counted(path: Path, guild: int) -> dict[str, ScoreSummary]:
    """The summaries as counting the ratings table itself gives them."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT target, score, COUNT(*) FROM ratings WHERE guild_id = ? GROUP BY 1, 2",
            (guild,),
        ).fetchall()
    counts: dict[str, dict[int, int]] = {}
    for target, score, n in rows:
        counts.setdefault(target, {})[score] = n
    return {t: ScoreSummary.from_counts(t, c) for t, c in counts.items()}


async def test_summaries_match_the_ratings_after_any_mix_of_changes(db_path: Path) -> None:
    rng = random.Random(3)
    async with await SQLiteRatingStore.open(db_path) as store:
        for step in range(400):
            guild = rng.choice((GUILD, OTHER_GUILD))
            member = 10 + rng.randrange(30)
            action = rng.randrange(20)
            if action == 0:
                await store.reset_target(guild, rng.choice(TARGETS))
            elif action == 1:
                await store.forget_member(guild, member)
            elif action == 2 and step > 300:
                await store.forget_guild(guild)
            else:
                await store.rate(guild, member, rng.choice(TARGETS), rng.randint(1, 10))
            if step % 25 == 0:
                assert await store.summaries(guild) == counted(db_path, guild)
        for guild in (GUILD, OTHER_GUILD):
            assert await store.summaries(guild) == counted(db_path, guild)
            for target in TARGETS:
                expected = counted(db_path, guild).get(target, ScoreSummary.empty(target))
                assert await store.summary(guild, target) == expected


async def test_ratings_from_before_the_counts_are_counted_on_upgrade(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path, migrations=bundled_migrations()[:2]):
        pass
    with closing(sqlite3.connect(db_path)) as db, db:
        db.executemany(
            "INSERT INTO ratings VALUES (?, ?, ?, ?, 1, 1)",
            [(GUILD, member, TARGETS[member % 3], 1 + member % 10) for member in range(1, 200)],
        )
    before = counted(db_path, GUILD)

    async with await SQLiteRatingStore.open(db_path) as store:
        assert await store.summaries(GUILD) == before
        change = await store.rate(GUILD, 1, TARGETS[1], 10)

    assert change.summary == counted(db_path, GUILD)[TARGETS[1]]
    assert change.summary.count == before[TARGETS[1]].count  # a changed score, not a new vote
    assert change.summary.total == before[TARGETS[1]].total - 2 + 10


async def test_ratings_arriving_together_are_told_what_one_after_another_would_be(
    store: SQLiteRatingStore,
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


async def test_ratings_arriving_together_on_a_full_disk_are_all_refused_and_none_kept(
    store: SQLiteRatingStore,
) -> None:
    await store.rate(GUILD, 1, SERIES, 5)
    await store._simulate_fault("full")
    outcomes = await asyncio.gather(
        *(store.rate(GUILD, member, COUPLE, 7, review="x" * 200) for member in range(2, 60)),
        return_exceptions=True,
    )
    await store._simulate_fault(None)

    assert all(isinstance(outcome, StoreUnavailable) for outcome in outcomes), outcomes
    assert await store.summaries(GUILD) == {SERIES: ScoreSummary.from_counts(SERIES, {5: 1})}
