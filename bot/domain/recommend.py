"""Choosing what a member should watch next, and which review lines to quote about it.

A pick comes with a typed `Reason` that is true of the moment it is shown (rendering words it),
the review's lines about the couple, and the review's most relevant reservation, so a pick never
hides what the reviewer disliked.

"Another pick" is a walk: every candidate in order, none twice, until all have been seen. For a
trope, the couples that fit it come first, then the member's own next picks; without one, the
couples the member hasn't rated (the server's best first), then the rest. Where the member is in
a walk is kept by the caller (the store), so the walk survives restarts and is per member.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from typing import Literal, NamedTuple

from bot.domain.catalog import Catalog, Couple, Snippet, Trope
from bot.domain.scoring import NO_VOTES, Ranked, Tally, rank, standing_of

QUOTES_PER_PICK = 2
# Members whose place in the direct-message rotation is kept in memory (the oldest is dropped).
DM_TURNS_KEPT = 10_000

ReasonKind = Literal[
    "trope_main",  # the trope is the couple's main trope
    "trope_tag",  # the couple is tagged with it
    "unrated_top",  # the member hasn't rated it; the server rates it highest of those
    "unrated_next",  # the member hasn't rated it; the server ranks it `place` of those
    "unrated_unscored",  # the member hasn't rated it, and nobody in the server has
    "rated_already",  # one the member rated, `score` (`every_couple_rated` says if all are)
    "in_turn",  # outside a server: the couples one after another, `place` of `of`
]


class Reason(NamedTuple):
    """Why this couple, in facts the answer can state: which rule picked it, and where it sits."""

    kind: ReasonKind
    place: int = 1  # 1-based, among the candidates the rule considers
    of: int = 1  # how many candidates the rule considers
    score: int | None = None  # the member's own score, for rated_already
    every_couple_rated: bool = False  # the member has rated every couple of the catalog
    beyond_trope: bool = False  # every couple for the trope was shown; this is the member's next
    started_again: bool = False  # the walk had shown everything and began again


class Pick(NamedTuple):
    couple: Couple
    reason: Reason
    quotes: tuple[Snippet, ...]
    reservation: Snippet | None  # the review's most relevant criticism, shown beside the quotes
    standing: Ranked  # the couple's server score (none outside a server)
    trope: Trope | None = None


class Recommender:
    """Picks couples for a trope or a member, rotating quotes so repeats don't read the same."""

    def __init__(self, catalog: Catalog, quotes_per_pick: int = QUOTES_PER_PICK) -> None:
        self._catalog = catalog
        self._quotes_per_pick = quotes_per_pick
        self._turns: defaultdict[str, int] = defaultdict(int)
        self._dm_turns: OrderedDict[int, int] = OrderedDict()

    # The walk --------------------------------------------------------------------------------

    def walk(
        self, trope: Trope | None, rated: Mapping[str, int], tallies: Mapping[str, Tally]
    ) -> list[tuple[Couple, Reason]]:
        """Every couple in the order picks show them, each with why it comes there."""
        if trope is None:
            return self._member_walk(list(self._catalog.couples.values()), rated, tallies)
        fitting = self._fitting(trope, tallies)
        fitting_ids = {couple.id for couple, _ in fitting}
        rest = [c for c in self._catalog.couples.values() if c.id not in fitting_ids]
        beyond = [
            (couple, reason._replace(beyond_trope=True))
            for couple, reason in self._member_walk(rest, rated, tallies)
        ]
        return fitting + beyond

    def first(
        self, trope: Trope | None, rated: Mapping[str, int], tallies: Mapping[str, Tally]
    ) -> Pick | None:
        """The pick /recommend shows: the head of the walk."""
        steps = self.walk(trope, rated, tallies)
        return self._pick(*steps[0], trope, tallies) if steps else None

    def next_in_walk(
        self,
        trope: Trope | None,
        rated: Mapping[str, int],
        tallies: Mapping[str, Tally],
        *,
        seen: frozenset[str],
        shown: str,
    ) -> Pick | None:
        """The first couple of the walk not yet seen (nor on screen); when every couple has been
        seen, the walk starts again from its head. None when the catalog has no other couple."""
        steps = [(c, r) for c, r in self.walk(trope, rated, tallies) if c.id != shown]
        if not steps:
            return None
        unseen = [(c, r) for c, r in steps if c.id not in seen]
        couple, reason = unseen[0] if unseen else steps[0]
        if not unseen:
            reason = reason._replace(started_again=True)
        return self._pick(couple, reason, trope, tallies)

    def in_turn(self, user_id: int, trope: Trope | None) -> Pick | None:
        """Outside a server there are no scores to go by: the couples (for `trope`, if given)
        one after another, each member at their own place in the rotation."""
        couples = self._fitting(trope, {}) if trope else None
        pool = [c for c, _ in couples] if couples else list(self._catalog.couples.values())
        if not pool:
            return None
        turn = self._dm_turns.pop(user_id, 0)
        self._dm_turns[user_id] = turn + 1
        while len(self._dm_turns) > DM_TURNS_KEPT:
            self._dm_turns.popitem(last=False)
        couple = pool[turn % len(pool)]
        reason = Reason("in_turn", place=turn % len(pool) + 1, of=len(pool))
        if couples:
            reason = couples[turn % len(pool)][1]
        return self._pick(couple, reason, trope, {})

    def _fitting(self, trope: Trope, tallies: Mapping[str, Tally]) -> list[tuple[Couple, Reason]]:
        """The couples for `trope`: those whose main trope it is first, then those tagged with
        it, each group in the server's ranking order."""
        couples = self._catalog.couples_for_trope(trope.id)
        order = {r.key: place for place, r in enumerate(self._rank(couples, tallies))}
        couples.sort(key=lambda c: (not _is_main(c, trope), order[c.key]))
        return [
            (c, Reason("trope_main" if _is_main(c, trope) else "trope_tag", n, len(couples)))
            for n, c in enumerate(couples, 1)
        ]

    def _member_walk(
        self, couples: list[Couple], rated: Mapping[str, int], tallies: Mapping[str, Tally]
    ) -> list[tuple[Couple, Reason]]:
        """Couples the member hasn't rated, the server's best first, then those they have."""
        ranked = self._rank(couples, tallies)
        unrated = [r for r in ranked if r.key not in rated]
        steps = [
            (self._couple(r.key), _unrated_reason(r, place, len(unrated)))
            for place, r in enumerate(unrated, 1)
        ]
        theirs = [r for r in ranked if r.key in rated]
        every = all(c.key in rated for c in self._catalog.couples.values())
        steps += [
            (
                self._couple(r.key),
                Reason("rated_already", place, len(theirs), rated[r.key], every_couple_rated=every),
            )
            for place, r in enumerate(theirs, 1)
        ]
        return steps

    # What a pick carries ----------------------------------------------------------------------

    def _pick(
        self, couple: Couple, reason: Reason, trope: Trope | None, tallies: Mapping[str, Tally]
    ) -> Pick:
        quotes = self.quotes(couple, trope)
        standing = self.standing(couple, tallies)
        return Pick(couple, reason, quotes, self.reservation(couple, trope), standing, trope)

    def ranking(self, tallies: Mapping[str, Tally]) -> list[Ranked]:
        """Every couple: the rated ones best first, then those nobody here has rated."""
        return self._rank(list(self._catalog.couples.values()), tallies)

    def standing(self, couple: Couple, tallies: Mapping[str, Tally]) -> Ranked:
        return standing_of(couple.key, tallies.get(couple.key, NO_VOTES))

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
        (and the asked-for trope) before lines that speak of every couple at once. The
        reservations are not in it: each answer shows one of them in a place of its own."""
        about = [s for s in self._catalog.snippets_for_couple(couple.id) if not s.is_reservation]
        return sorted(about, key=lambda s: _specificity(s, trope))

    def reservation(self, couple: Couple, trope: Trope | None = None) -> Snippet | None:
        """The review's most relevant criticism of `couple`: one about the couple (the fewer
        couples it speaks of, and speaking to `trope`, the better), else one about the series."""
        of_series = [
            s
            for s in self._catalog.snippets
            if s.is_reservation and s.series_id == couple.series_id
        ]
        about_couple = [s for s in of_series if couple.id in s.couples]
        about_series = [s for s in of_series if not s.couples]
        candidates = about_couple or about_series
        return min(candidates, key=lambda s: _specificity(s, trope)) if candidates else None

    def series_quotes(self, series_id: str) -> tuple[tuple[Snippet, ...], tuple[Snippet, ...]]:
        """The review's praise and its reservations about a series, in the review's order."""
        of_series = [s for s in self._catalog.snippets if s.series_id == series_id]
        praise = tuple(s for s in of_series if s.tone == "praise")
        return praise, tuple(s for s in of_series if s.is_reservation)

    def _rank(self, couples: list[Couple], tallies: Mapping[str, Tally]) -> list[Ranked]:
        return rank([c.key for c in couples], tallies)

    def _couple(self, key: str) -> Couple:
        couple = self._catalog.couple_of(key)
        if couple is None:
            raise KeyError(key)
        return couple


def _is_main(couple: Couple, trope: Trope) -> bool:
    return bool(couple.tropes) and couple.tropes[0] == trope.id


def _specificity(snippet: Snippet, trope: Trope | None) -> tuple[int, int]:
    names_trope = trope is not None and trope.id in snippet.tropes
    return (0 if names_trope else 1, len(snippet.couples))


def _unrated_reason(standing: Ranked, place: int, of: int) -> Reason:
    if not standing.rated:
        return Reason("unrated_unscored", place, of)
    return Reason("unrated_top" if place == 1 else "unrated_next", place, of)
