from bot.scoring import PRIOR_WEIGHT, Tally, rank, weighted_average


def test_one_enthusiastic_vote_cannot_top_a_well_loved_couple() -> None:
    tallies = {"couple:a": Tally(1, 10), "couple:b": Tally(10, 80)}
    ranked = rank(["couple:a", "couple:b"], tallies, critic=lambda _key: 5.0)
    assert [r.key for r in ranked] == ["couple:b", "couple:a"]
    assert ranked[1].mean == 10.0


def test_unrated_targets_sit_at_the_critics_score() -> None:
    ranked = rank(["couple:a", "couple:b"], {"couple:a": Tally(4, 32)}, critic=lambda _key: 5.0)
    unrated = next(r for r in ranked if r.key == "couple:b")
    assert unrated.weighted == 5.0
    assert unrated.mean is None
    assert ranked[0].key == "couple:a"


def test_votes_pull_away_from_the_critic_in_proportion_to_their_number() -> None:
    one = weighted_average(Tally(1, 9), prior_mean=5.0)
    many = weighted_average(Tally(1000, 9000), prior_mean=5.0)
    assert one == (5.0 * PRIOR_WEIGHT + 9) / (PRIOR_WEIGHT + 1)
    assert 5.0 < one < many < 9.0
    assert abs(many - 9.0) < 0.05


def test_ties_go_to_more_votes_then_catalog_order() -> None:
    tallies = {"couple:b": Tally(2, 12), "couple:c": Tally(2, 12), "couple:d": Tally(4, 24)}
    ranked = rank(
        ["couple:a", "couple:c", "couple:b", "couple:d"], tallies, critic=lambda _key: 6.0
    )
    assert [r.key for r in ranked] == ["couple:d", "couple:c", "couple:b", "couple:a"]


def test_each_target_starts_from_its_own_series_critic() -> None:
    critics = {"couple:a": 9.0, "couple:b": 3.0}
    ranked = rank(["couple:b", "couple:a"], {}, critic=critics.__getitem__)
    assert [(r.key, r.weighted) for r in ranked] == [("couple:a", 9.0), ("couple:b", 3.0)]
