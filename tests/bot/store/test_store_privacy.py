"""A member's data is theirs: the export holds exactly their rows, forgetting a member or a server
leaves nothing of them in any table, and nobody else's data goes with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from manual_clock import ManualClock
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER, SERIES

from bot.store import GuildSettings, MemberRating
from bot.store.sqlite import SQLiteRatingStore

GUILDS = (GUILD, OTHER_GUILD)
MEMBERS = (MEMBER, OTHER_MEMBER)


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
    """Every table of the database that has this column: found by looking, not by a list kept
    in the test, so a table added by a later migration is checked too."""
    with sqlite3.connect(path) as conn:
        tables = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        found = [
            table
            for table in tables
            if (column,)
            in conn.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
        ]
    conn.close()
    return found


def _rows_where(path: Path, **columns: int) -> dict[str, int]:
    """How many rows each table holds with these column values, over every table having them."""
    tables = set.intersection(*(set(_tables_with(path, column)) for column in columns))
    condition = " AND ".join(f"{column} = ?" for column in columns)
    counts: dict[str, int] = {}
    with sqlite3.connect(path) as conn:
        for table in sorted(tables):
            query = f'SELECT COUNT(*) FROM "{table}" WHERE {condition}'
            (counts[table],) = conn.execute(query, tuple(columns.values())).fetchone()
    conn.close()
    return counts


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

    deleted = await store.forget_member(GUILD, MEMBER)

    assert deleted == {"ratings": 2, "reviews": 1, "last_shown": 1, "pick_walks": 2, "members": 1}
    assert set(_rows_where(db_path, guild_id=GUILD, user_id=MEMBER).values()) == {0}


async def test_forgetting_a_member_keeps_other_members_and_their_other_servers(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)
    others = [(g, m) for g in GUILDS for m in MEMBERS if (g, m) != (GUILD, MEMBER)]
    before = {key: _rows_where(db_path, guild_id=key[0], user_id=key[1]) for key in others}

    await store.forget_member(GUILD, MEMBER)

    after = {key: _rows_where(db_path, guild_id=key[0], user_id=key[1]) for key in others}
    assert after == before
    assert await store.user_ratings(OTHER_GUILD, MEMBER) == {COUPLE: 9, SERIES: 6}
    (review,) = (await store.reviews(GUILD, COUPLE)).items
    assert review.user_id == OTHER_MEMBER
    assert (await store.guild_settings(GUILD)).cooldowns == {"rate": 30}


async def test_forgetting_a_member_the_bot_never_saw_deletes_nothing(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)

    deleted = await store.forget_member(GUILD, 999)

    assert deleted == {"ratings": 0, "reviews": 0, "last_shown": 0, "pick_walks": 0, "members": 0}
    assert (await store.summary(GUILD, COUPLE)).count == 2


async def test_what_is_held_about_a_member_is_what_forgetting_them_deletes(
    store: SQLiteRatingStore,
) -> None:
    await _fill_both_servers(store)
    await store.rate(GUILD, MEMBER, OTHER_COUPLE, 2)

    held = await store.held_about_member(GUILD, MEMBER)
    deleted = await store.forget_member(GUILD, MEMBER)

    assert held == deleted
    assert deleted == {"ratings": 3, "reviews": 1, "last_shown": 1, "pick_walks": 2, "members": 1}
    assert await store.held_about_member(GUILD, MEMBER) == dict.fromkeys(deleted, 0)
    assert (await store.held_about_member(OTHER_GUILD, MEMBER))["ratings"] == 2


async def test_a_member_whose_scores_were_reset_is_still_held_by_their_name(
    store: SQLiteRatingStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, display_name="Mao fan")
    await store.reset_target(GUILD, COUPLE)

    held = await store.held_about_member(GUILD, MEMBER)

    assert held == {"ratings": 0, "reviews": 0, "last_shown": 0, "pick_walks": 0, "members": 1}
    assert await store.held_about_member(GUILD, 999) == dict.fromkeys(held, 0)


async def test_forgetting_a_server_leaves_no_row_of_it_in_any_table(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)
    other_before = _rows_where(db_path, guild_id=OTHER_GUILD)

    deleted = await store.forget_guild(GUILD)

    assert deleted == {
        "ratings": 4,
        "reviews": 2,
        "last_shown": 2,
        "pick_walks": 4,
        "members": 2,
        "settings": 1,
        "cooldowns": 1,
    }
    assert set(_rows_where(db_path, guild_id=GUILD).values()) == {0}
    assert _rows_where(db_path, guild_id=OTHER_GUILD) == other_before
    assert await store.guild_settings(GUILD) == GuildSettings()
    assert await store.summaries(GUILD) == {}


async def test_the_export_holds_exactly_the_members_own_ratings_here(
    timed_store: SQLiteRatingStore, clock: ManualClock
) -> None:
    first_rated = clock.now
    await timed_store.rate(GUILD, MEMBER, COUPLE, 4, review="Hmm.", spoiler=True)
    rerated = clock.advance(90)
    await timed_store.rate(GUILD, MEMBER, COUPLE, 9)
    await timed_store.rate(GUILD, MEMBER, SERIES, 6)
    await timed_store.rate(GUILD, OTHER_MEMBER, OTHER_COUPLE, 2, review="Not mine.")
    await timed_store.rate(OTHER_GUILD, MEMBER, OTHER_COUPLE, 1, review="Other server.")

    exported = await timed_store.member_export(GUILD, MEMBER)

    assert exported == [
        MemberRating(COUPLE, 9, "Hmm.", spoiler=True, created_at=first_rated, updated_at=rerated),
        MemberRating(SERIES, 6, None, spoiler=False, created_at=rerated, updated_at=rerated),
    ]


async def test_the_export_matches_every_row_of_the_member_in_the_database(
    store: SQLiteRatingStore, db_path: Path
) -> None:
    await _fill_both_servers(store)

    exported = await store.member_export(GUILD, MEMBER)

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT target, score FROM ratings WHERE guild_id = ? AND user_id = ? ORDER BY target",
            (GUILD, MEMBER),
        ).fetchall()
    conn.close()
    assert [(rating.target, rating.score) for rating in exported] == rows
    assert [rating.review for rating in exported] == ["Yes.", None]


async def test_a_member_with_nothing_stored_exports_an_empty_list(
    store: SQLiteRatingStore,
) -> None:
    await _fill_both_servers(store)

    assert await store.member_export(GUILD, 999) == []
    assert await store.member_export(12345, MEMBER) == []
