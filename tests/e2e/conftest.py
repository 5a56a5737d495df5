"""The e2e suite drives the session's product bot (tests/conftest.py) through the loopback
Discord, each test in a server of its own (scores and "last shown" are per server). Every test is
then checked for what any member would suffer from: a request body that breaks Discord's spec, a
message that could ping someone, or a traceback in the bot's log.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_driver import DiscordRules, Member, ProductBot

from bot.devtools.loopback import FakeGuild, LoopbackDiscord

# The fixtures that run a bot process: the session's shared one, and the restart test's own.
BOT_FIXTURES = ("product_bot", "restartable_bot")


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
    return Member(fake, guild, fake.add_member(guild, name="aki", display_name="Aki"))


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test: Discord's rules kept, no pings, no traceback (see DiscordRules)."""
    bots = [request.getfixturevalue(name) for name in BOT_FIXTURES if name in request.fixturenames]
    rules = DiscordRules([fake], bots)
    yield
    rules.check()
