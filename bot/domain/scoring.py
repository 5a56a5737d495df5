"""The server's opinion in numbers: plain averages, and the ranking of what members rated.

The ranking orders rated targets by a cautious score: the average less a margin for doubt that
shrinks with the square root of the number of votes. One vote could be anyone's whim; fifteen
votes say what the server thinks. So a single 8 (8 - 4.7 = 3.3) ranks below fifteen votes
averaging 5.6 (5.6 - 4.7/√15 = 4.4), and the explanation members read (`ranking_rule`) is
computed from the same numbers, so it can't drift from the method.

Targets nobody has rated have no score at all: they are never ranked, and never lead or top
anything; the answers list them apart as not rated yet. The reviewer's score plays no part, so
a second series with a kinder review can't lift its couples above what members actually rated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

# The margin for doubt at one vote, in points out of 10: about 1.645 standard deviations of a
# vote spread evenly over 1 to 10 (2.87), the lower end of a 90 % one-sided interval.
DOUBT_AT_ONE_VOTE = 4.7


class Tally(NamedTuple):
    """What the ranking needs of a target's votes: how many and their sum."""

    count: int
    total: int

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


NO_VOTES = Tally(0, 0)


def doubt_margin(votes: int) -> float:
    """What the ranking takes off an average of `votes` votes (at least one)."""
    return DOUBT_AT_ONE_VOTE / math.sqrt(votes)


def cautious_score(tally: Tally) -> float | None:
    """The average less its margin for doubt; None for a target nobody rated."""
    if not tally.count:
        return None
    return tally.total / tally.count - doubt_margin(tally.count)


class Ranked(NamedTuple):
    key: str
    tally: Tally
    cautious: float | None  # None: nobody rated it, so it has no place in the ranking

    @property
    def mean(self) -> float | None:
        return self.tally.mean

    @property
    def rated(self) -> bool:
        return self.tally.count > 0


def standing_of(key: str, tally: Tally) -> Ranked:
    return Ranked(key, tally, cautious_score(tally))


def rank(keys: Iterable[str], tallies: Mapping[str, Tally]) -> list[Ranked]:
    """`keys` in ranking order: rated ones best first by cautious score (more votes win a tie,
    then the order of `keys`), then the unrated ones in the order of `keys`."""
    standings = [standing_of(key, tallies.get(key, NO_VOTES)) for key in keys]
    rated = [s for s in standings if s.cautious is not None]
    rated.sort(key=lambda s: (-(s.cautious or 0.0), -s.tally.count))
    return rated + [s for s in standings if s.cautious is None]


class RankingRule(NamedTuple):
    """The numbers members read in the ranking's one-line explanation."""

    margin_at_one: float
    margin_at_ten: float


def ranking_rule() -> RankingRule:
    return RankingRule(round(doubt_margin(1), 1), round(doubt_margin(10), 1))
