"""One loopback Discord and one product bot process for the hostile-input tests.

Like the e2e suite (whose driver this reuses), every test is checked afterwards for what a member
would suffer from: a request body that breaks Discord's spec, a message that could ping someone,
or a traceback in the bot's log.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "e2e"))

from e2e_driver import ProductBot, message_bodies, pings_no_one
from support.discord_spec import SpecValidator

from bot.loopback import LoopbackDiscord


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def product_bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ProductBot]:
    """The product bot, its commands synced, logged in and READY; stopped before the fake."""
    bot = ProductBot(fake, tmp_path_factory.mktemp("hostile-input-bot"))
    await bot.sync()
    await bot.start()
    yield bot
    await bot.stop()


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, product_bot: ProductBot) -> Iterator[None]:
    """After each test: no request broke Discord's spec, no message could ping anyone, and the
    bot logged no traceback."""
    log_before = len(product_bot.log())
    violations_before, requests_before = len(fake.violations), len(fake.requests)
    yield
    assert fake.violations[violations_before:] == []
    bodies = message_bodies(fake.requests[requests_before:])
    pinging = [b for b in bodies if not pings_no_one(b.get("allowed_mentions"))]
    assert pinging == [], "messages whose allowed_mentions could ping someone"
    assert "Traceback" not in product_bot.log()[log_before:]
