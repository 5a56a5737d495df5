"""Rating targets as members type them, and the target autocomplete."""

from __future__ import annotations

import pytest
from matching_support import within_discord_limits

from bot.discord.render.choices import target_choices
from bot.domain.matching import Matcher, TargetAmbiguous, TargetFound, TargetNotFound
from bot.i18n import translator_for

EN = translator_for("en-US")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("couple:rei-shion", "couple:rei-shion"),
        ("series:twilight-out-of-focus", "series:twilight-out-of-focus"),
        ("twilight out of focus", "series:twilight-out-of-focus"),
        ("Twilight-Out-Of-Focus", "series:twilight-out-of-focus"),
        ("toof", "series:twilight-out-of-focus"),
        ("twilight out of focs", "series:twilight-out-of-focus"),
        ("rei shion", "couple:rei-shion"),
        ("Rei & Shion", "couple:rei-shion"),
        ("jin-giichi", "couple:jin-giichi"),
        ("Hisashi", "couple:mao-hisashi"),
    ],
)
def test_target_typed_any_way(matcher: Matcher, typed: str, key: str) -> None:
    assert matcher.match_target(typed) == TargetFound(key)


@pytest.mark.parametrize("typed", ["couple:nobody", "", "slow burn", "Rei & Jin"])
def test_an_unknown_target_comes_with_targets_to_offer_instead(
    matcher: Matcher, typed: str
) -> None:
    found = matcher.match_target(typed)

    assert isinstance(found, TargetNotFound)
    assert found.suggestions
    assert within_discord_limits(list(found.suggestions))


def test_too_short_a_start_is_not_taken_but_offers_what_it_starts(matcher: Matcher) -> None:
    found = matcher.match_target("Hi")

    assert found == TargetNotFound(
        (("Mao & Hisashi — Twilight Out of Focus", "couple:mao-hisashi"),)
    )


def test_couples_only_leaves_the_series_out(matcher: Matcher) -> None:
    series = matcher.match_target("Twilight Out of Focus", couples_only=True)
    key = matcher.match_target("series:twilight-out-of-focus", couples_only=True)

    for found in (series, key):
        assert isinstance(found, TargetNotFound)
        assert {k for _, k in found.suggestions} == {
            "couple:mao-hisashi",
            "couple:jin-giichi",
            "couple:rei-shion",
        }
    assert matcher.match_target("Jin", couples_only=True) == TargetFound("couple:jin-giichi")


def test_target_autocomplete_lists_the_series_then_couples(matcher: Matcher) -> None:
    assert [value for _, value in matcher.complete_targets("")] == [
        "series:twilight-out-of-focus",
        "couple:mao-hisashi",
        "couple:jin-giichi",
        "couple:rei-shion",
    ]
    assert matcher.complete_targets("")[0][0] == "Twilight Out of Focus"  # worded elsewhere
    worded = target_choices(EN, matcher.catalog, matcher.complete_targets(""))
    assert worded[0][0] == "Twilight Out of Focus (series)"


def test_target_autocomplete_by_name_title_word_or_typo(matcher: Matcher) -> None:
    assert matcher.complete_targets("shi") == [
        ("Rei & Shion — Twilight Out of Focus", "couple:rei-shion")
    ]
    assert matcher.complete_targets("focus")[0][1] == "series:twilight-out-of-focus"
    assert matcher.complete_targets("rei & sh")[0][1] == "couple:rei-shion"
    assert matcher.complete_targets("hisashii")[0][1] == "couple:mao-hisashi"


# --- across series -----------------------------------------------------------------------


def test_targets_reach_both_series(two_series: Matcher) -> None:
    assert two_series.match_target("PLLT") == TargetFound("series:paper-lanterns")
    series = [v for _, v in two_series.complete_targets("") if v.startswith("series:")]
    assert sorted(series) == ["series:paper-lanterns", "series:twilight-out-of-focus"]


@pytest.mark.parametrize("typed", ["Rei", "rei", "REI &", "Reii", " rei "])
@pytest.mark.parametrize("couples_only", [False, True])
def test_a_name_in_two_couples_is_a_target_that_fits_both(
    two_series: Matcher, typed: str, couples_only: bool
) -> None:
    found = two_series.match_target(typed, couples_only=couples_only)

    assert isinstance(found, TargetAmbiguous)
    assert sorted(found.candidates) == [
        ("Rei & Shion — Twilight Out of Focus", "couple:rei-shion"),
        ("Rei & Tomo — Paper Lanterns at Low Tide", "couple:rei-tomo"),
    ]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Rei & Tomo", "couple:rei-tomo"),
        ("rei shion", "couple:rei-shion"),
        ("Rei T", "couple:rei-tomo"),
    ],
)
def test_a_partner_or_the_start_of_one_settles_a_shared_name(
    two_series: Matcher, typed: str, key: str
) -> None:
    assert two_series.match_target(typed) == TargetFound(key)
