"""The server's opinion in numbers: plain and vote-weighted averages, and rankings.

A vote-weighted (Bayesian) average starts every target with a few votes at the critic's score and
adds the server's real votes to them, so one enthusiastic 10 can't put a couple above one that many
members scored 8, and a couple only climbs above the critic's verdict when the server agrees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

# How many votes at the critic's score each target starts with. Five keeps a single vote from
# dominating while letting a handful of real votes move a couple clearly.
PRIOR_WEIGHT = 5


class Tally(NamedTuple):
    """What the ranking needs of a target's votes: how many and their sum."""

    count: int
    total: int


def weighted_average(tally: Tally, prior_mean: float, prior_weight: int = PRIOR_WEIGHT) -> float:
    return (prior_mean * prior_weight + tally.total) / (prior_weight + tally.count)


class Ranked(NamedTuple):
    key: str
    weighted: float
    tally: Tally

    @property
    def mean(self) -> float | None:
        return self.tally.total / self.tally.count if self.tally.count else None


def rank(
    keys: Iterable[str], tallies: Mapping[str, Tally], critic: Callable[[str], float]
) -> list[Ranked]:
    """`keys` best first by weighted average (each starting from `critic(key)`, the critic's score
    for its series); more votes win a tie, then the order of `keys`."""
    empty = Tally(0, 0)
    ranked = []
    for key in keys:
        tally = tallies.get(key, empty)
        ranked.append(Ranked(key, weighted_average(tally, critic(key)), tally))
    return sorted(ranked, key=lambda r: (-r.weighted, -r.tally.count))
