"""The e2e tests of running the bot for months: bot processes of their own with the health and
metrics endpoints on, JSON logs and scheduled backups, each through a loopback Discord of its
own (a test takes the gateway down)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from e2e_driver import DiscordRules, ProductBot
from support.discord_spec import SpecValidator

from bot.devtools.loopback import LoopbackDiscord


@pytest_asyncio.fixture(loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest.fixture
def launched() -> list[ProductBot]:
    return []


@pytest.fixture(autouse=True)
def within_discord_rules(fake: LoopbackDiscord, launched: list[ProductBot]) -> Iterator[None]:
    rules = DiscordRules([fake], [])
    yield
    rules.check()
    for bot in launched:
        logged = bot.log()
        assert unexpected_tracebacks(logged) == 0, f"{bot.workdir.name} logged:\n{logged}"


# discord.py logs each failed attempt to reach a gateway that is down with its traceback: that is
# the outage a test made, not a fault of the bot's.
EXPECTED = ("Attempting a reconnect for shard",)


def unexpected_tracebacks(logged: str) -> int:
    lines = logged.splitlines()
    return sum(
        1
        for number, line in enumerate(lines)
        if line.startswith("Traceback") and not any(e in lines[number - 1] for e in EXPECTED)
    )
