from __future__ import annotations

import pytest
from support.catalogs import ONE_SERIES, TWO_SERIES

from bot.catalog import load_catalog
from bot.domain.catalog import Catalog, Trope
from bot.domain.recommend import Pick, Recommender
from bot.domain.scoring import Tally


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ONE_SERIES)


@pytest.fixture(scope="module")
def two_series() -> Catalog:
    return load_catalog(TWO_SERIES)


def walk_ids(
    recommender: Recommender,
    trope: Trope | None,
    rated: dict[str, int],
    tallies: dict[str, Tally],
    presses: int,
) -> list[str]:
    """The couples a member sees: the first pick, then `presses` presses of Another pick, with
    what was seen kept as the store keeps it."""
    first = recommender.first(trope, rated, tallies)
    assert first is not None
    shown, seen, order = first.couple.id, frozenset[str](), [first.couple.id]
    for _ in range(presses):
        pick = recommender.next_in_walk(trope, rated, tallies, seen=seen, shown=shown)
        assert pick is not None
        # As the bot stores it: a walk that starts again starts with the couple it shows now.
        if pick.reason.started_again:
            seen = frozenset({pick.couple.id})
        else:
            seen = seen | {shown, pick.couple.id}
        shown = pick.couple.id
        order.append(shown)
    return order


def test_each_trope_recommends_its_couple(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    expected = {
        "friends-to-lovers": "mao-hisashi",
        "enemies-to-lovers": "jin-giichi",
        "opposites-attract": "rei-shion",
    }
    for trope_id, couple_id in expected.items():
        pick = recommender.first(catalog.tropes[trope_id], {}, {})
        assert pick is not None
        assert (pick.couple.id, pick.reason.kind) == (couple_id, "trope_main")


def test_a_tag_shared_by_couples_picks_the_server_favourite(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    tallies = {"couple:jin-giichi": Tally(6, 54), "couple:mao-hisashi": Tally(6, 30)}
    pick = recommender.first(catalog.tropes["roommates"], {}, tallies)
    assert pick is not None
    assert (pick.couple.id, pick.reason.place, pick.reason.of) == ("jin-giichi", 1, 2)


@pytest.mark.parametrize("trope_id", [None, "enemies-to-lovers", "roommates", "film-club"])
def test_another_pick_shows_every_couple_before_any_repeats(
    catalog: Catalog, trope_id: str | None
) -> None:
    recommender = Recommender(catalog)
    trope = catalog.tropes[trope_id] if trope_id else None
    count = len(catalog.couples)
    order = walk_ids(recommender, trope, {}, {}, presses=2 * count)
    assert sorted(order[:count]) == sorted(catalog.couples)
    assert order[count : 2 * count] == order[:count]  # then the same walk again


def test_a_trope_walk_shows_its_couples_first_then_the_members_next_picks(
    catalog: Catalog,
) -> None:
    recommender = Recommender(catalog)
    trope = catalog.tropes["roommates"]  # Mao & Hisashi and Jin & Giichi
    rated = {"couple:mao-hisashi": 7}
    tallies = {"couple:rei-shion": Tally(2, 16), "couple:mao-hisashi": Tally(1, 7)}
    order = walk_ids(recommender, trope, rated, tallies, presses=2)
    fitting = {c.id for c in catalog.couples_for_trope(trope.id)}
    assert set(order[:2]) == fitting
    assert order[2] == "rei-shion"
    last = recommender.next_in_walk(
        trope, rated, tallies, seen=frozenset(order[:2]), shown=order[1]
    )
    assert last is not None
    assert last.reason.beyond_trope


def test_the_member_walk_puts_unrated_couples_first_the_servers_best_first(
    catalog: Catalog,
) -> None:
    recommender = Recommender(catalog)
    rated = {"couple:jin-giichi": 9}
    tallies = {
        "couple:jin-giichi": Tally(10, 90),
        "couple:rei-shion": Tally(4, 32),
        "couple:mao-hisashi": Tally(0, 0),
    }
    steps = recommender.walk(None, rated, tallies)
    assert [(c.id, r.kind) for c, r in steps] == [
        ("rei-shion", "unrated_top"),
        ("mao-hisashi", "unrated_unscored"),
        ("jin-giichi", "rated_already"),
    ]
    assert steps[2][1].score == 9


def test_highest_of_those_is_only_said_of_a_couple_the_server_rated(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    pick = recommender.first(None, {}, {})
    assert pick is not None
    assert pick.reason.kind == "unrated_unscored"


def test_a_member_who_rated_everything_is_told_so_only_then(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    everything = {c.key: 5 for c in catalog.couples.values()}
    assert all(r.kind == "rated_already" for _, r in recommender.walk(None, everything, {}))
    one_left = dict(list(everything.items())[:-1])
    shown = next(iter(catalog.couples))
    pick = recommender.next_in_walk(None, one_left, {}, seen=frozenset(), shown=shown)
    assert pick is not None
    assert pick.reason.kind != "rated_already"
    assert all(r.every_couple_rated for _, r in recommender.walk(None, everything, {}))
    assert not any(r.every_couple_rated for _, r in recommender.walk(None, one_left, {}))


def test_every_pick_carries_a_reservation_of_its_series(two_series: Catalog) -> None:
    recommender = Recommender(two_series)
    for couple in two_series.couples.values():
        pick = recommender.next_in_walk(None, {}, {}, seen=frozenset(), shown="")
        assert pick is not None
        reservation = recommender.reservation(couple)
        assert reservation is not None
        assert reservation.tone == "reservation"
        assert reservation.series_id == couple.series_id
        assert not reservation.couples or couple.id in reservation.couples


def test_quotes_never_repeat_the_reservation(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    for couple in catalog.couples.values():
        quotes = {q for _ in range(6) for q in recommender.quotes(couple)}
        assert quotes
        assert not any(q.tone == "reservation" for q in quotes)


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
    pick = recommender.first(trope, {}, {})
    assert pick is not None
    assert trope.id in pick.quotes[0].tropes


def test_several_series_walk_every_couple_of_both(two_series: Catalog) -> None:
    recommender = Recommender(two_series)
    trope = two_series.tropes["friends-to-lovers"]  # one couple in each series
    count = len(two_series.couples)
    order = walk_ids(recommender, trope, {}, {}, presses=count - 1)
    assert sorted(order) == sorted(two_series.couples)
    assert {two_series.couples[c].series_id for c in order[:2]} == set(two_series.series)


def test_a_second_series_with_a_kinder_review_does_not_lift_unrated_couples(
    two_series: Catalog,
) -> None:
    recommender = Recommender(two_series)
    tallies = {"couple:jin-giichi": Tally(3, 15)}  # a 5/10 couple of the 5/10 series
    ranking = recommender.ranking(tallies)
    assert ranking[0].key == "couple:jin-giichi"
    assert not any(r.rated for r in ranking[1:])


def test_outside_a_server_the_couples_come_in_turn_per_member(catalog: Catalog) -> None:
    recommender = Recommender(catalog)
    picks: list[Pick | None] = [recommender.in_turn(1, None) for _ in range(len(catalog.couples))]
    assert sorted(p.couple.id for p in picks if p) == sorted(catalog.couples)
    other = recommender.in_turn(2, None)
    assert other is not None
    assert other.couple.id == next(iter(catalog.couples))
