"""One loopback Discord and one product bot process for the whole e2e session.

Starting the bot costs about a second, so tests share it and keep out of each other's way by
each using a guild of their own (scores and "last shown" are per guild). Every test is then
checked for what any member would suffer from: a request body that breaks Discord's spec, or a
message that could ping someone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from e2e_driver import DiscordRules, Member, ProductBot, running_bot
from support.discord_spec import SpecValidator

from bot.loopback import FakeGuild, LoopbackDiscord

# The fixtures that run a bot process: the session's shared one, and the restart test's own.
BOT_FIXTURES = ("product_bot", "restartable_bot")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def product_bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ProductBot]:
    async with running_bot(fake, tmp_path_factory.mktemp("product-bot")) as bot:
        yield bot


@pytest.fixture
def guild(fake: LoopbackDiscord, request: pytest.FixtureRequest) -> FakeGuild:
    """A server of this test's own."""
    return fake.add_guild(request.node.name[:100])


@pytest.fixture
def member(fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot) -> Member:
    """A member of this test's server; the bot is up."""
    return Member(fake, guild, fake.add_member(guild, name="viewer", display_name="Viewer"))


@pytest.fixture
def another_member(fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot) -> Member:
    return Member(fake, guild, fake.add_member(guild, name="critic", display_name="Critic"))


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test: Discord's rules kept, no pings, no traceback (see DiscordRules)."""
    bots = [request.getfixturevalue(name) for name in BOT_FIXTURES if name in request.fixturenames]
    rules = DiscordRules([fake], bots)
    yield
    rules.check()
