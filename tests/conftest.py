"""Fixtures shared by the whole suite: Discord's spec, and one loopback Discord with one product
bot process for every suite that drives the real bot (e2e, hostile input). Starting the bot costs
about a second, so tests share it and keep out of each other's way by each using a server of their
own; suites that stop or break their bot (restarts, faults) define their own `fake` nearer.

The bot runs on the test catalog tests/fixtures/catalogs/one-series, not on the shipped data/,
which server admins edit; the tests that read data/ are marked ``shipped_catalog``.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from support.discord_spec import SpecValidator, spec_validator

# The e2e driver (the real bot process against the loopback Discord) serves the reliability suites
# too, whichever folder pytest is asked to run.
sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))

from e2e_driver import ProductBot, running_bot
from support.catalogs import ONE_SERIES
from support.postgres import postgres_database, postgres_server, postgres_url

from bot.devtools.loopback import LoopbackDiscord

__all__ = ["postgres_database", "postgres_server", "postgres_url"]  # fixtures for every suite


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shipped_catalog: checks the words of the shipped catalog in data/, which an admin's"
        " edit may rightly fail; every other test runs on tests/fixtures/catalogs",
    )


@pytest.fixture(scope="session")
def discord_spec() -> SpecValidator:
    """Discord's OpenAPI spec as a request-body validator, built once per test session."""
    return spec_validator()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def product_bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ProductBot]:
    async with running_bot(fake, tmp_path_factory.mktemp("product-bot"), ONE_SERIES) as bot:
        yield bot
