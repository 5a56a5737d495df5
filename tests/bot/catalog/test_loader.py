"""The catalog loader, on the test catalogs: what loads, and each broken file explained precisely.

The shipped catalog in data/ is checked in test_shipped_catalog.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_files import SERIES_FILE, SERIES_LABEL, edit, only_problem, problems_of
from support.catalogs import ONE_SERIES, TWO_SERIES

from bot.catalog import CatalogError, load_catalog, summarize

# --- a catalog that loads (the one-series test catalog) ------------------------------------


def test_a_catalog_loads_its_series_couples_and_tropes() -> None:
    catalog = load_catalog(ONE_SERIES)

    series = catalog.series["twilight-out-of-focus"]
    assert (series.title, series.episodes, series.episode_minutes) == (
        "Twilight Out of Focus",
        12,
        22,
    )
    assert "TOOF" in series.aliases
    assert "boarding school" in series.setting
    assert (series.review.score, series.review.scale) == (5, 10)
    assert series.review.attribution == "a fan review"
    assert {c.id: c.tropes[0] for c in catalog.couples.values()} == {
        "mao-hisashi": "friends-to-lovers",
        "jin-giichi": "enemies-to-lovers",
        "rei-shion": "opposites-attract",
    }
    assert {"roommates", "film-club", "boarding-school"} <= set(catalog.tropes)
    assert "slow-burn" not in catalog.tropes


def test_couples_load_their_members_aliases_spotlight_and_tags() -> None:
    couples = load_catalog(ONE_SERIES).couples

    assert couples["rei-shion"].members[0].aliases == ("Rai", "レイ")  # the review's; ja's
    assert [c.id for c in couples.values() if c.spotlight] == ["mao-hisashi"]
    assert "hopeful" in couples["mao-hisashi"].spotlight_note
    assert "roommates" in couples["mao-hisashi"].tags
    assert "roommates" in couples["jin-giichi"].tags


def test_snippets_are_found_by_couple_trope_and_aspect() -> None:
    catalog = load_catalog(ONE_SERIES)
    review = catalog.series["twilight-out-of-focus"].review.text

    assert len(catalog.snippets) == 32
    assert all(s.text in review for s in catalog.snippets)
    for couple_id in catalog.couples:
        assert len(catalog.snippets_for_couple(couple_id)) >= 3, couple_id
    for trope_id in ("friends-to-lovers", "enemies-to-lovers", "opposites-attract"):
        assert catalog.snippets_for_trope(trope_id), trope_id
    aspects = {a for s in catalog.snippets for a in s.aspects}
    assert {"pacing", "verbosity", "intimacy", "verdict", "premise"} <= aspects


def test_spoilers_and_notes_load_with_their_snippets() -> None:
    snippets = load_catalog(ONE_SERIES).snippets
    spoilers = [s.text for s in snippets if s.spoiler]
    noted = [(s.text, s.note) for s in snippets if s.note]

    assert len(spoilers) == 2
    assert any(t.startswith("The last episode wraps up their relationship arc") for t in spoilers)
    assert noted == [
        ("Rai is Jin's best friend and confidant.", "The review spells Rei as “Rai” here.")
    ]


def test_summary_counts_what_was_loaded() -> None:
    summary = summarize(load_catalog(ONE_SERIES))

    assert "1 series: Twilight Out of Focus" in summary
    assert "3 couples: Mao & Hisashi, Jin & Giichi, Rei & Shion" in summary
    assert "3 tropes" in summary
    assert "2 spoilers" in summary


def test_sources_name_the_files_loaded_as_the_admin_knows_them(data_dir: Path) -> None:
    locales = tuple(f"data/locales/{p.name}" for p in sorted((data_dir / "locales").glob("*.toml")))

    assert load_catalog(data_dir).sources == ("data/tropes.toml", SERIES_LABEL, *locales)


# --- more than one series ----------------------------------------------------------------


def test_a_second_series_file_is_loaded_beside_the_first() -> None:
    catalog = load_catalog(TWO_SERIES)

    assert set(catalog.series) == {"twilight-out-of-focus", "paper-lanterns"}
    assert catalog.couples["rei-tomo"].series_id == "paper-lanterns"
    assert catalog.couples["rei-shion"].series_id == "twilight-out-of-focus"
    friends = {c.id for c in catalog.couples_for_trope("friends-to-lovers")}
    assert friends == {"mao-hisashi", "rei-tomo"}
    lantern_quotes = catalog.snippets_for_couple("haru-sora")
    assert [s.series_id for s in lantern_quotes] == ["paper-lanterns"]


# --- broken files: every problem names the file, the entry and the fix ---------------------


def test_toml_syntax_error_gives_the_line(data_dir: Path) -> None:
    series_file = data_dir / SERIES_FILE
    edit(series_file, "episodes = 12", "episodes = = 12")
    line = series_file.read_text(encoding="utf-8").splitlines().index("episodes = = 12") + 1

    problem = only_problem(data_dir)

    assert problem.startswith(f"{SERIES_LABEL}: invalid TOML")
    assert f"line {line}" in problem
    assert "episodes = = 12" in problem


def test_missing_required_key(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'setting = """', 'location = """')

    problems = problems_of(data_dir)

    assert f"{SERIES_LABEL}: [series]: unknown key 'location'; use one of: " in problems[0]
    assert problems[1] == (
        f"{SERIES_LABEL}: [series]: missing required key 'setting'; add setting = \"...\""
    )


def test_unknown_key_suggests_the_intended_one(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'summary = """\\\nRei is', 'sumary = """\\\nRei is')

    problems = problems_of(data_dir)

    assert (
        f"{SERIES_LABEL}: couples[2] (rei-shion): unknown key 'sumary'; did you mean 'summary'?"
        in problems
    )
    assert any("couples[2] (rei-shion): missing required key 'summary'" in p for p in problems)


def test_wrong_type_is_named(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, "episodes = 12", 'episodes = "twelve"')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: [series]: 'episodes' must be a whole number, got 'twelve' (text)"
    )


def test_score_outside_the_scale(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, "score = 5 ", "score = 11 ")

    problem = only_problem(data_dir)

    assert problem == f"{SERIES_LABEL}: [review]: 'score' 11 is outside the scale; use 0 to 10"


def test_unknown_trope_lists_the_known_ones_and_where_they_live(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'tropes = ["opposites-attract"]', 'tropes = ["oposites-attract"]')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: couples[2] (rei-shion): unknown trope 'oposites-attract'; "
        "did you mean 'opposites-attract'? use one of: enemies-to-lovers, friends-to-lovers, "
        "opposites-attract (defined in data/tropes.toml)"
    )


def test_a_tag_listed_as_a_trope_is_pointed_at_tags(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'tropes = ["opposites-attract"]', 'tropes = ["roommates"]')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: couples[2] (rei-shion): 'roommates' is a tag, not a trope; "
        "list it under tags"
    )


def test_unknown_tag(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'tags = ["film-club", "boarding-school"]', 'tags = ["slow-burn"]')

    problem = only_problem(data_dir)

    assert "couples[2] (rei-shion): unknown tag 'slow-burn'; use one of: " in problem
    assert "roommates" in problem


def test_snippet_referencing_an_unknown_couple_or_trope(data_dir: Path) -> None:
    edit(
        data_dir / SERIES_FILE,
        'couples = ["jin-giichi"]\ntropes = ["enemies-to-lovers"]\n'
        'aspects = ["dynamics"]\n\n[[snippets]]\nid = "jin-giichi-roommates"',
        'couples = ["jin-gichi"]\ntropes = ["enemys-to-lovers"]\naspects = ["dynamcs"]\n\n'
        '[[snippets]]\nid = "jin-giichi-roommates"',
    )

    problems = problems_of(data_dir)

    where = f"{SERIES_LABEL}: snippets[13] (jin-demeaning): "
    assert problems[0].startswith(where + "unknown couple 'jin-gichi'; did you mean 'jin-giichi'?")
    assert problems[1].startswith(where + "unknown trope 'enemys-to-lovers'; did you mean")
    assert problems[1].endswith("(defined in data/tropes.toml)")
    assert problems[2] == where + "unknown aspect 'dynamcs'; did you mean 'dynamics'?"


def test_snippet_may_not_speak_about_another_series_couple(two_series_dir: Path) -> None:
    edit(
        two_series_dir / "series" / "paper-lanterns.toml",
        'couples = ["rei-tomo"]\ntropes',
        'couples = ["rei-shion"]\ntropes',
    )

    problem = only_problem(two_series_dir)

    assert problem == (
        "data/series/paper-lanterns.toml: snippets[0] (lanterns-childhood-friends): "
        "unknown couple 'rei-shion'; use one of: rei-tomo, haru-sora (couples of this series file)"
    )


def test_a_couple_needs_exactly_two_members(data_dir: Path) -> None:
    edit(
        data_dir / SERIES_FILE,
        '    { name = "Giichi" },\n',
        '    { name = "Giichi" },\n    { name = "Hisashi" },\n',
    )

    problem = only_problem(data_dir)

    assert problem.startswith(
        f"{SERIES_LABEL}: couples[1] (jin-giichi): a couple must have exactly two members, found 3;"
    )


def test_member_names_may_not_be_empty(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '{ name = "Shion" }', '{ name = "  " }')

    problem = only_problem(data_dir)

    assert problem == f"{SERIES_LABEL}: couples[2] (rei-shion) members[1]: 'name' must not be empty"


def test_ids_must_be_simple_slugs(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'id = "rei-shion"', 'id = "Rei Shion"')
    edit(data_dir / SERIES_FILE, 'couples = ["rei-shion"]\n', 'couples = ["Rei Shion"]\n')

    problems = problems_of(data_dir)

    assert problems[0].startswith(
        f"{SERIES_LABEL}: couples[2] (Rei Shion): couple id 'Rei Shion' must be lowercase"
    )


def test_empty_series_folder_is_an_error(data_dir: Path) -> None:
    (data_dir / SERIES_FILE).unlink()

    problem = only_problem(data_dir)

    assert problem == (
        "data/series: no series files found; add at least one <series-id>.toml file to this folder"
    )


def test_missing_tropes_file_is_an_error(data_dir: Path) -> None:
    (data_dir / "tropes.toml").unlink()

    problems = problems_of(data_dir)

    assert problems[0] == "data/tropes.toml: file not found; restore it (every catalog needs one)"


def test_a_synonym_may_belong_to_one_trope_only(data_dir: Path) -> None:
    edit(data_dir / "tropes.toml", '"odd couple",', '"odd couple",\n    "rivals",')

    problem = only_problem(data_dir)

    assert problem == (
        "data/tropes.toml: tropes (opposites-attract): 'rivals' is already used by trope "
        "'enemies-to-lovers'; keep it in one entry only"
    )


def test_every_problem_is_reported_at_once(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, "score = 5 ", "score = 50 ")
    edit(data_dir / "tropes.toml", 'kind = "tag"', 'kind = "label"')

    with pytest.raises(CatalogError) as caught:
        load_catalog(data_dir)

    error = caught.value
    assert any(
        "data/tropes.toml: tropes[3] (roommates): unknown kind 'label'" in p for p in error.problems
    )
    assert any("[review]: 'score' 50 is outside the scale" in p for p in error.problems)
    assert str(error).startswith(f"The catalog has {len(error.problems)} problems:\n  - ")
    assert all(p in str(error) for p in error.problems)


def test_a_list_written_as_a_single_text(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'aliases = ["TOOF"]', 'aliases = "TOOF"')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: [series]: 'aliases' must be a list of texts in quotes, got 'TOOF' (text)"
    )


def test_an_empty_alias_is_refused(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, 'aliases = ["Rai"]', 'aliases = ["Rai", ""]')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: couples[2] (rei-shion) members[0]: 'aliases' must not contain empty texts"
    )
