"""Across two series (the test catalog: Twilight Out of Focus, reviewed 5/10, and the invented
Paper Lanterns at Low Tide, reviewed 7/10), picks, rankings and Another pick behave as they do
with one."""

from __future__ import annotations

import re

import pytest
from e2e_driver import (
    Json,
    Member,
    custom_id_labelled,
    description,
    embed,
    field_names,
    field_value,
    is_ephemeral,
    out_of_ten,
    ranking,
    title,
)

from bot.devtools.loopback import FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

COUPLES = ("Mao & Hisashi", "Jin & Giichi", "Rei & Shion", "Rei & Tomo", "Haru & Sora")
LANTERNS = "Paper Lanterns at Low Tide"


def picked(answer: Json) -> str:
    title = embed(answer)["title"]
    found = [couple for couple in COUPLES if title.endswith(couple)]
    assert len(found) == 1, f"no single couple in the title {title!r}"
    return found[0]


async def test_another_pick_walks_every_couple_of_both_series(member: Member) -> None:
    shown = await member.use("recommend", {"trope": "friends to lovers"})
    seen = [picked(shown)]
    for _ in range(len(COUPLES) - 1):
        shown = await member.press(shown, custom_id_labelled(shown, "Another pick"))
        seen.append(picked(shown))

    assert sorted(seen) == sorted(COUPLES)
    assert set(seen[:2]) == {"Mao & Hisashi", "Rei & Tomo"}  # the trope's couples first


async def test_a_kinder_review_does_not_lift_unrated_couples_above_rated_ones(
    fake: LoopbackDiscord, guild: FakeGuild, member: Member
) -> None:
    await member.use("rate", {"score": 5, "target": "Jin & Giichi"})

    answer = await member.use("scores")

    assert ranking(answer) == [("Jin & Giichi (Twilight Out of Focus)", 5.0, 1)]
    unrated = field_value(answer, "Not rated yet")
    assert f"Rei & Tomo ({LANTERNS})" in unrated
    names = field_names(answer)
    # Each series keeps a line of its own, after the couples, whatever its review scored.
    assert names[:2] == ["Couples", "Not rated yet"]
    assert sorted(names[2:]) == [f"The series: {LANTERNS}", "The series: Twilight Out of Focus"]


async def test_the_series_asks_which_when_there_are_several(member: Member) -> None:
    unnamed = await member.use("series")
    named = await member.use("series", {"name": "PLLT"})
    by_couple = await member.use("series", {"name": "Haru & Sora"})

    assert is_ephemeral(unnamed)
    assert title(unnamed) == "Which series?"
    assert LANTERNS in description(unnamed)
    assert title(named) == LANTERNS
    assert re.findall(r"\d+", description(named)) == ["6", "24"]  # episodes, minutes each
    assert out_of_ten(field_value(named, "The reviewer's verdict"))[0] == 7
    assert "a little too short" in field_value(named, "The reviewer's verdict")
    assert title(by_couple) == LANTERNS
