"""Matching what members type against the catalog: tropes, names, couples and rating targets.

Members type however they like ("ENEMIES_TO_LOVERS", "rei x shion", "Shoin"), so every name
is reduced to a normalized key once, when the Matcher is built. Lookups are then dictionary
hits or sorted-prefix scans (bisect), and typo tolerance only ever compares against a small
candidate set found through a one-deletion index, so a catalog of thousands of couples stays
fast enough for Discord's autocomplete.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, NamedTuple

from bot.domain.catalog import Catalog, Couple, Trope
from bot.domain.matching.couples import CoupleLookup, CoupleMatcher, PersonMatch, pair_names
from bot.domain.matching.indexes import PrefixIndex, TypoIndex
from bot.domain.matching.text import (
    DEFAULT_LIMIT,
    DISCORD_CHOICE_MAX,
    MIN_TYPO_LENGTH,
    Choice,
    clip,
    compact,
    edit_distance,
    normalize,
)
from bot.domain.matching.tropes import TropeMatch, TropeMatcher

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

__all__ = [
    "DEFAULT_LIMIT",
    "DISCORD_CHOICE_MAX",
    "Choice",
    "CoupleLookup",
    "Matcher",
    "PersonMatch",
    "PrefixIndex",
    "TargetAmbiguous",
    "TargetFound",
    "TargetMatch",
    "TargetNotFound",
    "TropeMatch",
    "TypoIndex",
    "compact",
    "edit_distance",
    "normalize",
]


class TargetFound(NamedTuple):
    key: str  # "series:<id>" or "couple:<id>"


class TargetAmbiguous(NamedTuple):
    candidates: tuple[Choice, ...]  # (label, key) of every target the text fits


class TargetNotFound(NamedTuple):
    suggestions: tuple[Choice, ...]  # (label, key) of the closest targets, to offer instead


TargetMatch = TargetFound | TargetAmbiguous | TargetNotFound  # what a typed rating target names


class Matcher:
    """Indexes a catalog once; every lookup afterwards is cheap."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._couples = list(catalog.couples.values())
        self._series = list(catalog.series.values())
        self.tropes = TropeMatcher(catalog)
        self.couples = CoupleMatcher(catalog)
        self._index_targets()

    # --- tropes ----------------------------------------------------------------------------

    def match_trope(self, text: str) -> TropeMatch:
        return self.tropes.match(text)

    def complete_tropes(self, current: str, limit: int = DEFAULT_LIMIT) -> list[Choice]:
        return self.tropes.complete(current, limit)

    @property
    def _closest_tropes(self) -> _lru_cache_wrapper[tuple[tuple[float, Trope], ...]]:
        """The trope rankings kept; the bench clears them to time a text typed the first time."""
        return self.tropes.rankings

    # --- people and couples ----------------------------------------------------------------

    def find_couple(self, name: str, partner: str | None = None) -> CoupleLookup:
        return self.couples.find(name, partner)

    def complete_names(
        self, current: str, other: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Choice]:
        return self.couples.complete_names(current, other, limit)

    # --- rating targets --------------------------------------------------------------------

    def _index_targets(self) -> None:
        self._target_keys = {s.key for s in self._series} | {c.key for c in self._couples}
        series_words = [(s.title, *s.aliases, s.id) for s in self._series]
        self._series_by_key: dict[str, str] = {}
        for series, words in zip(self._series, series_words, strict=True):
            for word in words:
                self._series_by_key.setdefault(compact(word), series.key)
        self._series_prefixes = PrefixIndex.of_words(series_words)
        self._couple_prefixes = PrefixIndex.of_words((c.id, *pair_names(c)) for c in self._couples)
        self._couple_numbers = {c.id: n for n, c in enumerate(self._couples)}
        self._series_labels = [clip(f"{s.title} (series)") for s in self._series]
        self._couple_labels = [self._couple_label(c) for c in self._couples]

    def _couple_label(self, couple: Couple) -> str:
        series = self.catalog.series.get(couple.series_id)
        return clip(f"{couple.title} — {series.title}" if series else couple.title)

    def match_target(self, text: str, *, couples_only: bool = False) -> TargetMatch:
        """The one target `text` names; or every target it fits, when it fits several; or the
        closest ones to offer instead. `couples_only` leaves the series out."""
        exact = self._exact_target(text, couples_only)
        if exact is not None:
            return TargetFound(exact)
        lookup = self.find_couple(text)
        if lookup.couple is not None:
            return TargetFound(lookup.couple.key)
        return self._loose_target(text, lookup, couples_only)

    def _loose_target(self, text: str, lookup: CoupleLookup, couples_only: bool) -> TargetMatch:
        """What names no target outright: the start of one, a shared name, or a typo."""
        key = compact(text)
        # What was typed may start target names ("Twilight"): the one it starts, if only one.
        starting = self._completions(text, couples_only) if len(key) >= MIN_TYPO_LENGTH else []
        if len(starting) == 1:
            return TargetFound(starting[0][1])
        if lookup.ambiguous:  # a name in several couples: those, not whatever else it starts
            return TargetAmbiguous(tuple(self._couple_choice(c) for c in lookup.ambiguous))
        if starting:  # before typos: a start that fits several must not pass for one of them
            return TargetAmbiguous(tuple(starting))
        typo = None if couples_only else self._series_by_typo(key)
        if typo is not None:
            return TargetFound(typo)
        return TargetNotFound(self._target_suggestions(text, couples_only))

    def _exact_target(self, text: str, couples_only: bool) -> str | None:
        """A target key as the autocomplete sends it, or the series' title or alias exactly."""
        typed = text.strip().casefold()
        if typed in self._target_keys and (typed.startswith("couple:") or not couples_only):
            return typed
        return None if couples_only else self._series_by_key.get(compact(text))

    def _completions(self, text: str, couples_only: bool) -> list[Choice]:
        found = self.complete_targets(text)
        return [c for c in found if c[1].startswith("couple:")] if couples_only else found

    def _couple_choice(self, couple: Couple) -> Choice:
        return self._couple_labels[self._couple_numbers[couple.id]], couple.key

    def _target_suggestions(self, text: str, couples_only: bool) -> tuple[Choice, ...]:
        """The closest targets to what was typed; when none is close, the first few of all."""
        return tuple(self._completions(text, couples_only) or self._completions("", couples_only))

    def _series_by_typo(self, key: str) -> str | None:
        if len(key) < MIN_TYPO_LENGTH:
            return None
        close = difflib.get_close_matches(key, list(self._series_by_key), n=1, cutoff=0.85)
        return self._series_by_key[close[0]] if close else None

    def complete_targets(self, current: str, limit: int = DEFAULT_LIMIT) -> list[Choice]:
        key = compact(current)
        if key:
            series = self._series_prefixes.search(key, limit)
            couples = self._couple_prefixes.search(key, limit - len(series))
            couples += self._typo_couples(current, couples, limit - len(series) - len(couples))
        else:
            series = list(range(min(limit, len(self._series))))
            couples = list(range(min(limit - len(series), len(self._couples))))
        choices = [(self._series_labels[n], self._series[n].key) for n in series]
        choices += [(self._couple_labels[n], self._couples[n].key) for n in couples]
        return choices[:limit]

    def _typo_couples(self, text: str, found: list[int], room: int) -> list[int]:
        if room <= 0:
            return []
        couple = self.find_couple(text).couple
        if couple is None:
            return []
        number = self._couple_numbers[couple.id]
        return [] if number in found else [number]
