"""Restarting the bot process keeps the server's scores and what it last showed each member,
and the components under answers keep working: their state lives in their custom_ids, and the bot
registers them again at start.

This module has its own loopback Discord and bot process, so stopping the bot here never
disturbs the tests that share the session's bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from e2e_driver import (
    Member,
    ProductBot,
    Saved,
    custom_id_labelled,
    custom_id_starting,
    description,
    embed,
    field_value,
    is_ephemeral,
    out_of_ten,
    running_bot,
    saved,
    title,
    votes,
)
from support.discord_spec import SpecValidator

from bot.devtools.loopback import MANAGE_GUILD, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


@pytest_asyncio.fixture(loop_scope="session")
async def restartable_bot(
    fake: LoopbackDiscord, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ProductBot]:
    async with running_bot(fake, tmp_path_factory.mktemp("restarted-bot")) as bot:
        yield bot


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
    assert out_of_ten(field_value(scores, "Server")) == [8.0]
    assert votes(field_value(scores, "Server")) == 1
    again = await viewer.use("rate", {"score": 6, "target": "Jin & Giichi"})
    assert saved(again) == Saved("Jin & Giichi", 6, 8, 6.0, 1)
    default = await viewer.use("rate", {"score": 9})  # what /couple last showed, before
    assert saved(default).rated == "Rei & Shion"
    assert await restartable_bot.stored_ratings(guild) == [
        (int(viewer.member.id), "couple:jin-giichi", 6),
        (int(viewer.member.id), "couple:rei-shion", 9),
    ]
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


async def restart(bot: ProductBot) -> None:
    await bot.stop()
    await bot.start()


async def test_the_rating_select_of_an_answer_from_before_a_restart_still_rates(
    fake: LoopbackDiscord, restartable_bot: ProductBot
) -> None:
    guild = fake.add_guild("Rate after restart")
    viewer = Member(fake, guild, fake.add_member(guild, name="viewer"))
    answer = await viewer.use("couple", {"name": "Rei", "partner": "Shion"})
    sessions = fake.sessions

    await restart(restartable_bot)
    confirmation = await viewer.press(answer, custom_id_starting(answer, "toof:rate:"), ["9"])

    assert fake.sessions == sessions + 1  # a new process logged in, not a resumed one
    assert is_ephemeral(confirmation)
    assert saved(confirmation) == Saved("Rei & Shion", 9, None, 9.0, 1)
    assert await restartable_bot.stored_ratings(guild) == [
        (int(viewer.member.id), "couple:rei-shion", 9)
    ]


async def test_another_pick_from_before_a_restart_still_picks_for_the_trope(
    fake: LoopbackDiscord, restartable_bot: ProductBot
) -> None:
    guild = fake.add_guild("Pick after restart")
    viewer = Member(fake, guild, fake.add_member(guild, name="viewer"))
    await viewer.use("rate", {"score": 7, "target": "Mao & Hisashi"})
    answer = await viewer.use("recommend", {"trope": "roommates"})
    title = embed(answer)["title"]

    await restart(restartable_bot)
    other = await viewer.press(answer, custom_id_starting(answer, "toof:again:"))

    assert is_ephemeral(other)
    assert embed(other)["title"] != title
    assert embed(other)["title"].startswith("Roommates: ")


async def test_the_walk_through_the_picks_goes_on_after_a_restart(
    fake: LoopbackDiscord, restartable_bot: ProductBot
) -> None:
    guild = fake.add_guild("Walk after restart")
    viewer = Member(fake, guild, fake.add_member(guild, name="viewer"))
    first = await viewer.use("recommend")
    second = await viewer.press(first, custom_id_labelled(first, "Another pick"))

    await restart(restartable_bot)
    third = await viewer.press(second, custom_id_labelled(second, "Another pick"))

    titles = [title(answer) for answer in (first, second, third)]
    assert len(set(titles)) == 3  # every couple once: the walk was kept, not started again
    assert "start again" not in description(third)


async def test_the_reviews_pager_and_a_reset_confirm_from_before_a_restart_still_work(
    fake: LoopbackDiscord, restartable_bot: ProductBot
) -> None:
    guild = fake.add_guild("Buttons after restart")
    writers = [Member(fake, guild, fake.add_member(guild, name=f"w{n}")) for n in range(6)]
    for number, writer in enumerate(writers, 1):
        review = {"score": number, "target": "Jin & Giichi", "review": f"Take {number}"}
        await writer.use("rate", review)
    admin = Member(fake, guild, fake.add_member(guild, name="admin", permissions=MANAGE_GUILD))
    page = await writers[0].use("reviews", {"target": "Jin & Giichi"})
    confirm = await admin.use("admin reset-scores", {"target": "Jin & Giichi"})

    await restart(restartable_bot)
    older = await writers[0].press(page, custom_id_labelled(page, "Older ▶"))
    done = await admin.press(confirm, custom_id_labelled(confirm, "Reset the scores"))

    assert older["id"] == page["id"]  # the asker's own message turned to the next page
    assert older["embeds"] != page["embeds"]
    assert embed(older)["footer"]["text"].startswith("Page 2 of 2")
    assert title(done) == "Scores reset"
    assert await restartable_bot.stored_ratings(guild) == []
