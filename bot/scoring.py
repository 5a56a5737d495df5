"""The server's opinion in numbers: plain and vote-weighted averages, and rankings.

A vote-weighted (Bayesian) average pulls a target with few votes towards the server's overall mean,
so one enthusiastic 10 can't put a couple above one that many members scored 8.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# How many "typical" votes each target starts with. Five keeps a single vote from dominating
# while letting a handful of real votes move a couple clearly.
PRIOR_WEIGHT = 5


@dataclass(frozen=True, slots=True)
class Tally:
    """What the ranking needs of a target's votes: how many and their sum."""

    count: int
    total: int


def server_mean(tallies: Iterable[Tally], fallback: float) -> float:
    """The mean of every vote in the server, or `fallback` (the critic's score) before any vote."""
    count = total = 0
    for tally in tallies:
        count += tally.count
        total += tally.total
    return total / count if count else fallback


def weighted_average(tally: Tally, prior_mean: float, prior_weight: int = PRIOR_WEIGHT) -> float:
    return (prior_mean * prior_weight + tally.total) / (prior_weight + tally.count)


@dataclass(frozen=True, slots=True)
class Ranked:
    key: str
    weighted: float
    tally: Tally

    @property
    def mean(self) -> float | None:
        return self.tally.total / self.tally.count if self.tally.count else None


def rank(keys: Iterable[str], tallies: Mapping[str, Tally], fallback: float) -> list[Ranked]:
    """`keys` ordered best first by weighted average; more votes win a tie, then the key's order."""
    prior = server_mean(tallies.values(), fallback)
    empty = Tally(0, 0)
    ranked = [
        Ranked(key, weighted_average(tallies.get(key, empty), prior), tallies.get(key, empty))
        for key in keys
    ]
    return sorted(ranked, key=lambda r: (-r.weighted, -r.tally.count))
