"""Typed text reduced to keys."""

from __future__ import annotations

import pytest

from bot.domain.matching import normalize


@pytest.mark.parametrize(
    "typed",
    ["Enemies-To-Lovers", "enemies to lovers", "ENEMIES_TO_LOVERS", "  enemies   to\tlovers "],
)
def test_normalize_treats_case_and_separators_alike(typed: str) -> None:
    assert normalize(typed) == "enemies to lovers"


def test_normalize_drops_connectors_width_and_invisible_characters() -> None:
    assert normalize("Ｒｅｉ\u200b & Shion") == "rei shion"
    assert normalize("rei x shion") == normalize("Rei/Shion") == normalize("Rei and Shion")
    assert normalize("Giichi’s") == normalize("Giichi's") == "giichis"
