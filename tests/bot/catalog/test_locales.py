"""The catalog's own words in other languages (data/locales/<locale>.toml): shown per locale with
English where a locale has none, typed in any language with typos and full-width forms, and
every problem named by file, entry and fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog import CatalogError, load_catalog
from bot.catalog.locales import missing_translations
from bot.domain.catalog import in_locale
from bot.domain.matching import Matcher

JA = """
[tropes.enemies-to-lovers]
name = "敵から恋人へ"
description = "最初は対立していた二人が、やがて恋に落ちる。"
synonyms = ["ライバルから恋人へ"]

[couples.rei-shion]
summary = "レイとシオンの要約。"

[people]
Rei = ["レイ"]
Shion = ["シオン"]
"""


@pytest.fixture(autouse=True)
def no_locales_yet(data_dir: Path) -> None:
    """The test catalog ships every locale; these tests write the ones they need."""
    shutil.rmtree(data_dir / "locales", ignore_errors=True)


def write_locale(data_dir: Path, locale: str, text: str) -> None:
    folder = data_dir / "locales"
    folder.mkdir(exist_ok=True)
    (folder / f"{locale}.toml").write_text(text, encoding="utf-8")


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_dir)
    return raised.value.problems


def test_a_locale_shows_its_own_words_and_english_where_it_has_none(data_dir: Path) -> None:
    write_locale(data_dir, "ja", JA)
    catalog = load_catalog(data_dir)

    trope = catalog.tropes["enemies-to-lovers"]
    assert in_locale(trope, "name", "ja") == "敵から恋人へ"
    assert in_locale(trope, "name", "en-US") == trope.name == "Enemies to lovers"
    assert in_locale(catalog.couples["rei-shion"], "summary", "ja") == "レイとシオンの要約。"
    mao = catalog.couples["mao-hisashi"]
    assert in_locale(mao, "summary", "ja") == mao.summary  # not translated: English
    assert catalog.locales == ("ja",)
    assert "data/locales/ja.toml" in catalog.sources


@pytest.mark.parametrize(
    "typed", ["敵から恋人へ", "敵から恋人", "ライバルから恋人へ", "敵から恋入へ", "ｅ２ｌ", "E2L"]
)
def test_a_trope_typed_in_another_language_matches_with_typos_and_full_width(
    data_dir: Path, typed: str
) -> None:
    write_locale(data_dir, "ja", JA)
    matcher = Matcher(load_catalog(data_dir))

    assert matcher.match_trope(typed).trope is not None
    assert matcher.match_trope(typed).trope.id == "enemies-to-lovers"  # type: ignore[union-attr]


def test_a_name_in_another_script_finds_the_couple(data_dir: Path) -> None:
    write_locale(data_dir, "ja", JA)
    matcher = Matcher(load_catalog(data_dir))

    assert matcher.find_couple("レイ", "シオン").couple.id == "rei-shion"  # type: ignore[union-attr]
    assert matcher.find_couple("レイ シオン").couple.id == "rei-shion"  # type: ignore[union-attr]


def test_an_unknown_id_names_the_file_the_entry_and_the_closest_id(data_dir: Path) -> None:
    write_locale(data_dir, "fr", '[couples.rei-shoin]\nsummary = "Rei et Shion."\n')

    assert problems_of(data_dir) == [
        "data/locales/fr.toml: [couples.rei-shoin]: no couple has the id 'rei-shoin';"
        " did you mean 'rei-shion'?"
    ]


def test_a_file_not_named_after_a_discord_locale_is_refused(data_dir: Path) -> None:
    write_locale(data_dir, "pt", '[couples.rei-shion]\nsummary = "Rei e Shion."\n')

    (problem,) = problems_of(data_dir)
    assert problem.startswith("data/locales/pt.toml: 'pt' is not a Discord locale;")
    assert "pt-BR.toml" in problem


def test_a_word_that_would_lead_to_two_tropes_is_refused(data_dir: Path) -> None:
    write_locale(data_dir, "ja", JA)
    write_locale(data_dir, "de", '[tropes.friends-to-lovers]\nsynonyms = ["敵から恋人へ"]\n')

    assert problems_of(data_dir) == [
        # The files are read in order of their names, so the later one is blamed.
        "data/locales/ja.toml: [tropes.enemies-to-lovers]: '敵から恋人へ' already leads to trope"
        " 'friends-to-lovers'; members typing it must find one trope, so keep it in one entry"
        " only"
    ]


def test_a_name_in_another_script_given_to_two_people_is_refused(data_dir: Path) -> None:
    write_locale(data_dir, "ja", '[people]\nRei = ["レイ"]\nShion = ["レイ"]\n')

    assert problems_of(data_dir) == [
        "data/locales/ja.toml: [people] Shion: 'レイ' already leads to Rei; keep it on one"
        " person only"
    ]


def test_a_wrong_field_is_named_with_the_ones_that_exist(data_dir: Path) -> None:
    write_locale(data_dir, "es-ES", '[couples.rei-shion]\nsumary = "Rei y Shion."\n')

    assert problems_of(data_dir) == [
        "data/locales/es-ES.toml: [couples.rei-shion]: unknown key 'sumary';"
        " did you mean 'summary'?"
    ]


def test_what_a_shipped_locale_still_shows_in_english_is_listed(data_dir: Path) -> None:
    write_locale(data_dir, "ja", JA)
    missing = missing_translations(load_catalog(data_dir))

    assert "data/locales/ja.toml: [couples.mao-hisashi] summary" in missing
    assert "data/locales/ja.toml: [couples.rei-shion] summary" not in missing
    assert "data/locales/ja.toml: [tropes.enemies-to-lovers] name" not in missing
    assert "data/locales/de.toml: [tropes.enemies-to-lovers] name" in missing
    assert "data/locales/ja.toml: [snippets.rei-jin-best-friend] note" in missing
