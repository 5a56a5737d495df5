"""The store's contract, run against every backend: each test gets a fresh, empty database of
the backend under test, and opens it through open_store() like the bot does.

Adding a backend is adding its name to BACKENDS and saying, in `database_url`, how to make a
fresh database of it. PostgreSQL's are databases of the session's real server
(tests/support/postgres.py), one per test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from manual_clock import ManualClock
from support.postgres import PostgresServer

from bot.store import CoreStore, open_store

BACKENDS = ["sqlite", "postgresql"]
# Backends whose stores hear other processes' changes (PostgreSQL's NOTIFY, SQLite's
# data_version) and may show them before what they kept runs out; every backend shows them once
# it has.
HEARS_OTHER_PROCESSES = frozenset({"postgresql", "sqlite"})


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def hears_other_processes(backend: str) -> bool:
    return backend in HEARS_OTHER_PROCESSES


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of the backend under test, as a URL for open_store."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'ratings.sqlite3'}"
    if backend == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    raise AssertionError(f"no way to make a {backend} database for the contract tests")


@pytest.fixture
def fresh_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], str]]:
    """Makes another fresh, empty database of the backend under test, named `name`."""
    made: list[str] = []

    def make(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name / 'ratings.sqlite3'}"
        if backend == "postgresql":
            server: PostgresServer = request.getfixturevalue("postgres_server")
            made.append(server.create_database())
            return server.url(made[-1])
        raise AssertionError(f"no way to make a {backend} database for the contract tests")

    yield make
    if made:
        server = request.getfixturevalue("postgres_server")
        for database in made:
            server.drop_database(database)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[CoreStore]:
    async with await open_store(database_url) as opened:
        yield opened


@pytest.fixture
async def timed_store(database_url: str, clock: ManualClock) -> AsyncIterator[CoreStore]:
    """A store whose stored times come from the test's clock."""
    async with await open_store(database_url, clock=clock) as opened:
        yield opened
