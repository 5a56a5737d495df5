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
from faults_driver import (
    WATCHED,
    FaultsBot,
    message_bodies,
    new_fake,
    pings_no_one,
    started_bot,
    stop_all,
)
from support.discord_spec import SpecValidator

from bot.loopback import FakeGuild, LoopbackDiscord


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
    """After each test: no request broke Discord's spec or missed its routes, no message could
    ping anyone, and no bot process logged a traceback."""
    fakes_before = {id(f): (len(f.violations), len(f.requests)) for f in WATCHED.fakes}
    logs_before = {id(b): len(b.log()) for b in WATCHED.bots}
    yield
    for fake in WATCHED.fakes:
        violations_before, requests_before = fakes_before.get(id(fake), (0, 0))
        assert fake.violations[violations_before:] == []
        assert fake.unhandled == []
        bodies = message_bodies(fake.requests[requests_before:])
        pinging = [b for b in bodies if not pings_no_one(b.get("allowed_mentions"))]
        assert pinging == [], "messages whose allowed_mentions could ping someone"
    for product in WATCHED.bots:
        logged = product.log()[logs_before.get(id(product), 0) :]
        where = logged.find("Traceback")
        assert where < 0, f"{product.workdir.name} logged:\n{logged[max(0, where - 300) :]}"
