"""The name autocomplete: by prefix, alias or typo, with the partner first."""

from __future__ import annotations

from bot.domain.matching import Matcher


def test_name_autocomplete_by_prefix_and_alias(matcher: Matcher) -> None:
    assert matcher.complete_names("hi") == [("Hisashi — Mao & Hisashi", "Hisashi")]
    assert matcher.complete_names("RA") == [("Rei — Rei & Shion", "Rei")]


def test_name_autocomplete_empty_lists_everyone(matcher: Matcher) -> None:
    values = [value for _, value in matcher.complete_names("")]

    assert sorted(values) == sorted(["Mao", "Hisashi", "Jin", "Giichi", "Rei", "Shion"])


def test_partner_autocomplete_puts_the_partner_first(matcher: Matcher) -> None:
    assert matcher.complete_names("", other="Rei")[0][1] == "Shion"
    assert matcher.complete_names("", other="shion")[0][1] == "Rei"
    assert matcher.complete_names("g", other="jin") == [("Giichi — Jin & Giichi", "Giichi")]


def test_partner_autocomplete_with_an_unknown_other_is_the_plain_list(matcher: Matcher) -> None:
    assert matcher.complete_names("", other="nobody") == matcher.complete_names("")


def test_name_autocomplete_forgives_a_typo(matcher: Matcher) -> None:
    assert matcher.complete_names("Shoin") == [("Shion — Rei & Shion", "Shion")]


# --- across series -----------------------------------------------------------------------


def test_name_labels_say_which_series(two_series: Matcher) -> None:
    labels = [label for label, _ in two_series.complete_names("rei")]

    assert labels == [
        "Rei — Rei & Tomo · Paper Lanterns at Low Tide",
        "Rei — Rei & Shion · Twilight Out of Focus",
    ]
