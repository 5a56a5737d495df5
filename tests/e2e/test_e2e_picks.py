"""Picks members can trust: Another pick walks through every couple before any repeats, per
member; every reason line is true when it is shown; answers carry the review's reservation; and
a DM promises nothing that works only in a server."""

from __future__ import annotations

import pytest
from e2e_driver import (
    Json,
    Member,
    components_of,
    custom_id_labelled,
    embed,
    field_value,
    text_of,
)

from bot.devtools.loopback import FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

COUPLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion")
RESERVATION = "The review's reservation"


def picked(answer: Json) -> str:
    title = embed(answer)["title"]
    found = [couple for couple in COUPLES if title.endswith(couple)]
    assert len(found) == 1, f"no single couple in the title {title!r}"
    return found[0]


async def walk(member: Member, first: Json, presses: int) -> list[Json]:
    """The answers to pressing Another pick `presses` times, each on the answer before."""
    answers, shown = [], first
    for _ in range(presses):
        shown = await member.press(shown, custom_id_labelled(shown, "Another pick"))
        answers.append(shown)
    return answers


@pytest.mark.parametrize("options", [{}, {"trope": "enemies to lovers"}, {"trope": "roommates"}])
async def test_another_pick_shows_every_couple_once_before_any_comes_round_again(
    member: Member, options: dict[str, str]
) -> None:
    first = await member.use("recommend", options)

    presses = await walk(member, first, presses=2 * len(COUPLES) - 1)

    seen = [picked(first), *(picked(answer) for answer in presses)]
    assert sorted(seen[: len(COUPLES)]) == sorted(COUPLES)
    assert seen[len(COUPLES) :] == seen[: len(COUPLES)]
    assert "start again from the top" in embed(presses[len(COUPLES) - 1])["description"]


async def test_a_trope_walk_says_when_it_goes_beyond_the_trope(member: Member) -> None:
    first = await member.use("recommend", {"trope": "roommates"})  # two couples share the tag

    second, third = await walk(member, first, presses=2)

    assert "Couple 1 of 2 for it" in embed(first)["description"]
    assert "Couple 2 of 2 for it" in embed(second)["description"]
    assert picked(third) == "Rei & Shion"
    assert "That's every couple for “roommates”" in embed(third)["description"]


async def test_each_member_walks_on_their_own(member: Member, another_member: Member) -> None:
    first = await member.use("recommend")
    (mine,) = await walk(member, first, presses=1)

    theirs = await another_member.press(first, custom_id_labelled(first, "Another pick"))

    assert picked(theirs) == picked(mine)  # the same first step: their walk is their own


async def test_reason_lines_are_true_of_the_server(member: Member, another_member: Member) -> None:
    nobody = await member.use("recommend")
    assert "nobody here has" in embed(nobody)["description"]
    assert "highest" not in embed(nobody)["description"]

    await another_member.use("rate", {"score": 9, "target": "Rei & Shion"})
    top = await member.use("recommend")

    assert picked(top) == "Rei & Shion"
    assert "the server rates them highest of those" in embed(top)["description"]
    (after,) = await walk(member, top, presses=1)
    assert "nobody here has" in embed(after)["description"]


async def test_a_member_who_has_not_rated_everything_is_never_told_they_have(
    member: Member,
) -> None:
    await member.use("rate", {"score": 6, "target": "Jin & Giichi"})
    await member.use("rate", {"score": 7, "target": "Mao & Hisashi"})
    first = await member.use("recommend")

    (after,) = await walk(member, first, presses=1)

    assert picked(first) == "Rei & Shion"
    assert "You haven't rated Rei & Shion yet" in embed(first)["description"]
    assert picked(after) == "Mao & Hisashi"  # the server's best of what they rated
    assert "You've rated Mao & Hisashi already: you gave them 7/10" in embed(after)["description"]
    for answer in (first, after):
        assert "every couple" not in embed(answer)["description"]


@pytest.mark.parametrize(
    ("command", "options"),
    [("recommend", {}), ("recommend", {"trope": "e2l"}), ("couple", {"name": "Rei"})],
)
async def test_every_pick_and_profile_carries_the_reviews_reservation(
    member: Member, command: str, options: dict[str, str]
) -> None:
    answer = await member.use(command, options)

    reservation = field_value(answer, RESERVATION)
    assert "— a fan review" in reservation
    quoted = field_value(answer, "From the review")
    assert reservation.split("\n")[0] not in quoted  # shown in its own place, not twice


async def test_a_trope_pick_says_what_the_trope_means(member: Member) -> None:
    answer = await member.use("recommend", {"trope": "friends to lovers"})

    assert "*Friends to lovers*:" in embed(answer)["description"]


async def test_in_a_dm_an_answer_promises_only_what_works_there(
    fake: LoopbackDiscord, guild: FakeGuild, member: Member
) -> None:
    in_dm = member.elsewhere(None)
    picks = [await in_dm.use("recommend") for _ in COUPLES]
    profile = await in_dm.use("couple", {"name": "Rei"})

    assert sorted(picked(p) for p in picks) == sorted(COUPLES)  # asking again gives the next
    for answer in (*picks, profile):
        assert components_of(answer) == []  # no rate menu, no Another pick
        assert "Server" not in field_value(answer, "Scores")
        footer = embed(answer)["footer"]["text"]
        assert "menu" not in footer
        assert "in a server" in footer
    assert "In a DM I can't see a server's scores" in embed(picks[0])["description"]


async def test_the_series_shows_its_facts_couples_verdict_praise_and_criticisms(
    member: Member,
) -> None:
    answer = await member.use("series")

    card = embed(answer)
    assert card["title"] == "Twilight Out of Focus"
    assert "12 episodes of about 22 minutes" in card["description"]
    assert "boarding school" in card["description"]
    couples = field_value(answer, "The couples")
    for couple in COUPLES:
        assert couple in couples
    assert "Enemies to lovers" in couples
    verdict = field_value(answer, "The reviewer's verdict")
    assert "**5/10**" in verdict
    assert "strictly ok" in verdict
    criticisms = field_value(answer, "What the review criticises")
    for words in ("very verbose", "much shorter time span", "focussed only on romance"):
        assert words in criticisms
    assert "chalk and cheese" not in criticisms
    assert field_value(answer, "What the review praises")
    assert "critic" not in text_of(answer).lower().replace("criticises", "")


async def test_the_series_autocompletes_and_takes_a_name(member: Member) -> None:
    offered = await member.choices("series", {"name": "twi"}, focused="name")
    named = await member.use("series", {"name": "toof"})

    assert [c["name"] for c in offered] == ["Twilight Out of Focus"]
    assert embed(named)["title"] == "Twilight Out of Focus"


async def test_tropes_say_what_each_means(member: Member) -> None:
    answer = await member.use("tropes")

    assert "*Two" in field_value(answer, "Tropes")


async def test_the_series_shows_the_servers_votes_beside_the_reviewers_and_none_in_a_dm(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 7, "target": "Twilight Out of Focus"})

    here = await member.use("series")
    in_dm = await member.elsewhere(None).use("series")

    assert field_value(here, "This server") == (
        "7.0/10 from 1 vote · the server rates it 2.0 higher"
    )
    assert "This server" not in [f["name"] for f in embed(in_dm)["fields"]]
    assert "in a server" in embed(in_dm)["footer"]["text"]
