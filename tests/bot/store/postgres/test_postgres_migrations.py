"""Migrations on PostgreSQL: the schema SQLite has, numbered, recorded, applied once however many
processes start together; a database of a newer bot or of something else is refused untouched."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from store_keys import COUPLE, GUILD

from bot.store import DatabaseTooNew, ForeignDatabase, database_url
from bot.store.postgres import PostgresRatingStore
from bot.store.postgres.migrations import Migration, bundled_migrations
from bot.store.postgres.opening import PoolOptions
from bot.store.snapshot import TABLES
from bot.store.sqlite import SQLiteRatingStore

pytestmark = pytest.mark.postgres_only

LATEST = bundled_migrations()[-1].version


async def _state(url: str) -> list[tuple[object, ...]]:
    """Every table of the database with its columns and row count, and the migrations recorded:
    what "untouched" compares."""
    connection = await asyncpg.connect(url)
    try:
        tables = await connection.fetch(
            "SELECT table_name, string_agg(column_name, ',' ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE table_schema = current_schema()"
            " GROUP BY table_name ORDER BY table_name"
        )
        state: list[tuple[object, ...]] = [tuple(row) for row in tables]
        if any(name == "schema_migrations" for name, _ in state):
            records = await connection.fetch(
                "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
            )
            state += [tuple(row) for row in records]
        return state
    finally:
        await connection.close()


async def _columns(url: str) -> dict[str, list[str]]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
    finally:
        await connection.close()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


async def test_a_new_database_gets_every_migration_recorded_once(postgres_url: str) -> None:
    async with await PostgresRatingStore.open(database_url(postgres_url)) as store:
        await store.rate(GUILD, 1, COUPLE, 7)

    connection = await asyncpg.connect(postgres_url)
    try:
        records = await connection.fetch("SELECT version, name FROM schema_migrations")
    finally:
        await connection.close()
    assert sorted(tuple(row) for row in records) == [
        (migration.version, migration.name) for migration in bundled_migrations()
    ]


async def test_the_schema_has_every_column_sqlites_latest_schema_has(
    postgres_url: str, tmp_path: Path
) -> None:
    async with await PostgresRatingStore.open(database_url(postgres_url)):
        pass
    async with await SQLiteRatingStore.open(tmp_path / "ratings.db") as sqlite:
        sqlite_columns = {
            table.name: [
                row[1]
                for row in await sqlite._sqlite._reader.execute_fetchall(
                    f"PRAGMA table_info({table.name})"  # a table name of ours, not input
                )
            ]
            for table in TABLES
        }

    columns = await _columns(postgres_url)

    for table in TABLES:
        assert set(sqlite_columns[table.name]) <= set(columns[table.name]), table.name
        assert set(table.columns) <= set(columns[table.name]), table.name
    assert "language" in columns["guild_settings"]


async def test_ten_stores_opening_an_empty_database_at_once_migrate_it_once(
    postgres_url: str,
) -> None:
    url = database_url(postgres_url)

    stores = await asyncio.gather(*(PostgresRatingStore.open(url) for _ in range(10)))
    try:
        for member, store in enumerate(stores, start=1):
            await store.rate(GUILD, member, COUPLE, member)
        summary = await stores[0].summary(GUILD, COUPLE)
    finally:
        for store in stores:
            await store.close()

    assert (summary.count, summary.total) == (10, 55)
    state = await _state(postgres_url)
    records = [row for row in state if isinstance(row[0], int)]
    assert [row[:2] for row in records] == [
        (migration.version, migration.name) for migration in bundled_migrations()
    ]


async def test_reopening_applies_nothing_and_keeps_the_data(postgres_url: str) -> None:
    url = database_url(postgres_url)
    async with await PostgresRatingStore.open(url) as store:
        await store.rate(GUILD, 1, COUPLE, 9)
    before = await _state(postgres_url)

    async with await PostgresRatingStore.open(url) as store:
        assert await store.user_ratings(GUILD, 1) == {COUPLE: 9}

    assert await _state(postgres_url) == before


async def test_a_database_of_a_newer_bot_is_refused_in_one_line_and_left_untouched(
    postgres_url: str,
) -> None:
    async with await PostgresRatingStore.open(database_url(postgres_url)) as store:
        await store.rate(GUILD, 1, COUPLE, 9)
    newer = LATEST + 1
    raw = await asyncpg.connect(postgres_url)
    try:
        await raw.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", newer, "x"
        )
    finally:
        await raw.close()
    before = await _state(postgres_url)

    with pytest.raises(DatabaseTooNew) as refused:
        await PostgresRatingStore.open(database_url(postgres_url))

    message = str(refused.value)
    assert (refused.value.version, refused.value.known) == (newer, LATEST)
    assert "\n" not in message
    assert "untouched: upgrade the bot or point DATABASE_URL elsewhere" in message
    assert "tw1light-s3cret" not in message
    assert await _state(postgres_url) == before


async def test_a_database_of_something_else_is_refused_and_left_untouched(
    postgres_url: str,
) -> None:
    raw = await asyncpg.connect(postgres_url)
    try:
        await raw.execute("CREATE TABLE invoices (id BIGINT PRIMARY KEY)")
    finally:
        await raw.close()
    before = await _state(postgres_url)

    with pytest.raises(ForeignDatabase) as refused:
        await PostgresRatingStore.open(database_url(postgres_url))

    assert "point DATABASE_URL elsewhere" in str(refused.value)

    assert await _state(postgres_url) == before


async def test_a_migration_slower_than_a_members_statement_may_be_still_applies(
    postgres_url: str,
) -> None:
    """The pool cancels a member's statement after its timeout; a migration (or the wait for
    another process's) is not a member's statement, and then the timeout holds again."""
    slow = Migration(LATEST + 1, "slow", "SELECT pg_sleep(0.5)")
    options = PoolOptions(statement_timeout_ms=100)
    url = database_url(postgres_url)

    async with await PostgresRatingStore.open(
        url, options=options, migrations=(*bundled_migrations(), slow)
    ) as store:
        await store.rate(GUILD, 1, COUPLE, 7)
        assert (await store.summary(GUILD, COUPLE)).count == 1

    applied = [row[0] for row in await _state(postgres_url) if len(row) == 3]
    assert applied[-1] == LATEST + 1
