"""Matching what members type: tropes, names, couples and rating targets, plus autocomplete."""

from __future__ import annotations

import itertools

import pytest
from support.catalogs import ONE_SERIES, TWO_SERIES

from bot.catalog import Catalog, Character, Couple, Review, Series, load_catalog
from bot.domain.matching import (
    DISCORD_CHOICE_MAX,
    Matcher,
    TargetAmbiguous,
    TargetFound,
    TargetNotFound,
    normalize,
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalog(ONE_SERIES))


@pytest.fixture(scope="module")
def two_series() -> Matcher:
    return Matcher(load_catalog(TWO_SERIES))


def couple_id(matcher: Matcher, name: str, partner: str | None = None) -> str | None:
    lookup = matcher.find_couple(name, partner)
    return lookup.couple.id if lookup.couple else None


def within_discord_limits(choices: list[tuple[str, str]], limit: int = 25) -> bool:
    return len(choices) <= limit and all(
        0 < len(label) <= DISCORD_CHOICE_MAX and 0 < len(value) <= DISCORD_CHOICE_MAX
        for label, value in choices
    )


# --- normalize ---------------------------------------------------------------------------


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


# --- tropes ------------------------------------------------------------------------------


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
    choices = matcher.complete_tropes("enem")

    assert choices[0] == ("Enemies to lovers — Jin & Giichi", "enemies-to-lovers")


def test_trope_autocomplete_empty_lists_tropes_before_tags(matcher: Matcher) -> None:
    values = [value for _, value in matcher.complete_tropes("")]

    assert values[:3] == ["friends-to-lovers", "enemies-to-lovers", "opposites-attract"]
    assert {"roommates", "film-club", "boarding-school"} <= set(values)


def test_trope_autocomplete_finds_synonyms_and_respects_the_limit(matcher: Matcher) -> None:
    assert matcher.complete_tropes("chalk")[0][1] == "opposites-attract"
    assert len(matcher.complete_tropes("", limit=2)) == 2


# --- couples -----------------------------------------------------------------------------


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


# --- names autocomplete -------------------------------------------------------------------


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


# --- rating targets -----------------------------------------------------------------------


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
    assert matcher.complete_targets("")[0][0] == "Twilight Out of Focus (series)"


def test_target_autocomplete_by_name_title_word_or_typo(matcher: Matcher) -> None:
    assert matcher.complete_targets("shi") == [
        ("Rei & Shion — Twilight Out of Focus", "couple:rei-shion")
    ]
    assert matcher.complete_targets("focus")[0][1] == "series:twilight-out-of-focus"
    assert matcher.complete_targets("rei & sh")[0][1] == "couple:rei-shion"
    assert matcher.complete_targets("hisashii")[0][1] == "couple:mao-hisashi"


# --- across series ------------------------------------------------------------------------


def test_a_name_in_two_series_is_ambiguous(two_series: Matcher) -> None:
    lookup = two_series.find_couple("Rei")

    assert lookup.couple is None
    assert {c.id for c in lookup.ambiguous} == {"rei-shion", "rei-tomo"}


def test_a_partner_settles_a_shared_name(two_series: Matcher) -> None:
    assert couple_id(two_series, "Rei", "Tomo") == "rei-tomo"
    assert couple_id(two_series, "rei shion") == "rei-shion"
    assert couple_id(two_series, "Sora") == "haru-sora"


def test_tropes_and_targets_reach_both_series(two_series: Matcher) -> None:
    friends = dict(two_series.complete_tropes("f2l"))
    assert "Friends to lovers — Rei & Tomo, Mao & Hisashi" in friends
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


def test_name_labels_say_which_series(two_series: Matcher) -> None:
    labels = [label for label, _ in two_series.complete_names("rei")]

    assert labels == [
        "Rei — Rei & Tomo · Paper Lanterns at Low Tide",
        "Rei — Rei & Shion · Twilight Out of Focus",
    ]


# --- a generated catalog of 10,000 couples ------------------------------------------------

SYLLABLES = [a + b for a in "ksthnmry" for b in "aeiou"]  # 40 syllables, 64,000 names


def generated_names(count: int) -> list[str]:
    combos = itertools.product(SYLLABLES, repeat=3)
    return ["".join(parts).capitalize() for parts in itertools.islice(combos, count)]


@pytest.fixture(scope="module")
def big() -> Matcher:
    real = load_catalog(ONE_SERIES)
    review = Review("A generated review.", "a generated review", 6)
    series = {
        f"gen-{n}": Series(f"gen-{n}", f"Generated Show {n}", (), 10, 20, "Nowhere", review)
        for n in range(10)
    }
    names = generated_names(20_000)
    trope_ids = sorted(t.id for t in real.tropes.values() if t.kind == "trope")
    couples = {}
    for number in range(10_000):
        first, second = names[2 * number], names[2 * number + 1]
        ident = f"{first.lower()}-{second.lower()}"
        couples[ident] = Couple(
            id=ident,
            series_id=f"gen-{number % 10}",
            members=(Character(first), Character(second)),
            tropes=(trope_ids[number % 3],),
            tags=(),
            summary="Generated.",
        )
    return Matcher(Catalog(series, couples, real.tropes, ()))


def test_big_catalog_name_autocomplete_is_bounded_and_by_prefix(big: Matcher) -> None:
    choices = big.complete_names("kas")

    assert within_discord_limits(choices)
    assert len(choices) == 25
    assert all(value.startswith("Kas") for _, value in choices)


def test_big_catalog_finds_exact_couples_and_pairs(big: Matcher) -> None:
    names = generated_names(20_000)
    first, second = names[2 * 7777], names[2 * 7777 + 1]
    expected = f"{first.lower()}-{second.lower()}"

    assert couple_id(big, first) == expected
    assert couple_id(big, second.upper(), first) == expected
    assert couple_id(big, f"{first} & {second}") == expected
    assert big.find_couple(first, names[0]).not_a_couple
    assert big.match_target(f"{second} x {first}") == TargetFound(f"couple:{expected}")


def test_big_catalog_a_start_that_fits_several_series_names_them_rather_than_guess(
    big: Matcher,
) -> None:
    found = big.match_target("Generated Show")

    assert isinstance(found, TargetAmbiguous)
    assert {key for _, key in found.candidates} == {f"series:gen-{n}" for n in range(10)}
    assert big.match_target("Generated Show 7") == TargetFound("series:gen-7")


def test_big_catalog_typo_points_at_the_intended_couple(big: Matcher) -> None:
    names = generated_names(20_000)
    intended = big.find_couple(names[12345]).couple
    typo = names[12345] + names[12345][-1]  # one letter doubled at the end

    lookup = big.find_couple(typo)

    assert intended is not None
    assert lookup.couple is intended or intended in lookup.ambiguous


def test_big_catalog_labels_stay_within_discord_limits(big: Matcher) -> None:
    tropes = big.complete_tropes("")
    targets = big.complete_targets("gen")

    assert within_discord_limits(tropes)
    assert all(label.endswith("more") for label, _ in tropes[:3])  # 3,333+ couples each
    assert within_discord_limits(targets)
    assert [v for _, v in targets[:10]] == [f"series:gen-{n}" for n in range(10)]
    assert within_discord_limits(big.complete_targets(""))
    assert within_discord_limits(big.complete_names("", other=generated_names(1)[0]))
