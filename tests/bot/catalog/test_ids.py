"""A duplicate id is one problem, at the later entry, naming both places and the right fix."""

from __future__ import annotations

from pathlib import Path

from catalog_files import (
    LANTERNS_FILE,
    LANTERNS_LABEL,
    SERIES_FILE,
    SERIES_LABEL,
    add_snippet,
    edit,
    only_problem,
    snippet_position,
)

RATINGS_KEEP_IT = "ratings are stored under the id, so the one members have rated keeps it"


def test_a_couple_id_used_in_two_files_is_one_problem_in_the_later_file(
    two_series_dir: Path,
) -> None:
    lanterns = two_series_dir / LANTERNS_FILE
    edit(lanterns, 'id = "haru-sora"', 'id = "jin-giichi"')
    edit(lanterns, 'couples = ["haru-sora"]', 'couples = ["jin-giichi"]')

    problem = only_problem(two_series_dir)

    assert problem == (
        f"{SERIES_LABEL}: couples[1] (jin-giichi): duplicate couple id 'jin-giichi', already used"
        f" by {LANTERNS_LABEL}: couples[1] (jin-giichi); give one of the two couples its own id"
        f" and name it in its snippets; {RATINGS_KEEP_IT}"
    )


def test_a_couple_renamed_into_a_duplicate_does_not_make_its_snippets_unknown(
    two_series_dir: Path,
) -> None:
    # Rei & Shion's id becomes the other series' "rei-tomo"; nine snippets still say rei-shion.
    edit(two_series_dir / SERIES_FILE, 'id = "rei-shion"', 'id = "rei-tomo"')

    problem = only_problem(two_series_dir)

    assert problem == (
        f"{SERIES_LABEL}: couples[2] (rei-tomo): duplicate couple id 'rei-tomo', already used by"
        f" {LANTERNS_LABEL}: couples[0] (rei-tomo); snippets in {SERIES_LABEL} name 'rei-shion',"
        " which no couple in that file has: if one of these two couples had that id, put it back"
    )


def test_when_the_earlier_file_lost_the_id_its_snippets_are_the_clue(
    two_series_dir: Path,
) -> None:
    edit(two_series_dir / LANTERNS_FILE, 'id = "haru-sora"', 'id = "jin-giichi"')

    problem = only_problem(two_series_dir)

    assert problem.startswith(f"{SERIES_LABEL}: couples[1] (jin-giichi): duplicate couple id")
    assert problem.endswith(
        f"snippets in {LANTERNS_LABEL} name 'haru-sora', which no couple in that file has:"
        " if one of these two couples had that id, put it back"
    )


def test_a_couple_id_used_twice_in_one_file(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'id = "rei-shion"', 'id = "jin-giichi"')

    problem = only_problem(data_dir)

    assert problem.startswith(
        f"{SERIES_LABEL}: couples[2] (jin-giichi): duplicate couple id 'jin-giichi', already used"
        f" by {SERIES_LABEL}: couples[1] (jin-giichi); snippets in {SERIES_LABEL} name 'rei-shion'"
    )


def test_a_series_id_used_in_two_files(two_series_dir: Path) -> None:
    edit(two_series_dir / LANTERNS_FILE, 'id = "paper-lanterns"', 'id = "twilight-out-of-focus"')

    problem = only_problem(two_series_dir)

    assert problem == (
        f"{SERIES_LABEL}: [series]: duplicate series id 'twilight-out-of-focus', already used by"
        f" {LANTERNS_LABEL}: [series]; give one of the two series its own id; {RATINGS_KEEP_IT}"
    )


def test_a_snippet_id_used_twice_in_one_file_names_both_positions(data_dir: Path) -> None:
    position = add_snippet(data_dir / SERIES_FILE, "jin-demeaning", "The dialogues go on and on.")

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: snippets[{position}] (jin-demeaning): duplicate snippet id"
        f" 'jin-demeaning', already used by {SERIES_LABEL}: snippets[13] (jin-demeaning);"
        " give one of the two snippets its own id"
    )


def test_a_snippet_id_used_in_two_files(two_series_dir: Path) -> None:
    series_file = two_series_dir / SERIES_FILE
    edit(series_file, 'id = "verdict"', 'id = "lanterns-verdict"')
    position = snippet_position(series_file, "lanterns-verdict")

    problem = only_problem(two_series_dir)

    assert problem == (
        f"{SERIES_LABEL}: snippets[{position}] (lanterns-verdict): duplicate snippet id"
        f" 'lanterns-verdict', already used by {LANTERNS_LABEL}: snippets[2] (lanterns-verdict);"
        " give one of the two snippets its own id"
    )


def test_a_trope_renamed_into_a_duplicate_is_one_problem_offering_the_old_id(
    data_dir: Path,
) -> None:
    # Before, each use of "drama-club" was also reported, with "did you mean 'film-club'?".
    edit(data_dir / "tropes.toml", 'id = "drama-club"', 'id = "film-club"')

    problem = only_problem(data_dir)

    assert problem == (
        "data/tropes.toml: tropes[6] (film-club): duplicate trope id 'film-club', already used by"
        f" data/tropes.toml: tropes[4] (film-club); {SERIES_LABEL} uses 'drama-club', which no"
        " entry has: if one of these two entries had that id, put it back"
    )


def test_a_trope_id_repeated_by_a_new_entry(data_dir: Path) -> None:
    with (data_dir / "tropes.toml").open("a", encoding="utf-8") as tropes:
        tropes.write('\n[[tropes]]\nid = "roommates"\nname = "Dorm life"\ndescription = "Dorms."\n')

    problem = only_problem(data_dir)

    assert problem == (
        "data/tropes.toml: tropes[7] (roommates): duplicate trope id 'roommates', already used by"
        " data/tropes.toml: tropes[3] (roommates); give one of the two entries its own id and use"
        " it in the couples and snippets"
    )
