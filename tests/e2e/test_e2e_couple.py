"""/couple through the real bot: names however typed, not-a-couple, unknown, autocomplete."""

from __future__ import annotations

import pytest
from e2e_driver import (
    Member,
    bold,
    description,
    embed,
    field_value,
    is_ephemeral,
    out_of_ten,
    text_of,
    title,
    votes,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.mark.parametrize(
    ("options", "couple"),
    [
        ({"name": "Rei", "partner": "Shion"}, "Rei & Shion"),
        ({"name": "shion", "partner": "rei"}, "Rei & Shion"),
        ({"name": "Rai", "partner": "Shion"}, "Rei & Shion"),
        ({"name": "Hisashi"}, "Mao & Hisashi"),
        ({"name": "Rei & Shion"}, "Rei & Shion"),
        ({"name": "Shoin"}, "Rei & Shion"),
        ({"name": "JIN", "partner": "giichi"}, "Jin & Giichi"),
    ],
)
async def test_couple_is_found_however_it_is_typed(
    member: Member, options: dict[str, str], couple: str
) -> None:
    answer = await member.use("couple", options)

    assert title(answer) == couple
    assert not is_ephemeral(answer)
    assert "Twilight Out of Focus" in description(answer)
    assert field_value(answer, "The story")
    assert "— a fan review" in field_value(answer, "From the review")
    assert out_of_ten(field_value(answer, "Scores")) == [5]  # the reviewer's; no server votes
    assert votes(field_value(answer, "Scores")) is None


async def test_two_people_who_are_not_a_couple_are_told_who_each_is_paired_with(
    member: Member,
) -> None:
    answer = await member.use("couple", {"name": "Rei", "partner": "Hisashi"})

    assert is_ephemeral(answer)
    assert title(answer) == "Not a couple"
    # The two named, then each one's partner, in the same order.
    assert bold(description(answer)) == ["Rei", "Hisashi", "Shion", "Mao"]


async def test_an_unknown_name_gets_a_friendly_private_answer(member: Member) -> None:
    answer = await member.use("couple", {"name": "Zorro"})

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Who's that?"
    assert "“Zorro”" in text_of(answer)
    assert "/tropes" in text_of(answer)


@pytest.mark.parametrize(
    ("options", "intro", "unknown"),
    [
        ({"name": "Zorro"}, "I don't know that name", ["Zorro"]),
        ({"name": "Zorro", "partner": "Shion"}, "I don't know one of the names", ["Zorro"]),
        (
            {"name": "Zorro", "partner": "Bernardo"},
            "I don't know either name",
            ["Zorro", "Bernardo"],
        ),
    ],
)
async def test_unknown_names_are_told_apart_from_known_ones(
    member: Member, options: dict[str, str], intro: str, unknown: list[str]
) -> None:
    answer = await member.use("couple", options)

    said = description(answer)
    # Pins the words that tell which of the names are unknown.
    assert said.startswith(intro)
    assert "everyone you named" not in said
    assert [line.split("”")[0].removeprefix("• “") for line in said.splitlines()[1:]] == unknown


async def test_the_shown_couple_shows_the_servers_score(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 9, "target": "Jin & Giichi"})

    answer = await member.use("couple", {"name": "Giichi"})

    assert out_of_ten(field_value(answer, "Scores")) == [9.0, 5]  # the server's, the reviewer's
    assert votes(field_value(answer, "Scores")) == 1


async def test_name_autocomplete_offers_the_matching_character(member: Member) -> None:
    offered = await member.choices("couple", {"name": "Shi"}, focused="name")

    assert offered
    assert "Shion" in offered[0]["name"]
    assert len(offered) <= 25


async def test_name_autocomplete_with_nothing_typed_stays_within_discords_limit(
    member: Member,
) -> None:
    offered = await member.choices("couple", {"name": ""}, focused="name")

    names = " ".join(choice["name"] for choice in offered)
    for character in ("Mao", "Hisashi", "Jin", "Giichi", "Rei", "Shion"):
        assert character in names
    assert len(offered) <= 25


@pytest.mark.parametrize(("name", "partner"), [("Rei", "Shion"), ("giichi", "Jin")])
async def test_partner_autocomplete_offers_the_typed_names_partner_first(
    member: Member, name: str, partner: str
) -> None:
    offered = await member.choices("couple", {"name": name, "partner": ""}, focused="partner")

    assert partner in offered[0]["name"]
    assert len(offered) <= 25


async def test_a_chosen_autocomplete_value_finds_its_couple(member: Member) -> None:
    offered = await member.choices("couple", {"name": "Mao", "partner": ""}, focused="partner")

    answer = await member.use("couple", {"name": "Mao", "partner": offered[0]["value"]})

    assert embed(answer)["title"] == "Mao & Hisashi"


async def test_the_same_name_twice_is_not_called_not_a_couple(member: Member) -> None:
    answer = await member.use("couple", {"name": "Rei", "partner": "rei"})

    # Not "**Rei** and **Rei** aren't a couple": Rei named once, and Rei's partner once.
    assert bold(description(answer)) == ["Rei", "Shion"]
