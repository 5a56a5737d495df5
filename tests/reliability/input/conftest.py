"""The hostile-input tests drive the session's product bot (tests/conftest.py). Like the e2e
suite (whose driver this reuses), every test is checked afterwards for what a member
would suffer from: a request body that breaks Discord's spec, a message that could ping someone,
or a traceback in the bot's log.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_driver import DiscordRules, ProductBot

from bot.devtools.loopback import LoopbackDiscord


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, product_bot: ProductBot) -> Iterator[None]:
    """After each test: Discord's rules kept, no pings, no traceback (see DiscordRules)."""
    rules = DiscordRules([fake], [product_bot])
    yield
    rules.check()
