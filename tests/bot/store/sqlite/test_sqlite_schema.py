"""What the SQLite file itself holds: every table keyed by server, forgetting that leaves no row
in any table (found by looking at the file, not by a list kept in the test, so a table added by
a later migration is checked too), and what the store says it holds is every row there is."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from manual_clock import ManualClock
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER, SERIES

from bot.store.sqlite import SQLiteRatingStore

pytestmark = pytest.mark.sqlite_only

GUILDS = (GUILD, OTHER_GUILD)
MEMBERS = (MEMBER, OTHER_MEMBER)
# Kept by the store from every server's ratings: no member's data, and no kind of its own.
DERIVED_TABLES = {"score_counts"}
# The store's kinds (values.GUILD_KINDS) by the table that holds them.
KIND_OF_TABLE = {"guild_settings": "settings"}


async def _fill_both_servers(store: SQLiteRatingStore) -> None:
    """Two members in two servers, each with ratings, a review, a name, a last-shown target and
    a walk through the picks, and settings in both servers: a row in every table for every
    (server, member)."""
    for guild in GUILDS:
        await store.set_reviews_enabled(guild, enabled=False)
        await store.set_cooldown(guild, "rate", 30)
        for member in MEMBERS:
            name = f"member {member % 1000} of {guild % 1000}"
            await store.rate(guild, member, COUPLE, 9, review="Yes.", display_name=name)
            await store.rate(guild, member, SERIES, 6)
            await store.remember_shown(guild, member, OTHER_COUPLE)
            await store.walk_on(guild, member, "", ("rei-shion", "jin-giichi"), restart=False)


def _tables_with(path: Path, column: str) -> list[str]:
    """Every table of the database that has this column."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return [
            table
            for table in tables
            if (column,)
            in conn.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
        ]


def _rows_where(path: Path, **columns: int) -> dict[str, int]:
    """How many rows each table holds with these column values, over every table having them."""
    tables = set.intersection(*(set(_tables_with(path, column)) for column in columns))
    condition = " AND ".join(f"{column} = ?" for column in columns)
    counts: dict[str, int] = {}
    with closing(sqlite3.connect(path)) as conn:
        for table in sorted(tables):
            query = f'SELECT COUNT(*) FROM "{table}" WHERE {condition}'
            (counts[table],) = conn.execute(query, tuple(columns.values())).fetchone()
    return counts


def _as_kinds(rows: dict[str, int]) -> dict[str, int]:
    """Rows by table as the store's kinds, derived tables left out."""
    return {
        KIND_OF_TABLE.get(table, table): n
        for table, n in rows.items()
        if table not in DERIVED_TABLES
    }


async def test_every_member_table_is_keyed_by_server_too(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    """forget_member deletes per server, which only works if no table keeps a user_id without
    the server it belongs to."""
    member_tables = set(_tables_with(db_path, "user_id"))

    assert {"ratings", "reviews", "last_shown", "pick_walks", "members"} <= member_tables
    assert member_tables <= set(_tables_with(db_path, "guild_id"))


async def test_forgetting_a_member_leaves_no_row_of_them_in_any_table_of_that_server(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)
    before = _rows_where(db_path, guild_id=GUILD, user_id=MEMBER)
    assert set(before) >= {"ratings", "reviews", "last_shown", "members"}
    assert all(before.values()), before

    await store.forget_member(GUILD, MEMBER)

    assert set(_rows_where(db_path, guild_id=GUILD, user_id=MEMBER).values()) == {0}


async def test_forgetting_a_member_keeps_every_row_of_the_others(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)
    others = [(g, m) for g in GUILDS for m in MEMBERS if (g, m) != (GUILD, MEMBER)]
    before = {key: _rows_where(db_path, guild_id=key[0], user_id=key[1]) for key in others}

    await store.forget_member(GUILD, MEMBER)

    after = {key: _rows_where(db_path, guild_id=key[0], user_id=key[1]) for key in others}
    assert after == before


async def test_forgetting_a_server_leaves_no_row_of_it_in_any_table(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)
    other_before = _rows_where(db_path, guild_id=OTHER_GUILD)

    await store.forget_guild(GUILD)

    assert set(_rows_where(db_path, guild_id=GUILD).values()) == {0}
    assert _rows_where(db_path, guild_id=OTHER_GUILD) == other_before


async def test_what_the_store_says_it_holds_is_every_row_of_the_file(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)

    for guild in GUILDS:
        assert await store.held_about_guild(guild) == _as_kinds(
            _rows_where(db_path, guild_id=guild)
        )
        for member in MEMBERS:
            in_file = _rows_where(db_path, guild_id=guild, user_id=member)
            assert await store.held_about_member(guild, member) == _as_kinds(in_file)


async def test_the_export_matches_every_row_of_the_member_in_the_database(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)

    exported = await store.member_export(GUILD, MEMBER)

    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            "SELECT target, score FROM ratings WHERE guild_id = ? AND user_id = ? ORDER BY target",
            (GUILD, MEMBER),
        ).fetchall()
    assert [(rating.target, rating.score) for rating in exported] == rows
    assert [rating.review for rating in exported] == ["Yes.", None]


async def test_rewriting_a_review_keeps_when_it_was_first_written(
    timed_store: SQLiteRatingStore, db_path: Path, clock: ManualClock
) -> None:
    for member in (1, 2, 3):
        await timed_store.rate(GUILD, member, COUPLE, 7, review=f"from {member}")
    first_written = clock.now
    clock.advance(60)

    await timed_store.rate(GUILD, 1, COUPLE, 7, review="changed my mind")
    await timed_store.rate(GUILD, 2, COUPLE, 7, spoiler=True)

    with closing(sqlite3.connect(db_path)) as connection:
        kept = connection.execute("SELECT DISTINCT created_at FROM reviews").fetchall()
    assert kept == [(first_written,)]
