"""The catalog loader: the shipped files load, and each broken file is explained precisely."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_files import SERIES_FILE, SERIES_LABEL, edit, only_problem, problems_of
from support.catalogs import SHIPPED, TWO_SERIES

from bot.catalog import Catalog, CatalogError, load_catalog, summarize

SEED = Path("/work/shared/seed/twilight-out-of-focus-review.txt")


# --- the shipped catalog -----------------------------------------------------------------


def test_shipped_catalog_has_the_series_its_couples_and_tropes() -> None:
    catalog = load_catalog(SHIPPED)

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


def test_shipped_review_text_is_the_seed_without_the_page_debris() -> None:
    if not SEED.exists():
        pytest.skip("the seed review is only available in the project workspace")
    review = load_catalog(SHIPPED).series["twilight-out-of-focus"].review.text
    assert review == SEED.read_text(encoding="utf-8").removesuffix("Comments")
    assert "Comments" not in review


def test_shipped_couples_members_spotlight_and_the_rai_spelling() -> None:
    couples = load_catalog(SHIPPED).couples

    assert couples["rei-shion"].members[0].aliases == ("Rai",)
    assert [c.id for c in couples.values() if c.spotlight] == ["mao-hisashi"]
    assert "hopeful" in couples["mao-hisashi"].spotlight_note
    assert "roommates" in couples["mao-hisashi"].tags
    assert "roommates" in couples["jin-giichi"].tags
    assert all("Rai" not in c.summary for c in couples.values())


def test_shipped_snippets_cover_every_couple_trope_and_aspect() -> None:
    catalog = load_catalog(SHIPPED)
    review = catalog.series["twilight-out-of-focus"].review.text

    assert 15 <= len(catalog.snippets) <= 40
    assert all(s.text in review for s in catalog.snippets)
    for couple_id in catalog.couples:
        assert len(catalog.snippets_for_couple(couple_id)) >= 3, couple_id
    for trope_id in ("friends-to-lovers", "enemies-to-lovers", "opposites-attract"):
        assert catalog.snippets_for_trope(trope_id), trope_id
    aspects = {a for s in catalog.snippets for a in s.aspects}
    assert {"pacing", "verbosity", "intimacy", "verdict", "premise"} <= aspects


def test_shipped_spoilers_are_the_ending_sentences() -> None:
    spoilers = [s.text for s in load_catalog(SHIPPED).snippets if s.spoiler]

    assert any(t.startswith("The last episode wraps up their relationship arc") for t in spoilers)
    assert any("ultimately ending focusing on Hisashi and Mao" in t for t in spoilers)


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


def our_own_words(catalog: Catalog) -> list[str]:
    words = [s.setting for s in catalog.series.values()]
    words += [c.summary for c in catalog.couples.values()]
    words += [c.spotlight_note for c in catalog.couples.values()]
    words += [t.name for t in catalog.tropes.values()]
    words += [t.description for t in catalog.tropes.values()]
    return words + [s.note for s in catalog.snippets]


@pytest.mark.parametrize(("phrase", "review_says"), OVERSTATEMENTS.items())
def test_shipped_own_words_do_not_overstate_the_review(phrase: str, review_says: str) -> None:
    catalog = load_catalog(SHIPPED)

    assert not [w for w in our_own_words(catalog) if phrase in w], review_says


def test_mao_and_hisashis_lines_are_not_said_to_be_for_the_film() -> None:
    catalog = load_catalog(SHIPPED)
    practice = next(s for s in catalog.snippets if s.id == "mao-hisashi-practice-lines")

    assert "film" not in catalog.couples["mao-hisashi"].summary
    assert "film-club" not in practice.tropes


def test_every_criticism_in_the_review_is_a_reservation() -> None:
    snippets = load_catalog(SHIPPED).snippets
    reservations = [s.text for s in snippets if s.tone == "reservation"]
    others = [s.text for s in snippets if s.tone != "reservation"]

    for criticism in CRITICISMS:
        assert any(criticism in text for text in reservations), criticism
        assert not any(criticism in text for text in others), criticism


def test_the_rai_sentence_is_quoted_verbatim_with_a_note() -> None:
    catalog = load_catalog(SHIPPED)
    rai = [s for s in catalog.snippets if "Rai" in s.text]

    assert [s.text for s in rai] == ["Rai is Jin's best friend and confidant."]
    assert rai[0].note == "The review spells Rei as “Rai” here."
    assert all(not s.note for s in catalog.snippets if s is not rai[0])


def test_summary_counts_what_was_loaded() -> None:
    summary = summarize(load_catalog(SHIPPED))

    assert "1 series: Twilight Out of Focus" in summary
    assert "3 couples: Mao & Hisashi, Jin & Giichi, Rei & Shion" in summary
    assert "3 tropes" in summary
    assert "2 spoilers" in summary


def test_sources_name_the_files_loaded() -> None:
    assert load_catalog(SHIPPED).sources == ("data/tropes.toml", SERIES_LABEL)


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


@pytest.mark.parametrize("name", ["tropes.toml", SERIES_FILE])
def test_the_two_series_catalog_mirrors_the_shipped_files(name: str) -> None:
    shipped = (SHIPPED / name).read_text(encoding="utf-8")

    assert (TWO_SERIES / name).read_text(encoding="utf-8") == shipped


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
