"""The e2e tests whose point is a second series: the bot here loads the test catalog of two
series (tests/fixtures/catalogs/two-series), which share the trope ids and the name "Rei".

This package has its own loopback Discord and bot process; the e2e fixtures (guild, member, the
Discord rules checked after each test) pick them up by name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from e2e_driver import ProductBot, running_bot
from support.catalogs import TWO_SERIES
from support.discord_spec import SpecValidator

from bot.devtools.loopback import LoopbackDiscord


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def product_bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ProductBot]:
    async with running_bot(fake, tmp_path_factory.mktemp("two-series-bot"), TWO_SERIES) as bot:
        yield bot
