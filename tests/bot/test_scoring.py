import itertools
import random

from bot.domain.scoring import NO_VOTES, Tally, cautious_score, doubt_margin, rank, ranking_rule


def test_one_enthusiastic_vote_ranks_below_many_moderate_ones() -> None:
    # The case members noticed: one 8 used to top fifteen votes averaging 5.6.
    tallies = {"couple:one": Tally(1, 8), "couple:many": Tally(15, 84)}
    ranked = rank(["couple:one", "couple:many"], tallies)
    assert [r.key for r in ranked] == ["couple:many", "couple:one"]


def test_the_ranking_is_the_average_less_the_margin_the_explanation_states() -> None:
    rule = ranking_rule()
    assert round(doubt_margin(1), 1) == rule.margin_at_one
    assert round(doubt_margin(10), 1) == rule.margin_at_ten
    rng = random.Random(7)
    keys = [f"couple:{n}" for n in range(40)]
    tallies = {}
    for key in keys:
        votes = [rng.randint(1, 10) for _ in range(rng.randint(1, 30))]
        tallies[key] = Tally(len(votes), sum(votes))
    ranked = rank(keys, tallies)
    scores = [r.tally.total / r.tally.count - doubt_margin(r.tally.count) for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(r.cautious == cautious_score(r.tally) for r in ranked)


def test_the_margin_shrinks_as_votes_add_up() -> None:
    margins = [doubt_margin(n) for n in (1, 2, 5, 10, 100)]
    assert margins == sorted(margins, reverse=True)
    assert all(a > b for a, b in itertools.pairwise(margins))


def test_targets_nobody_rated_have_no_score_and_come_after_every_rated_one() -> None:
    tallies = {"couple:low": Tally(3, 3), "couple:high": Tally(1, 10)}
    ranked = rank(["couple:new", "couple:low", "couple:high", "couple:newer"], tallies)
    assert [r.key for r in ranked] == ["couple:high", "couple:low", "couple:new", "couple:newer"]
    unrated = ranked[2:]
    assert all(r.cautious is None and r.mean is None and not r.rated for r in unrated)
    assert cautious_score(NO_VOTES) is None


def test_ties_go_to_more_votes_then_the_given_order() -> None:
    tallies = {"couple:b": Tally(4, 24), "couple:c": Tally(4, 24), "couple:d": Tally(16, 96)}
    ranked = rank(["couple:a", "couple:c", "couple:b", "couple:d"], tallies)
    # d's average equals b's and c's but it has more votes, so a smaller margin.
    assert [r.key for r in ranked] == ["couple:d", "couple:c", "couple:b", "couple:a"]
