"""The store's contract, run against every backend: each test gets a fresh, empty database of
the backend under test, and opens it through open_store() like the bot does.

Adding a backend is adding its name to BACKENDS and saying, in `database_url`, how to make a
fresh database of it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from manual_clock import ManualClock

from bot.store import CoreStore, open_store

BACKENDS = ["sqlite"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> str:
    """A fresh, empty database of the backend under test, as a URL for open_store."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'ratings.sqlite3'}"
    raise AssertionError(f"no way to make a {backend} database for the contract tests")


@pytest.fixture
def fresh_database_url(backend: str, tmp_path: Path) -> Callable[[str], str]:
    """Makes another fresh, empty database of the backend under test, named `name`."""

    def make(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name / 'ratings.sqlite3'}"
        raise AssertionError(f"no way to make a {backend} database for the contract tests")

    return make


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[CoreStore]:
    async with await open_store(database_url) as opened:
        yield opened


@pytest.fixture
async def timed_store(database_url: str, clock: ManualClock) -> AsyncIterator[CoreStore]:
    """A store whose stored times come from the test's clock."""
    async with await open_store(database_url, clock=clock) as opened:
        yield opened
