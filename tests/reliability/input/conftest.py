"""One loopback Discord and one product bot process for the hostile-input tests.

Like the e2e suite (whose driver this reuses), every test is checked afterwards for what a member
would suffer from: a request body that breaks Discord's spec, a message that could ping someone,
or a traceback in the bot's log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from e2e_driver import DiscordRules, ProductBot, running_bot
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
    async with running_bot(fake, tmp_path_factory.mktemp("hostile-input-bot")) as bot:
        yield bot


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, product_bot: ProductBot) -> Iterator[None]:
    """After each test: Discord's rules kept, no pings, no traceback (see DiscordRules)."""
    rules = DiscordRules([fake], [product_bot])
    yield
    rules.check()
