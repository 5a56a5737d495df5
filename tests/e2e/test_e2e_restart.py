"""Restarting the bot process keeps the server's scores and what it last showed each member.

This module has its own loopback Discord and bot process, so stopping the bot here never
disturbs the tests that share the session's bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from e2e_driver import Member, ProductBot, embed, field_value
from support.discord_spec import SpecValidator

from bot.loopback import LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest_asyncio.fixture(loop_scope="session")
async def restartable_bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ProductBot]:
    bot = ProductBot(fake, tmp_path_factory.mktemp("restarted-bot"))
    await bot.sync()
    await bot.start()
    yield bot
    await bot.stop()


async def test_scores_and_what_was_last_shown_survive_a_restart(
    fake: LoopbackDiscord, restartable_bot: ProductBot
) -> None:
    guild = fake.add_guild("Restarted")
    viewer = Member(fake, guild, fake.add_member(guild, name="viewer"))
    await viewer.use("rate", {"score": 8, "target": "Jin & Giichi"})
    await viewer.use("couple", {"name": "Shion"})

    await restartable_bot.stop()
    await restartable_bot.start()

    scores = await viewer.use("scores", {"target": "Jin & Giichi"})
    assert "**8.0/10** from 1 vote" in field_value(scores, "Server")
    again = await viewer.use("rate", {"score": 6, "target": "Jin & Giichi"})
    assert "(it was 8/10)" in embed(again)["description"]
    assert "from 1 vote" in embed(again)["description"]
    default = await viewer.use("rate", {"score": 9})
    assert "You rated **Rei & Shion** **9/10**." in embed(default)["description"]
    assert fake.sessions == 2


async def test_a_command_sent_while_the_gateway_drops_is_answered_after_the_resume(
    fake: LoopbackDiscord, restartable_bot: ProductBot
) -> None:
    guild = fake.add_guild("Flaky connection")
    viewer = Member(fake, guild, fake.add_member(guild, name="viewer"))
    resumes_before = fake.resumes

    await fake.close_gateway(4000)  # resumable: Discord keeps the events for the bot
    answer = await viewer.use("couple", {"name": "Mao"})

    assert embed(answer)["title"] == "Mao & Hisashi"
    assert fake.resumes == resumes_before + 1
