"""Choosing what a member should watch next, and which review lines to quote about it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import NamedTuple

from bot.catalog.models import Catalog, Couple, Snippet, Trope, couple_key
from bot.scoring import Ranked, Tally, rank

QUOTES_PER_PICK = 2


class Pick(NamedTuple):
    couple: Couple
    reason: str
    quotes: tuple[Snippet, ...]
    standing: Ranked  # the couple's server score, weighted and plain
    trope: Trope | None = None


class Recommender:
    """Picks couples for a trope or a member, rotating quotes so repeats don't read the same."""

    def __init__(self, catalog: Catalog, quotes_per_pick: int = QUOTES_PER_PICK) -> None:
        self._catalog = catalog
        self._quotes_per_pick = quotes_per_pick
        self._turns: defaultdict[str, int] = defaultdict(int)

    def for_trope(self, trope: Trope, tallies: Mapping[str, Tally]) -> Pick | None:
        """The couple that best fits `trope`: a main trope beats a tag, then the server's score."""
        fitting = self._catalog.couples_for_trope(trope.id)
        return self._best_for_trope(fitting, trope, tallies) if fitting else None

    def _best_for_trope(
        self, fitting: list[Couple], trope: Trope, tallies: Mapping[str, Tally]
    ) -> Pick:
        ranked = self._rank(fitting, tallies)
        best = min(ranked, key=lambda r: self._trope_rank(r.key, trope))
        couple = self._couple(best.key)
        reason = self._trope_reason(couple, trope)
        return Pick(couple, reason, self.quotes(couple, trope), best, trope)

    def for_member(
        self, rated: set[str], tallies: Mapping[str, Tally], exclude: str | None = None
    ) -> Pick | None:
        """A couple this member hasn't rated, the server's best first; else the server's best.
        `exclude` is a couple id not to pick (the one just shown)."""
        ranked = [r for r in self.ranking(tallies) if r.key != couple_key(exclude or "")]
        if not ranked:
            return None
        unrated = [r for r in ranked if r.key not in rated]
        best = (unrated or ranked)[0]
        couple = self._couple(best.key)
        reason = _member_reason(couple, best, everything_rated=not unrated)
        return Pick(couple, reason, self.quotes(couple), best)

    def another(
        self,
        shown_id: str,
        trope: Trope | None,
        rated: set[str],
        tallies: Mapping[str, Tally],
    ) -> Pick | None:
        """A different couple than `shown_id`: another for `trope` if the catalog has one, else
        the member's next pick."""
        if trope is not None:
            others = [c for c in self._catalog.couples_for_trope(trope.id) if c.id != shown_id]
            if others:
                return self._best_for_trope(others, trope, tallies)
        return self.for_member(rated, tallies, exclude=shown_id)

    def ranking(self, tallies: Mapping[str, Tally]) -> list[Ranked]:
        """Every couple, the server's favourite first."""
        return self._rank(list(self._catalog.couples.values()), tallies)

    def standing(self, couple: Couple, tallies: Mapping[str, Tally]) -> Ranked:
        return self._rank([couple], tallies)[0]

    def quotes(self, couple: Couple, trope: Trope | None = None) -> tuple[Snippet, ...]:
        """The next few snippets about `couple` (and `trope`), moving on each time it is asked."""
        pool = self._quote_pool(couple, trope)
        if not pool:
            return ()
        size = min(self._quotes_per_pick, len(pool))
        turn_key = f"{couple.id}/{trope.id if trope else ''}"
        start = self._turns[turn_key] * size
        self._turns[turn_key] += 1
        return tuple(pool[(start + i) % len(pool)] for i in range(size))

    def _quote_pool(self, couple: Couple, trope: Trope | None) -> list[Snippet]:
        """Snippets about the couple, the most specific first: lines about this couple alone
        (and the asked-for trope) before lines that speak of every couple at once."""
        about = self._catalog.snippets_for_couple(couple.id)

        def specificity(snippet: Snippet) -> tuple[int, int]:
            names_trope = trope is not None and trope.id in snippet.tropes
            return (0 if names_trope else 1, len(snippet.couples))

        return sorted(about, key=specificity)

    def _rank(self, couples: list[Couple], tallies: Mapping[str, Tally]) -> list[Ranked]:
        return rank([c.key for c in couples], tallies, critic=self.critic_score)

    def critic_score(self, key: str) -> float:
        """The critic's score for a couple's series: where its ranking starts."""
        couple = self._couple(key)
        return float(self._catalog.series[couple.series_id].review.score)

    def _couple(self, key: str) -> Couple:
        return self._catalog.couples[key.partition(":")[2]]

    def _trope_rank(self, key: str, trope: Trope) -> int:
        couple = self._couple(key)
        return 0 if couple.tropes and couple.tropes[0] == trope.id else 1

    def _trope_reason(self, couple: Couple, trope: Trope) -> str:
        series = self._catalog.series[couple.series_id].title
        if trope.id in couple.tropes:
            return f"In *{series}*, {couple.title} are the {trope.name.lower()} story."
        return f"In *{series}*, {couple.title} fit “{trope.name.lower()}”."


def _member_reason(couple: Couple, standing: Ranked, *, everything_rated: bool) -> str:
    if everything_rated:
        return f"You've rated every couple already; {couple.title} are the server's favourite."
    if standing.tally.count:
        return f"You haven't rated {couple.title} yet, and the server rates them highest of those."
    return f"You haven't rated {couple.title} yet. Be the first to score them here."
