"""/rate and /scores through the real bot: confirmations, defaults, forgeries, DMs, isolation."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from e2e_driver import Member, ProductBot, embed, field_value, is_ephemeral, text_of

from bot.devtools.loopback import FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERIES = "Twilight Out of Focus"
COUPLE_TITLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion")


def described(answer: dict[str, Any]) -> str:
    return embed(answer).get("description", "")


@pytest.fixture
def other_guild(fake: LoopbackDiscord, guild: FakeGuild) -> FakeGuild:
    return fake.add_guild(f"{guild.name} (other)")


async def test_the_confirmation_is_private_and_says_what_was_rated_and_the_new_average(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 6, "target": "Rei & Shion"})

    answer = await member.use("rate", {"score": 9, "target": "Rei & Shion"})

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Score saved"
    assert "You rated **Rei & Shion** **9/10**." in described(answer)
    assert "Server average now **7.5/10** from 2 votes." in described(answer)


async def test_rating_again_replaces_the_score_and_tells_the_previous_one(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 8, "target": "Jin & Giichi"})

    answer = await member.use("rate", {"score": 3, "target": "Jin & Giichi"})

    assert "**3/10** (it was 8/10)" in described(answer)
    assert "**3.0/10** from 1 vote." in described(answer)
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:jin-giichi", 3)
    ]


async def test_the_same_score_again_is_confirmed_as_unchanged(member: Member) -> None:
    await member.use("rate", {"score": 5, "target": "Mao & Hisashi"})

    answer = await member.use("rate", {"score": 5, "target": "Mao & Hisashi"})

    assert "your score stays the same" in described(answer)
    assert "from 1 vote" in described(answer)


async def test_without_a_target_a_new_member_rates_the_series(member: Member) -> None:
    answer = await member.use("rate", {"score": 6})

    assert f"You rated **{SERIES}** **6/10**." in described(answer)


async def test_without_a_target_it_rates_what_couple_last_showed(member: Member) -> None:
    await member.use("couple", {"name": "Rei"})
    await member.use("couple", {"name": "Jin"})

    answer = await member.use("rate", {"score": 7})

    assert "You rated **Jin & Giichi** **7/10**." in described(answer)


async def test_what_was_shown_in_one_server_is_not_the_default_in_another(
    member: Member, other_guild: FakeGuild
) -> None:
    await member.use("couple", {"name": "Jin"})

    answer = await member.elsewhere(other_guild).use("rate", {"score": 7})

    assert f"You rated **{SERIES}** **7/10**." in described(answer)


@pytest.mark.parametrize("forged_score", [11, 0, -3, "abc", 5.5])
async def test_a_forged_score_gets_a_friendly_private_error_and_nothing_is_stored(
    member: Member, product_bot: ProductBot, forged_score: object
) -> None:
    answer = await member.use("rate", {"score": forged_score, "target": "Rei & Shion"}, forge=True)

    assert is_ephemeral(answer)
    assert "whole numbers from 1 to 10" in text_of(answer)
    assert await product_bot.stored_ratings(member.guild) == []


async def test_rating_in_a_dm_explains_that_scores_belong_to_servers(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-viewer"))

    answer = await in_dm.use("rate", {"score": 8, "target": "Rei & Shion"})

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Servers only"
    assert "servers only" in described(answer)
    assert await product_bot.ratings_by(in_dm.member) == []


async def test_scores_in_a_dm_explain_that_scores_belong_to_servers(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-reader"))

    answer = await in_dm.use("scores")

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Servers only"


async def test_an_unknown_target_gets_a_friendly_private_list_to_pick_from(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("rate", {"score": 8, "target": "Zorro & Bernardo"})

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Which one?"
    assert "“Zorro & Bernardo”" in described(answer)
    assert SERIES in described(answer)
    assert await product_bot.stored_ratings(member.guild) == []


@pytest.mark.parametrize("command", ["rate", "scores"])
async def test_target_autocomplete_offers_couples_and_the_series(
    member: Member, command: str
) -> None:
    options: dict[str, Any] = {"target": "rei"}
    if command == "rate":
        options["score"] = 8
    offered = await member.choices(command, options, focused="target")

    assert offered[0]["value"] == "couple:rei-shion"
    assert "Rei & Shion" in offered[0]["name"]

    options["target"] = ""
    everything = await member.choices(command, options, focused="target")
    values = {choice["value"] for choice in everything}
    assert values >= {"series:twilight-out-of-focus", "couple:rei-shion", "couple:jin-giichi"}
    assert len(everything) <= 25


async def test_a_chosen_autocomplete_value_is_rated(member: Member) -> None:
    offered = await member.choices("rate", {"score": 4, "target": "twil"}, focused="target")

    answer = await member.use("rate", {"score": 4, "target": offered[0]["value"]})

    assert f"You rated **{SERIES}** **4/10**." in described(answer)


async def test_a_rating_in_one_server_does_not_show_in_anothers_scores(
    member: Member, fake: LoopbackDiscord, other_guild: FakeGuild
) -> None:
    await member.use("rate", {"score": 10, "target": "Rei & Shion"})
    neighbour = Member(fake, other_guild, fake.add_member(other_guild, name="neighbour"))

    theirs = await neighbour.use("scores", {"target": "Rei & Shion"})
    ours = await member.use("scores", {"target": "Rei & Shion"})

    assert "No votes yet" in field_value(theirs, "Server")
    assert "**10.0/10** from 1 vote" in field_value(ours, "Server")


async def test_scores_for_a_target_show_average_count_chart_and_the_reviewer(
    member: Member, another_member: Member
) -> None:
    await member.use("rate", {"score": 9, "target": "Mao & Hisashi"})
    await another_member.use("rate", {"score": 6, "target": "Mao & Hisashi"})

    answer = await member.use("scores", {"target": "mao hisashi"})

    assert not is_ephemeral(answer)
    assert embed(answer)["title"] == "Scores: Mao & Hisashi"
    assert "**7.5/10** from 2 votes" in field_value(answer, "Server")
    assert "**5/10**" in field_value(answer, "Reviewer")
    chart = field_value(answer, "How the server voted").splitlines()
    bars = {line.split()[0]: line for line in chart if line[:2].strip().isdigit()}
    assert bars["9"].endswith(" 1")
    assert bars["6"].endswith(" 1")
    assert bars["10"].endswith(" 0")
    assert "█" in bars["9"]
    assert "█" not in bars["10"]


async def test_scores_without_votes_invite_the_first_one(member: Member) -> None:
    answer = await member.use("scores", {"target": SERIES})

    assert "No votes yet" in field_value(answer, "Server")
    assert "**5/10**" in field_value(answer, "Reviewer")


async def test_one_enthusiastic_vote_ranks_below_fifteen_moderate_ones(
    fake: LoopbackDiscord, guild: FakeGuild, member: Member
) -> None:
    fans = [Member(fake, guild, fake.add_member(guild, name=f"fan{i}")) for i in range(15)]
    await member.use("rate", {"score": 8, "target": "Rei & Shion"})
    for number, fan in enumerate(fans):
        await fan.use("rate", {"score": 6 if number < 9 else 5, "target": "Jin & Giichi"})

    answer = await member.use("scores")

    ranking = field_value(answer, "Couples").splitlines()
    assert ranking == [
        "**1. Jin & Giichi**: 5.6/10 from 15 votes",
        "**2. Rei & Shion**: 8.0/10 from 1 vote",
    ]
    assert field_value(answer, "Not rated yet") == "Mao & Hisashi"
    assert "less a margin for doubt: 4.7 points with one vote" in embed(answer)["description"]
    assert "reviewer 5/10" in field_value(answer, f"The series: {SERIES}")


async def test_couples_nobody_rated_are_listed_apart_never_ranked(member: Member) -> None:
    answer = await member.use("scores")

    assert "Nobody here has rated a couple yet" in field_value(answer, "Couples")
    unrated = field_value(answer, "Not rated yet").split(", ")
    assert sorted(unrated) == sorted(COUPLE_TITLES)


async def test_200_members_rating_at_once_are_all_confirmed_and_counted_once(
    fake: LoopbackDiscord, guild: FakeGuild, member: Member, product_bot: ProductBot
) -> None:
    crowd = [Member(fake, guild, fake.add_member(guild, name=f"m{i}")) for i in range(200)]
    scores = [(10, 7, 6, 5, 4)[i % 5] for i in range(200)]  # mean exactly 6.4

    ratings = zip(crowd, scores, strict=True)
    answers = await asyncio.gather(
        *(m.use("rate", {"score": s, "target": "Jin & Giichi"}) for m, s in ratings)
    )

    assert all(embed(a)["title"] == "Score saved" for a in answers)
    assert all(is_ephemeral(a) for a in answers)
    assert len(await product_bot.stored_ratings(guild)) == 200
    summary = await member.use("scores", {"target": "Jin & Giichi"})
    assert "**6.4/10** from 200 votes" in field_value(summary, "Server")


async def test_the_start_of_the_series_title_rates_the_series(member: Member) -> None:
    answer = await member.use("rate", {"score": 6, "target": "Twilight"})

    assert f"You rated **{SERIES}** **6/10**." in described(answer)
