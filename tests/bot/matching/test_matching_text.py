"""Typed text reduced to keys: normalisation and edit distance."""

from __future__ import annotations

import pytest

from bot.domain.matching import compact, edit_distance, normalize


@pytest.mark.parametrize(
    "typed",
    ["Enemies-To-Lovers", "enemies to lovers", "ENEMIES_TO_LOVERS", "  enemies   to\tlovers "],
)
def test_normalize_treats_case_and_separators_alike(typed: str) -> None:
    assert normalize(typed) == "enemies to lovers"


def test_normalize_drops_connectors_width_and_invisible_characters() -> None:
    assert normalize("Ｒｅｉ\u200b & Shion") == "rei shion"
    assert normalize("Gii\u00adchi\u2060’s") == "giichis"  # a soft hyphen, a word joiner
    assert normalize("rei x shion") == normalize("Rei/Shion") == normalize("Rei and Shion")
    assert normalize("Giichi’s") == normalize("Giichi's") == "giichis"


def test_normalize_still_drops_invisible_characters_after_thousands_of_distinct_ones() -> None:
    ideographs = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 5000))

    assert normalize(ideographs) == ideographs
    assert normalize("Rei\u200bShion\u00ad’s") == "reishions"


def test_compact_drops_the_spaces_too() -> None:
    assert compact("Enemies to Lovers") == compact("EnemiesToLovers") == "enemiestolovers"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("shion", "shion", 0),
        ("shion", "shoin", 1),  # neighbours swapped: one edit, not two
        ("hisashi", "hisashii", 1),
        ("rai", "rei", 1),
        ("jin", "giichi", 5),
        ("", "mao", 3),
    ],
)
def test_edit_distance_counts_a_swap_of_neighbours_as_one(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance
