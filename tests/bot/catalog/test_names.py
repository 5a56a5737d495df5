"""Within a series, every name and alias a member types leads to one person."""

from __future__ import annotations

from pathlib import Path

from catalog_files import LANTERNS_FILE, SERIES_FILE, SERIES_LABEL, edit, only_problem, problems_of

from bot.catalog import load_catalog

SHION = "couples[2] (rei-shion) members[1]"


def test_an_alias_that_is_another_persons_name_is_refused(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '{ name = "Shion" }', '{ name = "Shion", aliases = ["jin"] }')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: {SHION}: Shion's alias 'jin' is the name of Jin"
        " (couples[1] (jin-giichi) members[0]), so members typing it could not tell the two apart;"
        " remove it from aliases"
    )


def test_an_alias_that_is_the_partners_name_is_refused(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '{ name = "Shion" }', '{ name = "Shion", aliases = ["Rei"] }')

    problem = only_problem(data_dir)

    assert problem.startswith(f"{SERIES_LABEL}: {SHION}: Shion's alias 'Rei' is the name of Rei")


def test_an_alias_two_people_share_is_refused(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '{ name = "Shion" }', '{ name = "Shion", aliases = ["RAI"] }')

    problem = only_problem(data_dir)

    assert problem == (
        f"{SERIES_LABEL}: {SHION}: Shion's alias 'RAI' is already an alias of Rei"
        " (couples[2] (rei-shion) members[0]); an alias must lead to one person, so keep it on"
        " one of them only"
    )


def test_every_clashing_alias_is_reported_at_once(data_dir: Path) -> None:
    edit(data_dir / SERIES_FILE, '{ name = "Shion" }', '{ name = "Shion", aliases = ["Rai"] }')
    edit(data_dir / SERIES_FILE, '{ name = "Mao" }', '{ name = "Mao", aliases = ["Hisashi"] }')

    problems = problems_of(data_dir)

    assert [p.split(": ")[1] for p in problems] == [
        "couples[0] (mao-hisashi) members[0]",
        SHION,
    ]


def test_the_same_name_and_alias_may_appear_in_two_series(two_series_dir: Path) -> None:
    # Both series have a Rei; Tomo may also be called "Rai", which is Rei's alias in the other.
    edit(
        two_series_dir / LANTERNS_FILE, '{ name = "Tomo" }', '{ name = "Tomo", aliases = ["Rai"] }'
    )

    catalog = load_catalog(two_series_dir)

    assert catalog.couples["rei-tomo"].members[1].aliases == ("Rai",)
    assert catalog.couples["rei-shion"].members[0].aliases == ("Rai",)


def test_one_person_in_two_couples_keeps_the_same_alias_in_both(two_series_dir: Path) -> None:
    lanterns = two_series_dir / LANTERNS_FILE
    edit(lanterns, '{ name = "Rei" }', '{ name = "Rei", aliases = ["Rei-kun"] }')
    with lanterns.open("a", encoding="utf-8") as file:
        file.write(
            '\n[[couples]]\nid = "rei-sora"\nmembers = [{ name = "rei", aliases = ["REI-KUN"] },'
            ' { name = "Sora" }]\ntropes = ["opposites-attract"]\nsummary = "A summer triangle."\n'
        )

    couples = load_catalog(two_series_dir).couples

    assert couples["rei-sora"].members[0].aliases == ("REI-KUN",)
