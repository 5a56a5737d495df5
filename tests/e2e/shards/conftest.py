"""The e2e tests of a sharded bot: bot processes of their own, each running some shards, on one
database, through a loopback Discord of each test's own (the identify rate limit it records and
enforces starts afresh for every test).

Tests start their processes with ``running_shards`` and add them to ``launched``, whose logs are
checked for tracebacks after the test, with Discord's rules, as in the rest of e2e.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from e2e_driver import DiscordRules, ProductBot
from support.discord_spec import SpecValidator

from bot.devtools.loopback import LoopbackDiscord


@pytest_asyncio.fixture(loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    # Two identify buckets: shards 0 and 1 start together, as a bot with that limit does.
    async with LoopbackDiscord(validator=discord_spec, max_concurrency=2) as loopback:
        yield loopback


@pytest.fixture
def launched() -> list[ProductBot]:
    """The bot processes a test started."""
    return []


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, launched: list[ProductBot]) -> Iterator[None]:
    rules = DiscordRules([fake], [])
    yield
    rules.check()
    for bot in launched:
        logged = bot.log()
        where = logged.find("Traceback")
        assert where < 0, f"{bot.workdir.name} logged:\n{logged[max(0, where - 300) :]}"
