"""/rate and /scores through the real bot: confirmations, defaults, forgeries, DMs, isolation."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from e2e_driver import (
    Member,
    ProductBot,
    Saved,
    description,
    embed,
    field_value,
    is_ephemeral,
    listed,
    out_of_ten,
    ranking,
    saved,
    text_of,
    title,
    votes,
)

from bot.devtools.loopback import FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERIES = "Twilight Out of Focus"
SERIES_KEY = "series:twilight-out-of-focus"
COUPLE_TITLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion")


@pytest.fixture
def other_guild(fake: LoopbackDiscord, guild: FakeGuild) -> FakeGuild:
    return fake.add_guild(f"{guild.name} (other)")


async def test_the_confirmation_is_private_and_says_what_was_rated_and_the_new_average(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 6, "target": "Rei & Shion"})

    answer = await member.use("rate", {"score": 9, "target": "Rei & Shion"})

    assert is_ephemeral(answer)
    assert saved(answer) == Saved("Rei & Shion", 9, None, 7.5, 2)
    # Pins the wording members read after every /rate; the other tests check what it says
    # through saved(), so that rewording it changes this test only.
    assert description(answer) == (
        "You rated **Rei & Shion** **9/10**.\nServer average now **7.5/10** from 2 votes."
    )


async def test_rating_again_replaces_the_score_and_tells_the_previous_one(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 8, "target": "Jin & Giichi"})

    answer = await member.use("rate", {"score": 3, "target": "Jin & Giichi"})

    assert saved(answer) == Saved("Jin & Giichi", 3, 8, 3.0, 1)
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:jin-giichi", 3)
    ]


async def test_the_same_score_again_is_confirmed_as_unchanged(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 5, "target": "Mao & Hisashi"})

    answer = await member.use("rate", {"score": 5, "target": "Mao & Hisashi"})

    assert saved(answer) == Saved("Mao & Hisashi", 5, None, 5.0, 1)
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:mao-hisashi", 5)
    ]
    # Pins the words that tell the member nothing changed: no number says it.
    assert "your score stays the same" in description(answer)


async def test_without_a_target_a_new_member_rates_the_series(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("rate", {"score": 6})

    assert saved(answer).rated == SERIES
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), SERIES_KEY, 6)
    ]


async def test_without_a_target_it_rates_what_couple_last_showed(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("couple", {"name": "Rei"})
    await member.use("couple", {"name": "Jin"})

    answer = await member.use("rate", {"score": 7})

    assert saved(answer).rated == "Jin & Giichi"
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:jin-giichi", 7)
    ]


async def test_what_was_shown_in_one_server_is_not_the_default_in_another(
    member: Member, other_guild: FakeGuild, product_bot: ProductBot
) -> None:
    await member.use("couple", {"name": "Jin"})

    answer = await member.elsewhere(other_guild).use("rate", {"score": 7})

    assert saved(answer).rated == SERIES
    assert await product_bot.stored_ratings(other_guild) == [(int(member.member.id), SERIES_KEY, 7)]
    assert await product_bot.stored_ratings(member.guild) == []


@pytest.mark.parametrize("forged_score", [11, 0, -3, "abc", 5.5])
async def test_a_forged_score_gets_a_friendly_private_error_and_nothing_is_stored(
    member: Member, product_bot: ProductBot, forged_score: object
) -> None:
    answer = await member.use("rate", {"score": forged_score, "target": "Rei & Shion"}, forge=True)

    assert is_ephemeral(answer)
    assert title(answer) == "Sorry!"
    # Pins the words that say why: only they tell a bad score from the other "Sorry!" answers.
    assert "whole numbers from 1 to 10" in text_of(answer)
    assert await product_bot.stored_ratings(member.guild) == []


async def test_rating_in_a_dm_explains_that_scores_belong_to_servers(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-viewer"))

    answer = await in_dm.use("rate", {"score": 8, "target": "Rei & Shion"})

    assert is_ephemeral(answer)
    assert title(answer) == "Servers only"
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
    assert title(answer) == "Which one?"
    assert "“Zorro & Bernardo”" in description(answer)  # what they typed, shown back
    offered = listed(answer)
    assert offered
    assert any(line.startswith(SERIES) for line in offered)
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


async def test_a_chosen_autocomplete_value_is_rated(
    member: Member, product_bot: ProductBot
) -> None:
    offered = await member.choices("rate", {"score": 4, "target": "twil"}, focused="target")

    answer = await member.use("rate", {"score": 4, "target": offered[0]["value"]})

    assert saved(answer).rated == SERIES
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), SERIES_KEY, 4)
    ]


async def test_a_rating_in_one_server_does_not_show_in_anothers_scores(
    member: Member, fake: LoopbackDiscord, other_guild: FakeGuild
) -> None:
    await member.use("rate", {"score": 10, "target": "Rei & Shion"})
    neighbour = Member(fake, other_guild, fake.add_member(other_guild, name="neighbour"))

    theirs = await neighbour.use("scores", {"target": "Rei & Shion"})
    ours = await member.use("scores", {"target": "Rei & Shion"})

    theirs_now, ours_now = field_value(theirs, "Server"), field_value(ours, "Server")
    assert (out_of_ten(theirs_now), votes(theirs_now)) == ([], None)
    assert (out_of_ten(ours_now), votes(ours_now)) == ([10.0], 1)


async def test_scores_for_a_target_show_average_count_chart_and_the_reviewer(
    member: Member, another_member: Member
) -> None:
    await member.use("rate", {"score": 9, "target": "Mao & Hisashi"})
    await another_member.use("rate", {"score": 6, "target": "Mao & Hisashi"})

    answer = await member.use("scores", {"target": "mao hisashi"})

    assert not is_ephemeral(answer)
    assert title(answer) == "Scores: Mao & Hisashi"
    assert out_of_ten(field_value(answer, "Server")) == [7.5]
    assert votes(field_value(answer, "Server")) == 2
    assert out_of_ten(field_value(answer, "Reviewer")) == [5]
    chart = field_value(answer, "How the server voted").splitlines()
    bars = {line.split()[0]: line for line in chart if line[:2].strip().isdigit()}
    assert bars["9"].endswith(" 1")
    assert bars["6"].endswith(" 1")
    assert bars["10"].endswith(" 0")
    assert "█" in bars["9"]
    assert "█" not in bars["10"]


async def test_scores_without_votes_invite_the_first_one(member: Member) -> None:
    answer = await member.use("scores", {"target": SERIES})

    assert title(answer) == f"Scores: {SERIES}"
    assert out_of_ten(field_value(answer, "Server")) == []
    assert "/rate" in field_value(answer, "Server")  # the invitation: how to give the first
    assert out_of_ten(field_value(answer, "Reviewer")) == [5]
    assert "How the server voted" not in [f["name"] for f in embed(answer)["fields"]]


async def test_one_enthusiastic_vote_ranks_below_fifteen_moderate_ones(
    fake: LoopbackDiscord, guild: FakeGuild, member: Member
) -> None:
    fans = [Member(fake, guild, fake.add_member(guild, name=f"fan{i}")) for i in range(15)]
    await member.use("rate", {"score": 8, "target": "Rei & Shion"})
    for number, fan in enumerate(fans):
        await fan.use("rate", {"score": 6 if number < 9 else 5, "target": "Jin & Giichi"})

    answer = await member.use("scores")

    assert ranking(answer) == [("Jin & Giichi", 5.6, 15), ("Rei & Shion", 8.0, 1)]
    assert field_value(answer, "Not rated yet") == "Mao & Hisashi"
    # The method is explained with the margins the ranking uses: 4.7 with one vote, 1.5 with ten.
    assert re.findall(r"\d+\.\d", description(answer)) == ["4.7", "1.5"]
    assert out_of_ten(field_value(answer, f"The series: {SERIES}")) == [5]


async def test_couples_nobody_rated_are_listed_apart_never_ranked(member: Member) -> None:
    answer = await member.use("scores")

    assert ranking(answer) == []
    assert "/rate" in field_value(answer, "Couples")  # the invitation to be the first
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

    assert all(saved(a).rated == "Jin & Giichi" for a in answers)
    assert all(is_ephemeral(a) for a in answers)
    assert sorted(saved(a).votes for a in answers) == list(range(1, 201))  # each counted once
    assert len(await product_bot.stored_ratings(guild)) == 200
    summary = await member.use("scores", {"target": "Jin & Giichi"})
    assert out_of_ten(field_value(summary, "Server")) == [6.4]
    assert votes(field_value(summary, "Server")) == 200


async def test_the_start_of_the_series_title_rates_the_series(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("rate", {"score": 6, "target": "Twilight"})

    assert saved(answer).rated == SERIES
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), SERIES_KEY, 6)
    ]
