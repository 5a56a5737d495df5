from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog import load_catalog
from bot.catalog.models import Catalog
from bot.recommend import Recommender
from bot.scoring import Tally

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)


def test_each_trope_recommends_its_couple(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    expected = {
        "friends-to-lovers": "mao-hisashi",
        "enemies-to-lovers": "jin-giichi",
        "opposites-attract": "rei-shion",
    }
    for trope_id, couple_id in expected.items():
        pick = recommender.for_trope(catalog.tropes[trope_id], {})
        assert pick is not None
        assert pick.couple.id == couple_id
        assert catalog.tropes[trope_id].name.lower() in pick.reason


def test_a_tag_shared_by_couples_picks_the_server_favourite(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    tallies = {"couple:jin-giichi": Tally(6, 54), "couple:mao-hisashi": Tally(6, 30)}
    pick = recommender.for_trope(catalog.tropes["roommates"], tallies)
    assert pick is not None
    assert pick.couple.id == "jin-giichi"


def test_quotes_rotate_between_identical_requests(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    couple = catalog.couples["jin-giichi"]
    first, second = recommender.quotes(couple), recommender.quotes(couple)
    assert len(first) == 2
    assert set(first) != set(second)
    assert all("jin-giichi" in q.couples for q in first + second)


def test_trope_quotes_speak_to_the_trope_first(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    trope = catalog.tropes["enemies-to-lovers"]
    pick = recommender.for_trope(trope, {})
    assert pick is not None
    assert trope.id in pick.quotes[0].tropes


def test_member_pick_skips_what_they_rated_and_favours_the_server(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    tallies = {"couple:rei-shion": Tally(5, 45), "couple:jin-giichi": Tally(5, 35)}
    pick = recommender.for_member({"couple:rei-shion"}, tallies)
    assert pick is not None
    assert pick.couple.id == "jin-giichi"


def test_when_everything_is_rated_the_member_is_told(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    rated = {c.key for c in catalog.couples.values()}
    pick = recommender.for_member(rated, {"couple:mao-hisashi": Tally(3, 30)})
    assert pick is not None
    assert pick.couple.id == "mao-hisashi"
    assert "rated every couple" in pick.reason


def test_another_pick_never_repeats_the_couple_shown(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    trope = catalog.tropes["enemies-to-lovers"]
    other = recommender.another("jin-giichi", trope, set(), {})
    assert other is not None
    assert other.couple.id != "jin-giichi"
    shared = recommender.another("jin-giichi", catalog.tropes["roommates"], set(), {})
    assert shared is not None
    assert shared.couple.id == "mao-hisashi"
