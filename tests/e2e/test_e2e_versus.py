"""/versus through the real bot: two couples side by side with the server's scores, a vote chart
and a quote each; unknown names and the same couple twice get a friendly private answer."""

from __future__ import annotations

import pytest
from e2e_driver import (
    Member,
    bold,
    description,
    embed,
    field_value,
    is_ephemeral,
    listed,
    out_of_ten,
    title,
    votes,
)

from bot.devtools.loopback import FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def vote(fake: LoopbackDiscord, guild: FakeGuild, target: str, scores: list[int]) -> None:
    for number, score in enumerate(scores):
        voter = Member(fake, guild, fake.add_member(guild, name=f"{target[:3]}{number}"))
        await voter.use("rate", {"score": score, "target": target})


async def test_two_couples_side_by_side_with_scores_chart_and_a_quote_each(
    fake: LoopbackDiscord, member: Member
) -> None:
    assert member.guild is not None
    await vote(fake, member.guild, "Rei & Shion", [9, 9, 8])
    await vote(fake, member.guild, "Jin & Giichi", [4])

    answer = await member.use("versus", {"first": "Rei & Shion", "second": "Jin & Giichi"})

    assert not is_ephemeral(answer)
    assert title(answer) == "Rei & Shion vs Jin & Giichi"
    assert bold(description(answer)) == ["Rei & Shion"]  # the one ranked higher, alone
    left, right = embed(answer)["fields"]
    assert (left["name"], right["name"]) == ("Rei & Shion", "Jin & Giichi")
    assert left["inline"]
    assert right["inline"]
    for side, average, count in ((left, 8.7, 3), (right, 4.0, 1)):
        scores, chart, *_ = side["value"].split("\n")
        assert (out_of_ten(scores), votes(scores)) == ([average], count)
        assert chart.startswith("`1 ")  # the votes from 1 to 10 as a line of bars
        assert "— a fan review" in side["value"]
    assert "Opposites attract" in left["value"]
    assert "Enemies to lovers" in right["value"]


async def test_with_no_votes_it_invites_members_to_rate(member: Member) -> None:
    answer = await member.use("versus", {"first": "Mao", "second": "Rei"})

    assert title(answer) == "Mao & Hisashi vs Rei & Shion"
    assert bold(description(answer)) == []  # neither said to lead
    assert "/rate" in description(answer)
    for side in ("Mao & Hisashi", "Rei & Shion"):
        scores = field_value(answer, side).split("\n")[0]
        assert (out_of_ten(scores), votes(scores)) == ([], None)


async def test_the_same_couple_twice_is_answered_privately(member: Member) -> None:
    answer = await member.use("versus", {"first": "Rei & Shion", "second": "shion"})

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Pick two couples"
    assert "Rei & Shion" in embed(answer)["description"]


@pytest.mark.parametrize(
    ("first", "second", "unknown"),
    [
        ("Nobody & Noone", "Rei & Shion", "Nobody & Noone"),
        ("Rei & Shion", "Twilight Out of Focus", "Twilight Out of Focus"),
        ("Rei & Shion", "<@&223456789012345678> @everyone", "@\u200beveryone"),  # as text
    ],
)
async def test_an_unknown_couple_or_the_series_offers_couples_privately(
    member: Member, first: str, second: str, unknown: str
) -> None:
    answer = await member.use("versus", {"first": first, "second": second})

    assert is_ephemeral(answer)
    assert title(answer) == "Which one?"
    offered = listed(answer)
    assert offered, description(answer)
    couples = ("Mao & Hisashi — ", "Jin & Giichi — ", "Rei & Shion — ")
    assert all(line.startswith(couples) for line in offered), offered  # couples only
    assert unknown in description(answer)


async def test_versus_in_a_dm_compares_without_server_scores(
    fake: LoopbackDiscord, product_bot: object
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-versus"))

    answer = await in_dm.use("versus", {"first": "Jin", "second": "Mao"})

    assert title(answer) == "Jin & Giichi vs Mao & Hisashi"
    assert bold(description(answer)) == []  # neither said to lead
    for side in ("Jin & Giichi", "Mao & Hisashi"):
        scores = field_value(answer, side).split("\n")[0]
        assert (out_of_ten(scores), votes(scores)) == ([], None)


async def test_a_couple_nobody_rated_never_leads(fake: LoopbackDiscord, member: Member) -> None:
    assert member.guild is not None
    await vote(fake, member.guild, "Jin & Giichi", [2])

    answer = await member.use("versus", {"first": "Rei & Shion", "second": "Jin & Giichi"})

    verdict = description(answer)
    # Pins the verdict's wording: which couple it says leads is in its words only.
    assert "Only **Jin & Giichi** have votes here so far" in verdict
    assert "nobody has rated **Rei & Shion** yet" in verdict
    assert "Rei & Shion** rank higher" not in verdict
