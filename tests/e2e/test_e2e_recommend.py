"""/recommend, /tropes and /help through the real bot: typed-however tropes, rotation, picks."""

from __future__ import annotations

import re

import pytest
from e2e_driver import (
    Json,
    Member,
    ProductBot,
    description,
    embed,
    field_value,
    is_ephemeral,
    out_of_ten,
    saved,
    text_of,
    title,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

COUPLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion")
TROPES = {"friends-to-lovers", "enemies-to-lovers", "opposites-attract"}
KNOWN_TROPES_AND_TAGS = TROPES | {"roommates", "film-club", "boarding-school", "drama-club"}
# "**Enemies to lovers** (`enemies-to-lovers`): Jin & Giichi", a trope as /tropes lists it.
TROPE_LINE = re.compile(r"^\*\*(.+)\*\* \(`([a-z-]+)`\): (.+)$")


def picked_couple(answer: Json) -> str:
    """The couple a /recommend answer names in its title ("Watch X" or "Trope: X")."""
    title = embed(answer)["title"]
    found = [couple for couple in COUPLES if title.endswith(couple)]
    assert len(found) == 1, f"no single couple in the title {title!r}"
    return found[0]


@pytest.mark.parametrize(
    "typed",
    ["enemies-to-lovers", "Enemies To Lovers", "e2l", "rivals to lovers", "enemies to lovrs"],
)
async def test_enemies_to_lovers_however_typed_recommends_jin_and_giichi(
    member: Member, typed: str
) -> None:
    answer = await member.use("recommend", {"trope": typed})

    assert not is_ephemeral(answer)
    assert title(answer) == "Enemies to lovers: Jin & Giichi"
    assert "Enemies to lovers" in field_value(answer, "Tropes").split(", ")
    assert field_value(answer, "The story")
    assert "— a fan review" in field_value(answer, "From the review")
    assert out_of_ten(field_value(answer, "Scores")) == [5]  # the reviewer's; no server votes


@pytest.mark.parametrize(
    ("typed", "couple"),
    [("friends to lovers", "Mao & Hisashi"), ("Opposites Attract", "Rei & Shion")],
)
async def test_each_trope_recommends_its_couple(member: Member, typed: str, couple: str) -> None:
    answer = await member.use("recommend", {"trope": typed})

    assert picked_couple(answer) == couple


@pytest.mark.parametrize("typed", ["slow burn", "zzzz"])
async def test_an_unknown_trope_offers_the_closest_tropes_privately(
    member: Member, typed: str
) -> None:
    answer = await member.use("recommend", {"trope": typed})

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Did you mean…"
    assert f"“{typed}”" in embed(answer)["description"]
    offered = re.findall(r"\(`([a-z-]+)`\)", embed(answer)["description"])
    assert offered, "no trope offered"
    assert set(offered) <= KNOWN_TROPES_AND_TAGS


async def test_asking_twice_quotes_different_lines(member: Member) -> None:
    first = await member.use("recommend", {"trope": "e2l"})
    second = await member.use("recommend", {"trope": "e2l"})

    assert picked_couple(first) == picked_couple(second) == "Jin & Giichi"
    assert field_value(first, "From the review") != field_value(second, "From the review")


async def test_without_a_trope_it_picks_couples_the_member_has_not_rated(
    member: Member, product_bot: ProductBot
) -> None:
    rated: list[str] = []
    for _ in COUPLES:
        pick = await member.use("recommend")
        couple = picked_couple(pick)
        assert couple not in rated
        rating = await member.use("rate", {"score": 7})  # no target: what was just shown
        assert saved(rating).rated == couple
        rated.append(couple)
    stored = await product_bot.stored_ratings(member.guild)
    assert sorted(target for _, target, _ in stored) == [
        "couple:jin-giichi",
        "couple:mao-hisashi",
        "couple:rei-shion",
    ]

    after_all = await member.use("recommend")

    assert picked_couple(after_all) in COUPLES  # still a pick, with the member's own score
    assert 7 in out_of_ten(description(after_all))
    # Pins the words that tell the member they have rated them all (see test_e2e_picks for the
    # member who hasn't, who must never read them).
    assert "You've rated every couple." in description(after_all)


async def test_without_a_trope_it_favours_what_the_server_scores_highest(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 10, "target": "Rei & Shion"})

    pick = await member.use("recommend")

    assert picked_couple(pick) == "Rei & Shion"
    assert out_of_ten(field_value(pick, "Scores")) == [10.0, 5]  # the server's, the reviewer's


async def test_trope_autocomplete_puts_the_typed_trope_first(member: Member) -> None:
    offered = await member.choices("recommend", {"trope": "enem"}, focused="trope")

    assert offered[0]["value"] == "enemies-to-lovers"
    assert "Jin & Giichi" in offered[0]["name"]
    assert len(offered) <= 25


async def test_trope_autocomplete_with_nothing_typed_lists_the_tropes(member: Member) -> None:
    offered = await member.choices("recommend", {"trope": ""}, focused="trope")

    values = [choice["value"] for choice in offered]
    assert set(values) >= TROPES
    assert len(offered) <= 25


async def test_tropes_lists_every_trope_with_its_couple(member: Member) -> None:
    answer = await member.use("tropes")

    listed = [TROPE_LINE.match(line) for line in field_value(answer, "Tropes").split("\n")]
    couples = {found[2]: (found[1], found[3]) for found in listed if found}
    assert couples == {
        "friends-to-lovers": ("Friends to lovers", "Mao & Hisashi"),
        "enemies-to-lovers": ("Enemies to lovers", "Jin & Giichi"),
        "opposites-attract": ("Opposites attract", "Rei & Shion"),
    }
    tags = [TROPE_LINE.match(line) for line in field_value(answer, "Also tagged").split("\n")]
    assert {found[2] for found in tags if found} == KNOWN_TROPES_AND_TAGS - TROPES


async def test_help_lists_the_commands_and_where_the_quotes_come_from(member: Member) -> None:
    answer = await member.use("help")

    shown = text_of(answer)
    for command in ("/recommend", "/couple", "/rate", "/scores", "/tropes"):
        assert command in shown
    assert "a fan review" in field_value(answer, "Where the quotes come from")
