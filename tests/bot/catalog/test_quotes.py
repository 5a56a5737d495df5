"""Snippets are whole sentences of their review, and a slip in copying one is pinpointed."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_files import (
    LANTERNS_FILE,
    LANTERNS_LABEL,
    SERIES_FILE,
    SERIES_LABEL,
    add_snippet,
    edit,
    only_problem,
)

from bot.catalog import load_catalog

DEMEANING = "Jin is always demeaning Giichi's work in school."
BOARDING_SCHOOL = (
    "They’re all students of an all-boys boarding school, and they’re all either members or tied"
    " to the film club."
)
SHORTER_TIME_SPAN = (
    "Given that only 3-4 episodes are dedicated to individual couples, all three couples to fall"
    " in love and get together within a much shorter time span, making their emotions and"
    " development feel forced rather than natural."
)
DAYS_WEEKS = (
    "Over the course of next few days/weeks, the duo unexpectedly fall in love over their shared"
    " love of BL and some love-hate moments during school and what they are inside their rooms."
)
STILL_FIGHT = (
    "The fact that they still fight around the others is amusing and not an act, because they"
    " are actually disagreeing, but it doesn’t hurt their love."
)


def quote(data_dir: Path, text: str) -> str:
    """Add a snippet quoting `text` and return the one problem it causes, without its place."""
    position = add_snippet(data_dir / SERIES_FILE, "new-quote", text)
    problem = only_problem(data_dir)
    where = f"{SERIES_LABEL}: snippets[{position}] (new-quote): "
    assert problem.startswith(where), problem
    return problem.removeprefix(where)


# --- whole sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "They meet as roommates first.",  # after the heading "Mao and Hisashi - "
        "Mao and Hisashi - They meet as roommates first.",  # the paragraph, heading and all
        "Anime or no anime.",
        "Anime or no anime. (5/10)",  # the score closes the paragraph with the sentence
        "He rejected Mao's attempts to socialize with him.",
        "Both grow together but never stop being the very specific characters we’ve come to love.",
        DAYS_WEEKS,
        SHORTER_TIME_SPAN,  # "3-4" inside
    ],
)
def test_whole_sentences_are_accepted_whatever_the_reviews_quirks(
    data_dir: Path, text: str
) -> None:
    add_snippet(data_dir / SERIES_FILE, "new-quote", text)

    snippets = load_catalog(data_dir).snippets

    assert snippets[-1].text == text


@pytest.mark.parametrize(
    ("fragment", "whole"),
    [
        ("Jin is always demeaning Giichi's work", DEMEANING),  # cut short
        ("always demeaning Giichi's work in school.", DEMEANING),  # starts mid-sentence
        ("(5/10)", "Anime or no anime. (5/10)"),  # the score is no sentence of its own
        ("Mao and Hisashi", "Mao and Hisashi - They meet as roommates first."),  # a heading
        ("re all students of an all-boys boarding school", BOARDING_SCHOOL),  # after "They’"
        ("4 episodes are dedicated to individual couples", SHORTER_TIME_SPAN),  # after "3-"
        ("weeks, the duo unexpectedly fall in love", DAYS_WEEKS),  # after "days/"
        (
            "work in school. An opportunity brings the two boys together",
            f"{DEMEANING} An opportunity brings the two boys together when they are forced to"
            " become roommates.",
        ),
    ],
)
def test_a_fragment_is_refused_and_offered_the_whole_sentence(
    data_dir: Path, fragment: str, whole: str
) -> None:
    problem = quote(data_dir, fragment)

    assert problem == (
        "'text' is only part of a sentence of the review, and a snippet must be whole sentences;"
        f' quote all of it: "{whole}"'
    )


def test_a_review_that_does_not_capitalise_still_has_sentences(two_series_dir: Path) -> None:
    lanterns = two_series_dir / LANTERNS_FILE
    edit(lanterns, "inseparable. Quiet, gentle", "inseparable. quiet, gentle")
    edit(
        lanterns,
        '"Quiet, gentle and a little too short. (7/10)"',
        '"quiet, gentle and a little too short."',
    )
    verdicts = [s.text for s in load_catalog(two_series_dir).snippets if s.id == "lanterns-verdict"]
    assert verdicts == ["quiet, gentle and a little too short."]
    edit(lanterns, '"quiet, gentle and a little', '"gentle and a little')

    problem = only_problem(two_series_dir)

    assert problem == (
        f"{LANTERNS_LABEL}: snippets[2] (lanterns-verdict): 'text' is only part of a sentence of"
        ' the review, and a snippet must be whole sentences; quote all of it: "quiet, gentle and'
        ' a little too short."'
    )


def test_the_offered_sentence_is_one_that_loads(data_dir: Path) -> None:
    problem = quote(data_dir, "inadvertently come closer")
    offered = problem.split('quote all of it: "', 1)[1].removesuffix('"')
    edit(data_dir / SERIES_FILE, '"inadvertently come closer"', f'"{offered}"')

    snippets = load_catalog(data_dir).snippets

    assert snippets[-1].text == (
        "When Mao and Hisashi practice lines, they inadvertently come closer and a beautiful love"
        " starts between the two of them."
    )


def test_spaces_around_a_quote_are_pointed_out(data_dir: Path) -> None:
    problem = quote(data_dir, f" {DEMEANING}")

    assert problem == "'text' starts or ends with spaces or line breaks; remove them"


# --- one character off -------------------------------------------------------------------


def test_a_straight_apostrophe_for_the_reviews_curly_one_is_pinpointed(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'it doesn’t hurt their love."', "it doesn't hurt their love.\"")

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: snippets[16] (jin-giichi-still-fight): 'text' not found verbatim in the"
        ' review text: character 128 is "\'" (APOSTROPHE) in "…but it doesn[\']t hurt their…",'
        ' where the review has "’" (RIGHT SINGLE QUOTATION MARK); copy it exactly from [review]'
        f' text; the closest sentence is: "{STILL_FIGHT}"'
    )


def test_a_missing_letter_is_pinpointed(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '"Jin is always demeaning', '"Jin is always demaning')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: snippets[13] (jin-demeaning): 'text' not found verbatim in the review"
        ' text: between characters 17 and 18 ("…s always dem[]aning Giichi…") the review has "e",'
        " which the text leaves out; copy it exactly from [review] text; the closest sentence is:"
        f' "{DEMEANING}"'
    )


def test_an_extra_letter_is_pinpointed(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '"Jin is always demeaning', '"Jin is always demeanning')

    problem = only_problem(data_dir)

    assert 'character 20 is "n" in "…always demea[n]ning Giichi\'…", which the review does not' in (
        problem
    )


def test_a_changed_word_is_pinpointed_and_the_sentence_shown(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, "Giichi's work in school.\"", "Giichi's work at school.\"")

    problem = only_problem(data_dir)

    assert problem.startswith(
        f"{SERIES_LABEL}: snippets[13] (jin-demeaning): 'text' not found verbatim in the review"
        ' text: characters 39-40 are "at" in "…ichi\'s work [at] school.",'
        ' where the review has "in"'
    )
    assert problem.endswith(f'the closest sentence is: "{DEMEANING}"')


def test_a_fragment_with_a_typo_is_offered_all_of_its_sentences(data_dir: Path) -> None:
    best_scenes = (
        "Their best scenes are when Shion is forced to slow himself down and realize that Rei is a"
        " person and not some personified ideal of romance."
    )
    problem = quote(data_dir, f"{best_scenes} It's when they both acknowledge")

    assert 'character 143 is "\'" (APOSTROPHE)' in problem
    assert 'after the last character (171) ("… acknowledge[]") the review has " the other' in (
        problem
    )
    assert problem.endswith(
        f'the closest sentences are: "{best_scenes} It’s when they both acknowledge the other as'
        ' a real person with feelings that their relationship really starts to work."'
    )


def test_text_nothing_like_the_review_says_to_copy_it(data_dir: Path) -> None:
    problem = quote(data_dir, "Zebras.")

    assert problem == (
        "'text' not found verbatim in the review text; copy it exactly from [review] text"
    )
