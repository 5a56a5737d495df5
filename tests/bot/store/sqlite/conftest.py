"""What only the SQLite backend does: every test here works on a SQLite file of its own, opened
with the options only SQLite has, and is marked sqlite_only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from manual_clock import ManualClock

from bot.store.sqlite import SQLiteRatingStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "ratings.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SQLiteRatingStore]:
    async with await SQLiteRatingStore.open(db_path) as opened:
        yield opened


@pytest.fixture
async def timed_store(db_path: Path, clock: ManualClock) -> AsyncIterator[SQLiteRatingStore]:
    """A store whose stored times come from the test's clock."""
    async with await SQLiteRatingStore.open(db_path, clock=clock) as opened:
        yield opened
