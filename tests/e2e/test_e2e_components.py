"""The rating select and "Another pick" button under /couple and /recommend answers, pressed as a
member would, and as a modified client would (forged targets and values, presses in DMs)."""

from __future__ import annotations

import pytest
from e2e_driver import (
    Json,
    Member,
    ProductBot,
    Saved,
    custom_id_starting,
    custom_ids,
    embed,
    is_ephemeral,
    saved,
    text_of,
    title,
)

from bot.devtools.loopback import LoopbackDiscord, Origin
from bot.devtools.loopback.interactions import MESSAGE_COMPONENT

pytestmark = pytest.mark.asyncio(loop_scope="session")

RATE = "toof:rate:"
AGAIN = "toof:again:"
COUPLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion")


def couple_in_title(answer: Json) -> str:
    found = [c for c in COUPLES if embed(answer)["title"].endswith(c)]
    assert len(found) == 1, embed(answer)["title"]
    return found[0]


async def test_a_couple_answer_carries_a_rating_select_and_another_pick(member: Member) -> None:
    answer = await member.use("couple", {"name": "Rei", "partner": "Shion"})

    assert custom_ids(answer) == ["toof:rate:couple:rei-shion", "toof:again:rei-shion"]


async def test_a_trope_pick_carries_the_trope_in_another_pick(member: Member) -> None:
    answer = await member.use("recommend", {"trope": "enemies to lovers"})

    assert custom_ids(answer) == [
        "toof:rate:couple:jin-giichi",
        "toof:again:jin-giichi:enemies-to-lovers",
    ]


async def test_choosing_a_score_in_the_select_stores_it_and_confirms_privately(
    member: Member, another_member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("couple", {"name": "Jin"})

    # Anyone who sees the answer can rate from it, not only who asked.
    confirmation = await another_member.press(answer, custom_id_starting(answer, RATE), ["7"])

    assert is_ephemeral(confirmation)
    assert saved(confirmation) == Saved("Jin & Giichi", 7, None, 7.0, 1)
    assert await product_bot.stored_ratings(member.guild) == [
        (int(another_member.member.id), "couple:jin-giichi", 7)
    ]


async def test_the_select_under_a_recommendation_rates_the_recommended_couple(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("recommend", {"trope": "friends to lovers"})

    await member.press(answer, custom_id_starting(answer, RATE), ["10"])
    confirmation = await member.press(answer, custom_id_starting(answer, RATE), ["4"])

    assert saved(confirmation) == Saved("Mao & Hisashi", 4, 10, 4.0, 1)
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:mao-hisashi", 4)
    ]


async def test_another_pick_shows_a_different_couple_privately(member: Member) -> None:
    answer = await member.use("couple", {"name": "Mao"})

    other = await member.press(answer, custom_id_starting(answer, AGAIN))

    assert is_ephemeral(other)
    assert couple_in_title(other) != "Mao & Hisashi"
    # The private pick can be rated and passed on in turn.
    assert custom_id_starting(other, RATE).startswith("toof:rate:couple:")
    assert custom_id_starting(other, AGAIN)


async def test_another_pick_skips_couples_the_member_rated(member: Member) -> None:
    await member.use("rate", {"score": 6, "target": "Rei & Shion"})
    answer = await member.use("couple", {"name": "Mao"})

    other = await member.press(answer, custom_id_starting(answer, AGAIN))

    assert couple_in_title(other) == "Jin & Giichi"


async def test_a_press_leaves_the_public_answer_as_it_was(
    fake: LoopbackDiscord, member: Member
) -> None:
    answer = await member.use("couple", {"name": "Rei"})

    await member.press(answer, custom_id_starting(answer, RATE), ["8"])
    await member.press(answer, custom_id_starting(answer, AGAIN))

    assert fake.messages[answer["id"]]["embeds"] == answer["embeds"]
    assert fake.messages[answer["id"]]["edited_timestamp"] is None


@pytest.mark.parametrize("forged", ["11", "0", "abc", "-3", "5.5", ""])
async def test_a_forged_select_value_is_refused_and_nothing_is_stored(
    member: Member, product_bot: ProductBot, forged: str
) -> None:
    answer = await member.use("couple", {"name": "Rei"})

    refusal = await member.press(answer, custom_id_starting(answer, RATE), [forged])

    assert is_ephemeral(refusal)
    assert "whole numbers from 1 to 10" in text_of(refusal)
    assert await product_bot.stored_ratings(member.guild) == []


async def test_a_select_without_any_value_is_refused_and_nothing_is_stored(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("couple", {"name": "Rei"})

    refusal = await member.press(answer, custom_id_starting(answer, RATE), [])

    assert is_ephemeral(refusal)
    assert "whole numbers from 1 to 10" in text_of(refusal)
    assert await product_bot.stored_ratings(member.guild) == []


@pytest.mark.parametrize(
    "custom_id", ["toof:rate:couple:nobody", "toof:rate:series:gone-show", "toof:again:nobody"]
)
async def test_a_target_no_longer_in_the_catalog_is_refused_politely(
    member: Member, product_bot: ProductBot, custom_id: str
) -> None:
    answer = await member.use("couple", {"name": "Rei"})
    values = ["8"] if custom_id.startswith(RATE) else None

    refusal = await member.press_forged(answer, custom_id, values=values)

    assert is_ephemeral(refusal)
    assert title(refusal) == "Not available any more"
    assert custom_ids(refusal) == []
    assert await product_bot.stored_ratings(member.guild) == []


async def test_answers_in_a_dm_offer_no_rating_or_picking(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-reader"))

    couple = await in_dm.use("couple", {"name": "Rei"})
    pick = await in_dm.use("recommend", {"trope": "opposites attract"})

    assert embed(couple)["title"] == "Rei & Shion"
    assert couple.get("components") in (None, [])
    assert pick.get("components") in (None, [])


@pytest.mark.parametrize(
    ("custom_id", "values"),
    [("toof:rate:couple:rei-shion", ["9"]), ("toof:again:rei-shion:opposites-attract", None)],
)
async def test_presses_in_a_dm_are_refused_because_scores_belong_to_servers(
    fake: LoopbackDiscord, product_bot: ProductBot, custom_id: str, values: list[str] | None
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-presser"))
    answer = await in_dm.use("couple", {"name": "Rei"})

    refusal = await in_dm.press_forged(answer, custom_id, values=values)

    assert is_ephemeral(refusal)
    assert embed(refusal)["title"] == "Servers only"
    assert await product_bot.ratings_by(in_dm.member) == []


async def test_a_press_on_a_custom_id_that_is_not_the_bots_is_left_alone(
    member: Member, product_bot: ProductBot, fake: LoopbackDiscord
) -> None:
    answer = await member.use("couple", {"name": "Rei"})
    origin = Origin(member.member, member.guild, dm_channel_id=str(int(member.member.id) + 1))
    strangers = [
        await fake.inject(
            MESSAGE_COMPONENT, {"custom_id": custom_id, "component_type": 2}, origin, message=answer
        )
        for custom_id in ("toof:rate:planet:mars", "toof:again:", "other-bot:thing")
    ]

    # A press the bot knows, sent after them, is answered: by then it has seen and skipped those.
    await member.press(answer, custom_id_starting(answer, RATE), ["6"])

    assert [reply.callbacks for reply in strangers] == [[], [], []]
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:rei-shion", 6)
    ]
