"""A generated catalog of 10,000 couples: lookups stay bounded, exact, within Discord's limits."""

from __future__ import annotations

import itertools

import pytest
from matching_support import SHIPPED, couple_id, within_discord_limits

from bot.catalog import Catalog, Character, Couple, Review, Series, load_catalog
from bot.discord.render.choices import target_choices, trope_choices
from bot.domain.matching import Matcher, TargetAmbiguous, TargetFound
from bot.i18n import translator_for

SYLLABLES = [a + b for a in "ksthnmry" for b in "aeiou"]  # 40 syllables, 64,000 names


def generated_names(count: int) -> list[str]:
    combos = itertools.product(SYLLABLES, repeat=3)
    return ["".join(parts).capitalize() for parts in itertools.islice(combos, count)]


@pytest.fixture(scope="module")
def big() -> Matcher:
    real = load_catalog(SHIPPED)
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
    en = translator_for("en-US")
    tropes = trope_choices(en, big, big.complete_tropes(""))
    targets = target_choices(en, big.catalog, big.complete_targets("gen"))

    assert within_discord_limits(tropes)
    assert all(label.endswith("more") for label, _ in tropes[:3])  # 3,333+ couples each
    assert within_discord_limits(targets)
    assert [v for _, v in targets[:10]] == [f"series:gen-{n}" for n in range(10)]
    assert within_discord_limits(big.complete_targets(""))
    assert within_discord_limits(big.complete_names("", other=generated_names(1)[0]))
