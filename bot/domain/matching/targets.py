"""Rating targets as members type them: a series or a couple, by key, title, names or a start.

A text that fits several targets is never guessed: every fitting target is offered, so that a
rating cannot land on the wrong one.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

from bot.domain.catalog import Catalog, Couple, is_couple_key
from bot.domain.matching.couples import CoupleLookup, CoupleMatcher, pair_names
from bot.domain.matching.indexes import PrefixIndex
from bot.domain.matching.text import DEFAULT_LIMIT, MIN_TYPO_LENGTH, Choice, clip, compact

_SERIES_TYPO_CUTOFF = 0.85  # difflib ratio above which a typed title is taken as that series


class TargetFound(NamedTuple):
    key: str  # "series:<id>" or "couple:<id>"


class TargetAmbiguous(NamedTuple):
    candidates: tuple[Choice, ...]  # (label, key) of every target the text fits


class TargetNotFound(NamedTuple):
    suggestions: tuple[Choice, ...]  # (label, key) of the closest targets, to offer instead


TargetMatch = TargetFound | TargetAmbiguous | TargetNotFound  # what a typed rating target names


class TargetMatcher:
    """Every series and couple of a catalog, series first; couples also by their members."""

    def __init__(self, catalog: Catalog, couples: CoupleMatcher) -> None:
        self._couple_matcher = couples
        self._series = list(catalog.series.values())
        self._couples = list(catalog.couples.values())
        self._keys = {s.key for s in self._series} | {c.key for c in self._couples}
        series_words = [(s.title, *s.aliases, s.id) for s in self._series]
        self._series_by_key: dict[str, str] = {}
        for series, words in zip(self._series, series_words, strict=True):
            for word in words:
                self._series_by_key.setdefault(compact(word), series.key)
        self._series_prefixes = PrefixIndex.of_words(series_words)
        self._couple_prefixes = PrefixIndex.of_words((c.id, *pair_names(c)) for c in self._couples)
        self._couple_numbers = {c.id: n for n, c in enumerate(self._couples)}
        # The series by title alone: the Discord side says it is the series, in words.
        self._series_labels = [clip(s.title) for s in self._series]
        self._couple_labels = [_couple_label(c, catalog) for c in self._couples]

    def match(self, text: str, *, couples_only: bool = False) -> TargetMatch:
        """The one target `text` names; or every target it fits, when it fits several; or the
        closest ones to offer instead. `couples_only` leaves the series out."""
        exact = self._exact(text, couples_only)
        if exact is not None:
            return TargetFound(exact)
        lookup = self._couple_matcher.find(text)
        if lookup.couple is not None:
            return TargetFound(lookup.couple.key)
        return self._loose(text, lookup, couples_only)

    def complete(self, current: str, limit: int = DEFAULT_LIMIT) -> list[Choice]:
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

    def _exact(self, text: str, couples_only: bool) -> str | None:
        """A target key as the autocomplete sends it, or the series' title or alias exactly."""
        typed = text.strip().casefold()
        if typed in self._keys and (is_couple_key(typed) or not couples_only):
            return typed
        return None if couples_only else self._series_by_key.get(compact(text))

    def _loose(self, text: str, lookup: CoupleLookup, couples_only: bool) -> TargetMatch:
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
        return TargetNotFound(self._suggestions(text, couples_only))

    def _completions(self, text: str, couples_only: bool) -> list[Choice]:
        found = self.complete(text)
        return [c for c in found if is_couple_key(c[1])] if couples_only else found

    def _couple_choice(self, couple: Couple) -> Choice:
        return self._couple_labels[self._couple_numbers[couple.id]], couple.key

    def _suggestions(self, text: str, couples_only: bool) -> tuple[Choice, ...]:
        """The closest targets to what was typed; when none is close, the first few of all."""
        return tuple(self._completions(text, couples_only) or self._completions("", couples_only))

    def _series_by_typo(self, key: str) -> str | None:
        if len(key) < MIN_TYPO_LENGTH:
            return None
        titles = list(self._series_by_key)
        close = difflib.get_close_matches(key, titles, n=1, cutoff=_SERIES_TYPO_CUTOFF)
        return self._series_by_key[close[0]] if close else None

    def _typo_couples(self, text: str, found: list[int], room: int) -> list[int]:
        """The couple a misspelt name or pair means, when the prefixes missed it."""
        if room <= 0:
            return []
        couple = self._couple_matcher.find(text).couple
        if couple is None:
            return []
        number = self._couple_numbers[couple.id]
        return [] if number in found else [number]


def _couple_label(couple: Couple, catalog: Catalog) -> str:
    series = catalog.series.get(couple.series_id)
    return clip(f"{couple.title} — {series.title}" if series else couple.title)
