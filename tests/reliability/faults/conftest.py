"""Bot processes under fault: killed, sharing one database file, cut off from Discord or from
their disk.

Each module gets its own loopback Discord and product bot (``python -m bot sync`` then ``run``),
because these tests kill bots, lock their database and break their gateway; the shared e2e bot is
never disturbed. Every test is then checked as the e2e tests are: no request broke Discord's spec
or missed its routes, no message could ping anyone, and no bot process logged a traceback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from e2e_driver import DiscordRules
from faults_driver import WATCHED, FaultsBot, new_fake, started_bot, stop_all
from support.discord_spec import SpecValidator

from bot.devtools.loopback import FakeGuild, LoopbackDiscord


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    loopback = await new_fake(discord_spec)
    yield loopback
    await stop_all(loopback)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[FaultsBot]:
    """This module's own bot process; a test that kills it starts it again."""
    product = await started_bot(fake, tmp_path_factory.mktemp("faults-bot"))
    yield product
    await product.stop()


@pytest.fixture
def guild(fake: LoopbackDiscord, request: pytest.FixtureRequest) -> FakeGuild:
    """A server of this test's own."""
    return fake.add_guild(request.node.name[:100])


@pytest.fixture(autouse=True)
def within_discord_rules() -> Iterator[None]:
    """After each test, for every loopback Discord and bot process involved: Discord's rules
    kept, no pings, no traceback (see DiscordRules)."""
    rules = DiscordRules(WATCHED.fakes, WATCHED.bots)
    yield
    rules.check()
