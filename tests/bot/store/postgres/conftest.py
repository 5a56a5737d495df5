"""What only the PostgreSQL backend does: every test here works on a fresh database of the
session's real server (tests/support/postgres.py), opened with the options only PostgreSQL has,
and is marked postgres_only. Tests that stop the server start it again before they end."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.store import database_url
from bot.store.postgres import PostgresRatingStore


@pytest.fixture
async def store(postgres_url: str) -> AsyncIterator[PostgresRatingStore]:
    async with await PostgresRatingStore.open(database_url(postgres_url)) as opened:
        yield opened


@pytest.fixture
async def raw(postgres_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the test's own to the test's database, as another process would have."""
    connection = await asyncpg.connect(postgres_url)
    try:
        yield connection
    finally:
        await connection.close()
