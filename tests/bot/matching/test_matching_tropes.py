"""Tropes as members type them, and the trope autocomplete."""

from __future__ import annotations

import pytest

from bot.discord.render.choices import trope_choices
from bot.domain.matching import Matcher
from bot.domain.matching.tropes import COMPLETION_SCORE
from bot.i18n import translator_for

EN = translator_for("en-US")


@pytest.mark.parametrize(
    ("typed", "trope_id"),
    [
        ("enemies-to-lovers", "enemies-to-lovers"),
        ("Enemies To Lovers", "enemies-to-lovers"),
        ("ENEMIES_TO_LOVERS", "enemies-to-lovers"),
        ("rivals to lovers", "enemies-to-lovers"),
        ("e2l", "enemies-to-lovers"),
        ("hate to love", "enemies-to-lovers"),
        ("enemies2lovers", "enemies-to-lovers"),
        ("f2l", "friends-to-lovers"),
        ("Friends to Lovers", "friends-to-lovers"),
        ("opposites attract", "opposites-attract"),
        ("chalk & cheese", "opposites-attract"),
        ("Roommates", "roommates"),
        ("film club", "film-club"),
        ("all boys boarding school", "boarding-school"),
    ],
)
def test_trope_typed_any_way_is_found(matcher: Matcher, typed: str, trope_id: str) -> None:
    match = matcher.match_trope(typed)
    assert match.trope is not None
    assert match.trope.id == trope_id


@pytest.mark.parametrize(
    ("typed", "trope_id"),
    [
        ("enemies to lovrs", "enemies-to-lovers"),
        ("oposites atract", "opposites-attract"),
        ("freinds to lovers", "friends-to-lovers"),
        ("roomates", "roommates"),
    ],
)
def test_trope_with_a_small_typo_is_found(matcher: Matcher, typed: str, trope_id: str) -> None:
    match = matcher.match_trope(typed)
    assert match.trope is not None
    assert match.trope.id == trope_id


def test_unknown_trope_offers_the_closest_ones(matcher: Matcher) -> None:
    match = matcher.match_trope("slow burn")

    assert match.trope is None
    assert 1 <= len(match.suggestions) <= 3


@pytest.mark.parametrize(
    ("typed", "trope_id"),
    [
        ("enem", "enemies-to-lovers"),
        ("Enemies", "enemies-to-lovers"),
        ("opposit", "opposites-attract"),
    ],
)
def test_the_start_of_one_tropes_name_picks_it(matcher: Matcher, typed: str, trope_id: str) -> None:
    match = matcher.match_trope(typed)

    assert match.trope is not None
    assert match.trope.id == trope_id


def test_a_start_shared_by_synonyms_of_several_tropes_is_only_suggested(matcher: Matcher) -> None:
    match = matcher.match_trope("love")

    assert match.trope is None
    assert match.suggestions


def test_short_unknown_text_still_gets_suggestions(matcher: Matcher) -> None:
    assert matcher.match_trope("x").trope is None
    assert len(matcher.match_trope("x").suggestions) == 3
    assert len(matcher.match_trope("").suggestions) == 3


def test_trope_autocomplete_labels_name_the_couples(matcher: Matcher) -> None:
    found = matcher.complete_tropes("enem")

    assert found[0] == ("Enemies to lovers", "enemies-to-lovers")
    assert matcher.trope_couples("enemies-to-lovers") == ("Jin & Giichi",)
    worded = trope_choices(EN, matcher, found)
    assert worded[0] == ("Enemies to lovers — Jin & Giichi", "enemies-to-lovers")


def test_trope_autocomplete_empty_lists_tropes_before_tags(matcher: Matcher) -> None:
    values = [value for _, value in matcher.complete_tropes("")]

    assert values[:3] == ["friends-to-lovers", "enemies-to-lovers", "opposites-attract"]
    assert {"roommates", "film-club", "boarding-school"} <= set(values)


def test_trope_autocomplete_finds_synonyms_and_respects_the_limit(matcher: Matcher) -> None:
    assert matcher.complete_tropes("chalk")[0][1] == "opposites-attract"
    assert len(matcher.complete_tropes("", limit=2)) == 2


# --- across series -----------------------------------------------------------------------


def test_trope_labels_name_couples_of_both_series(two_series: Matcher) -> None:
    friends = dict(trope_choices(EN, two_series, two_series.complete_tropes("f2l")))

    assert "Friends to lovers — Rei & Tomo, Mao & Hisashi" in friends


def test_a_pasted_wall_of_text_is_no_trope_and_suggests_by_how_it_starts(matcher: Matcher) -> None:
    """Only the start of a long text is ranked (difflib's cost grows with the length); what
    follows cannot bring it closer to any name."""
    pasted = matcher.match_trope("enemies to lovvers" + " and so on" * 600)

    assert pasted.trope is None
    assert [t.id for t in pasted.suggestions][:1] == ["enemies-to-lovers"]


@pytest.mark.parametrize(
    ("typed", "trope_id"),
    [
        ("ennemis", "enemies-to-lovers"),  # French: D'ennemis à amants
        ("Feinden", "enemies-to-lovers"),  # German: Von Feinden zu Liebenden
        ("enemigos", "enemies-to-lovers"),  # Spanish: De enemigos a amantes
        ("boarding", "boarding-school"),  # All-boys boarding school
    ],
)
def test_a_start_of_a_later_word_of_one_tropes_name_in_any_language_picks_it(
    matcher: Matcher, typed: str, trope_id: str
) -> None:
    match = matcher.match_trope(typed)

    assert match.trope is not None
    assert match.trope.id == trope_id


def test_a_later_word_that_several_tropes_names_share_only_suggests(matcher: Matcher) -> None:
    assert matcher.match_trope("lovers").trope is None  # enemies to lovers, friends to lovers


def _typed_starts(matcher: Matcher) -> list[str]:
    """Every start of one to eight letters of every key a trope is known by, in six languages,
    and every two-letter text."""
    keys = {key for known in matcher.tropes._keys.values() for key in known}
    starts = {key[:n] for key in keys for n in range(1, min(len(key), 8) + 1)}
    letters = "abcdefghijklmnopqrstuvwxyz"
    return sorted(starts | {a + b for a in letters for b in letters})


def test_trope_autocomplete_is_the_ranking_narrowed_to_what_starts_the_same_way(
    matcher: Matcher,
) -> None:
    # What the list promises, from the full ranking (every trope scored exactly): the tropes
    # close enough to be offered, and of them only those that start the way the member typed,
    # if any do. Only those are ranked when typing, so the list must still be exactly this.
    tropes = matcher.tropes
    for typed in _typed_starts(matcher):
        close = [t for score, t in tropes.rankings(typed) if score >= COMPLETION_SCORE]
        starting = [t for t in close if any(k.startswith(typed) for k in tropes._keys[t.id])]
        wanted = [t.id for t in starting or close][:25]

        assert [value for _, value in matcher.complete_tropes(typed, limit=25)] == wanted, typed
