"""Couples by one name, two names in one option, or a name and a partner."""

from __future__ import annotations

import pytest
from matching_support import couple_id

from bot.domain.matching import Matcher


@pytest.mark.parametrize(
    ("name", "partner", "expected"),
    [
        ("Rei", "Shion", "rei-shion"),
        ("shion", "rei", "rei-shion"),
        ("Rai", "Shion", "rei-shion"),
        ("Hisashi", None, "mao-hisashi"),
        ("Rei Shion", None, "rei-shion"),
        ("Rei & Shion", None, "rei-shion"),
        ("rei x shion", None, "rei-shion"),
        ("Shion and Rei", None, "rei-shion"),
        ("mao-hisashi", None, "mao-hisashi"),
        ("GIICHI", "jin", "jin-giichi"),
        ("Shoin", None, "rei-shion"),
        ("Hisashii", None, "mao-hisashi"),
        ("Shoin", "rei", "rei-shion"),
        ("shoin & rei", None, "rei-shion"),
    ],
)
def test_couple_typed_any_way_is_found(
    matcher: Matcher, name: str, partner: str | None, expected: str
) -> None:
    assert couple_id(matcher, name, partner) == expected


def test_pair_lookup_says_who_is_who(matcher: Matcher) -> None:
    lookup = matcher.find_couple("Rai", "shoin")

    assert [p.text for p in lookup.people] == ["Rai", "shoin"]
    assert [p.character.name for p in lookup.people if p.character] == ["Rei", "Shion"]


def test_two_known_people_who_are_not_a_couple(matcher: Matcher) -> None:
    lookup = matcher.find_couple("Rei", "Jin")

    assert lookup.couple is None
    assert lookup.not_a_couple
    assert [p.couple.id for p in lookup.people if p.couple] == ["rei-shion", "jin-giichi"]


def test_not_a_couple_when_typed_together(matcher: Matcher) -> None:
    lookup = matcher.find_couple("Mao & Giichi")

    assert lookup.not_a_couple
    assert [p.character.name for p in lookup.people if p.character] == ["Mao", "Giichi"]


def test_unknown_name_offers_close_names(matcher: Matcher) -> None:
    lookup = matcher.find_couple("Hisa")

    assert lookup.couple is None
    assert not lookup.not_a_couple
    assert lookup.people[0].character is None
    assert "Hisashi" in lookup.people[0].suggestions


def test_one_known_and_one_unknown_name(matcher: Matcher) -> None:
    lookup = matcher.find_couple("Rei", "Kaworu")

    assert lookup.couple is None
    assert not lookup.not_a_couple
    assert lookup.people[0].couple is not None
    assert lookup.people[1].character is None


def test_very_short_names_are_not_typo_corrected(matcher: Matcher) -> None:
    assert couple_id(matcher, "Jim") is None


# --- across series -----------------------------------------------------------------------


def test_a_name_in_two_series_is_ambiguous(two_series: Matcher) -> None:
    lookup = two_series.find_couple("Rei")

    assert lookup.couple is None
    assert {c.id for c in lookup.ambiguous} == {"rei-shion", "rei-tomo"}


def test_a_partner_settles_a_shared_name(two_series: Matcher) -> None:
    assert couple_id(two_series, "Rei", "Tomo") == "rei-tomo"
    assert couple_id(two_series, "rei shion") == "rei-shion"
    assert couple_id(two_series, "Sora") == "haru-sora"
