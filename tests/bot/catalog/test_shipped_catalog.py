"""The shipped catalog in data/, which server admins edit: the only tests that read it.

Every other test runs on a test catalog of its own (tests/fixtures/catalogs), so an admin's edit
of data/ (a summary, a snippet, a new couple) changes none of their outcomes. Here, one test
checks what every edit must keep true, as `twilight-bot check` does: the catalog loads, and each
snippet is whole sentences copied verbatim from its review. The others check the shipped words
themselves: that our own words say no more than the review does, and that the review's
criticisms, its misspelling and its ending are quoted as what they are. An edit that fails one of
those changes what members are told the review says: reconsider the edit, not the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.catalogs import SHIPPED

from bot.catalog import Catalog, CatalogError, load_catalog
from bot.catalog.locales import missing_translations
from bot.catalog.quotes import Sentences, quote_problem
from bot.domain.locales import SHIPPED_LOCALES

pytestmark = pytest.mark.shipped_catalog

# A copy of the seed review the catalog was written from, kept beside the tests so CI has it.
SEED = Path(__file__).parents[2] / "fixtures" / "seed" / "twilight-out-of-focus-review.txt"


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    try:
        return load_catalog(SHIPPED)
    except CatalogError as error:
        pytest.fail(f"data/ does not load; `uv run twilight-bot check` says:\n{error}")


# --- what every edit must keep true ----------------------------------------------------------


def test_the_shipped_catalog_loads_and_quotes_its_reviews_verbatim_in_whole_sentences(
    shipped: Catalog,
) -> None:
    series_files = sorted(path.name for path in (SHIPPED / "series").glob("*.toml"))
    locale_files = sorted(path.name for path in (SHIPPED / "locales").glob("*.toml"))

    assert shipped.sources == (
        "data/tropes.toml",
        *(f"data/series/{n}" for n in series_files),
        *(f"data/locales/{n}" for n in locale_files),
    )
    assert shipped.series
    assert shipped.couples
    assert shipped.snippets
    for snippet in shipped.snippets:
        review = shipped.series[snippet.series_id].review.text
        assert snippet.text in review, f"{snippet.id} is not verbatim from its review"
        assert quote_problem(snippet.text, Sentences.of(review)) is None, snippet.id


# --- the shipped words ---------------------------------------------------------------------


def test_the_shipped_review_text_is_the_seed_without_the_page_debris(shipped: Catalog) -> None:
    review = shipped.series["twilight-out-of-focus"].review.text
    assert review == SEED.read_text(encoding="utf-8").removesuffix("Comments")
    assert "Comments" not in review


# Words our catalog once used that say more than the review, each with what the review says.
OVERSTATEMENTS = {
    "slowly": "they fall in love 'within a much shorter time span', feeling 'forced'",
    "look down on each other": "only 'Jin is always demeaning Giichi's work'",
    "third-year": "Jin is 'the leader of the third years'",
    "until they are forced": "Jin is 'always' demeaning Giichi's work, and they 'still fight'",
    "game of pretend": "Shion 'pretends to flirt with him so that he leaves the club'",
    "each sees the other": "only Shion is said to 'realize that Rei is a person'",
}
# The review's criticisms, each of which a reservation snippet must carry.
CRITICISMS = (
    "much shorter time span",
    "focussed only on romance",
    "very verbose",
    "constant introspection",
    "strictly ok",
)
# Sentences that tell how the series ends: a snippet quoting one must hide it as a spoiler.
ENDING = ("The last episode wraps up their relationship arc", "ultimately ending focusing on")
RAI = re.compile(r"\bRai\b")  # the review's spelling of Rei, once


def our_own_words(catalog: Catalog) -> list[str]:
    words = [s.setting for s in catalog.series.values()]
    words += [c.summary for c in catalog.couples.values()]
    words += [c.spotlight_note for c in catalog.couples.values()]
    words += [t.name for t in catalog.tropes.values()]
    words += [t.description for t in catalog.tropes.values()]
    return words + [s.note for s in catalog.snippets]


@pytest.mark.parametrize(("phrase", "review_says"), OVERSTATEMENTS.items())
def test_the_shipped_own_words_do_not_overstate_the_review(
    shipped: Catalog, phrase: str, review_says: str
) -> None:
    assert not [w for w in our_own_words(shipped) if phrase in w], review_says


def test_the_shipped_mao_and_hisashi_lines_are_not_said_to_be_for_the_film(
    shipped: Catalog,
) -> None:
    mao_hisashi = shipped.couples.get("mao-hisashi")
    practice = [s for s in shipped.snippets if s.id == "mao-hisashi-practice-lines"]

    assert mao_hisashi is None or "film" not in mao_hisashi.summary
    assert all("film-club" not in s.tropes for s in practice)


def test_every_criticism_in_the_shipped_review_is_a_reservation(shipped: Catalog) -> None:
    reservations = [s.text for s in shipped.snippets if s.tone == "reservation"]
    others = [s.text for s in shipped.snippets if s.tone != "reservation"]

    for criticism in CRITICISMS:
        assert any(criticism in text for text in reservations), criticism
        assert not any(criticism in text for text in others), criticism


def test_the_shipped_rai_spelling_is_quoted_verbatim_with_a_note_and_never_ours(
    shipped: Catalog,
) -> None:
    quoting_rai = [s for s in shipped.snippets if RAI.search(s.text)]
    noted = [s for s in shipped.snippets if "Rai" in s.note]

    # Quoted as the review has it, never corrected, and each time with a note saying so.
    assert all("Rei" in s.note for s in quoting_rai)
    assert noted == quoting_rai
    assert all(not RAI.search(c.summary) for c in shipped.couples.values())


def test_the_shipped_snippets_that_tell_the_ending_are_spoilers(shipped: Catalog) -> None:
    telling = [s for s in shipped.snippets if any(words in s.text for words in ENDING)]

    assert [s.id for s in telling if not s.spoiler] == []


def test_every_shipped_locale_has_the_catalogs_own_words(shipped: Catalog) -> None:
    assert sorted(shipped.locales) == sorted(SHIPPED_LOCALES)
    assert missing_translations(shipped) == []
