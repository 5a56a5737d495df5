"""Picks members can trust: Another pick walks through every couple before any repeats, per
member; every reason line is true when it is shown; answers carry the review's reservation; and
a DM promises nothing that works only in a server.

A reason line is words only (no field or number says why a couple was picked), so the tests
about what reasons and promises say pin their wording, and say so.
"""

from __future__ import annotations

import re

import pytest
from e2e_driver import (
    Json,
    Member,
    components_of,
    custom_id_labelled,
    description,
    embed,
    field_names,
    field_value,
    out_of_ten,
    text_of,
    title,
    votes,
)
from support.catalogs import ONE_SERIES

from bot.catalog import load_catalog
from bot.devtools.loopback import FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

COUPLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion")
RESERVATION = "The review's reservation"
CATALOG = load_catalog(ONE_SERIES)  # the bot's catalog: what answers quote and describe
PLACE = re.compile(r"\b(\d+) of (\d+)\b")  # "Couple 1 of 2", a pick's place among its kind


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
    # Pins the words that tell the member, at the first repeat, that the walk starts again.
    starting_again = [n for n, a in enumerate(presses) if "start again" in description(a)]
    assert starting_again == [len(COUPLES) - 1]
    assert "start again from the top" in description(presses[len(COUPLES) - 1])


async def test_a_trope_walk_says_when_it_goes_beyond_the_trope(member: Member) -> None:
    first = await member.use("recommend", {"trope": "roommates"})  # two couples share the tag

    second, third = await walk(member, first, presses=2)

    assert PLACE.findall(description(first)) == [("1", "2")]
    assert PLACE.findall(description(second)) == [("2", "2")]
    assert {"Roommates"} <= set(field_value(first, "Tropes").split(", "))
    assert {"Roommates"} <= set(field_value(second, "Tropes").split(", "))
    assert picked(third) == "Rei & Shion"
    assert "Roommates" not in field_value(third, "Tropes").split(", ")
    # Pins the words that say the pick has gone beyond the trope asked for.
    assert "That's every couple for “roommates”" in description(third)


async def test_each_member_walks_on_their_own(member: Member, another_member: Member) -> None:
    first = await member.use("recommend")
    (mine,) = await walk(member, first, presses=1)

    theirs = await another_member.press(first, custom_id_labelled(first, "Another pick"))

    assert picked(theirs) == picked(mine)  # the same first step: their walk is their own


async def test_reason_lines_are_true_of_the_server(member: Member, another_member: Member) -> None:
    # Pins the reason lines' wording: what they claim about the server is the point here.
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

    assert picked(first) == "Rei & Shion"  # the one they haven't rated
    assert picked(after) == "Mao & Hisashi"  # the server's best of what they rated
    assert 7 in out_of_ten(description(after))  # with the score they gave it
    # Pins the words they must never read while a couple is left unrated.
    for answer in (first, after):
        assert "every couple" not in description(answer)


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

    assert CATALOG.tropes["friends-to-lovers"].description in description(answer)


async def test_in_a_dm_an_answer_promises_only_what_works_there(
    fake: LoopbackDiscord, guild: FakeGuild, member: Member
) -> None:
    in_dm = member.elsewhere(None)
    picks = [await in_dm.use("recommend") for _ in COUPLES]
    profile = await in_dm.use("couple", {"name": "Rei"})

    assert sorted(picked(p) for p in picks) == sorted(COUPLES)  # asking again gives the next
    for answer in (*picks, profile):
        assert components_of(answer) == []  # no rate menu, no Another pick
        assert out_of_ten(field_value(answer, "Scores")) == [5]  # the reviewer's alone
        assert votes(field_value(answer, "Scores")) is None
        # Pins the promises the words make: no menu to rate with here, and where scores are.
        footer = embed(answer)["footer"]["text"]
        assert "menu" not in footer
        assert "in a server" in footer
    assert "In a DM I can't see a server's scores" in description(picks[0])


async def test_the_series_shows_its_facts_couples_verdict_praise_and_criticisms(
    member: Member,
) -> None:
    answer = await member.use("series")

    series = CATALOG.series["twilight-out-of-focus"]
    assert title(answer) == series.title
    assert re.findall(r"\d+", description(answer)) == ["12", "22"]  # episodes, minutes each
    assert series.setting in description(answer)
    couples = field_value(answer, "The couples")
    for couple in COUPLES:
        assert couple in couples
    assert "Enemies to lovers" in couples
    verdict = field_value(answer, "The reviewer's verdict")
    assert out_of_ten(verdict)[0] == 5
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

    shown = field_value(answer, "Tropes") + field_value(answer, "Also tagged")
    for trope in CATALOG.tropes.values():
        assert f"*{trope.description}*" in shown, trope.id


async def test_the_series_shows_the_servers_votes_beside_the_reviewers_and_none_in_a_dm(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 7, "target": "Twilight Out of Focus"})

    here = await member.use("series")
    in_dm = await member.elsewhere(None).use("series")

    server = field_value(here, "This server")
    assert (out_of_ten(server), votes(server)) == ([7.0], 1)
    assert re.findall(r"\d+\.\d", server) == ["7.0", "2.0"]  # the average, and its gap to 5/10
    assert "higher" in server
    assert "This server" not in field_names(in_dm)
    assert "in a server" in embed(in_dm)["footer"]["text"]
