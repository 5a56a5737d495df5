"""Tropes and tags as members type them: exact names and synonyms, a start, a typo, or a guess.

Exact keys are a dictionary hit. Anything looser is ranked with difflib against every trope's
keys; the catalog has few tropes, and the rankings of the texts typed most are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from bot.domain.catalog import Catalog, Trope
from bot.domain.matching.text import (
    DEFAULT_LIMIT,
    MIN_TYPO_LENGTH,
    Choice,
    clip,
    compact,
    length_bound,
    ratio,
    word_suffix_keys,
)

_TYPO_RATIO = 0.8  # difflib ratio above which a typed trope is taken as that trope
COMPLETION_SCORE = 0.6  # the least similarity a trope needs to be offered while typing
_SUGGESTED = 3  # tropes offered when nothing matched
# Distinct typed trope texts whose fuzzy ranking is kept. Ranking runs difflib against every
# trope name and synonym, the dearest step of a lookup; members type the same few starts again.
_RANKINGS_KEPT = 1024


class TropeMatch(NamedTuple):
    trope: Trope | None
    suggestions: tuple[Trope, ...] = ()  # the closest tropes when nothing matched


class TropeMatcher:
    """Every trope and tag of a catalog, tropes first, found by id, name or synonym."""

    def __init__(self, catalog: Catalog) -> None:
        self._tropes = sorted(catalog.tropes.values(), key=lambda t: t.kind != "trope")
        self._by_key: dict[str, Trope] = {}
        self._keys: dict[str, set[str]] = {}  # per trope id: every key it is ranked by
        for trope in self._tropes:
            keys = {compact(word) for word in (trope.id, trope.name, *trope.synonyms)} - {""}
            self._keys[trope.id] = keys | {
                k for w in (trope.name, *trope.synonyms) for k in word_suffix_keys(w)
            }
            for key in keys:
                self._by_key.setdefault(key, trope)
        # A trope's name in every language, from each of its words on, and its id: what a
        # start typed may uniquely begin ("enem", "ennemis" of "D'ennemis à amants", "boarding").
        self._name_starts = {
            t.id: {compact(t.id)} | {k for name in _names(t) for k in _name_keys(name)}
            for t in self._tropes
        }
        # Beyond twice the longest key, a text scores below 0.67 against every key whatever
        # follows, so only that much of it is ranked: difflib's cost grows with the length.
        self._fuzzy_length = 2 * max((len(k) for ks in self._keys.values() for k in ks), default=0)
        self._titles = {
            t.id: tuple(c.title for c in catalog.couples_for_trope(t.id)) for t in self._tropes
        }
        # Per matcher, not on the class: a catalog reloaded is a new matcher with its own rankings.
        self.rankings = lru_cache(maxsize=_RANKINGS_KEPT)(self._rank)
        self._order = {trope.id: order for order, trope in enumerate(self._tropes)}
        self.completions = lru_cache(maxsize=_RANKINGS_KEPT)(self._complete)
        self._matches = lru_cache(maxsize=_RANKINGS_KEPT)(self._match)

    def match(self, text: str) -> TropeMatch:
        return self._matches(compact(text))

    def complete(self, current: str, limit: int = DEFAULT_LIMIT) -> list[Choice]:
        key = compact(current)
        ranked = self.completions(key[: self._fuzzy_length]) if key else self._tropes
        return [(clip(t.name), t.id) for t in ranked[:limit]]

    def _complete(self, key: str) -> tuple[Trope, ...]:
        """The tropes offered for a key typed so far, most similar first. Once something starts
        the way the member typed, the list shows what does (with synonyms in six languages, a
        near miss elsewhere would only crowd it), so only those are ranked when there are any
        that can be offered: difflib is the dearest step here."""
        starting = [t for t in self._tropes if any(k.startswith(key) for k in self._keys[t.id])]
        if offered := self._offered(key, starting):
            return offered
        return self._offered(key, self._tropes)

    def _offered(self, key: str, tropes: Sequence[Trope]) -> tuple[Trope, ...]:
        # Below the completion score a trope is never offered: its exact score isn't needed,
        # and most of difflib's work is spared.
        ranked = self._rank(key, least=COMPLETION_SCORE, among=tropes)
        return tuple(trope for score, trope in ranked if score >= COMPLETION_SCORE)

    def couple_titles(self, trope_id: str) -> tuple[str, ...]:
        """The couples a trope fits, by title, for its choice's label (the Discord side words
        it)."""
        return self._titles.get(trope_id, ())

    def _match(self, key: str) -> TropeMatch:
        exact = self._by_key.get(key)
        if exact is not None:
            return TropeMatch(exact)
        key = key[: self._fuzzy_length]
        typo = self._only_one_starting(key) or self._typo(key)  # cheap test first
        if typo is not None:
            return TropeMatch(typo)
        return TropeMatch(None, tuple(trope for _, trope in self.rankings(key)[:_SUGGESTED]))

    def _only_one_starting(self, key: str) -> Trope | None:
        """The trope whose name alone, in some language and from some word of it on, or whose
        id starts with what was typed ("enem", "opposit", "ennemis"). Synonyms don't count
        here: "love" starts "love-hate" but could mean any romance trope."""
        if len(key) < MIN_TYPO_LENGTH:
            return None
        starting = [
            t for t in self._tropes if any(k.startswith(key) for k in self._name_starts[t.id])
        ]
        return starting[0] if len(starting) == 1 else None

    def _typo(self, key: str) -> Trope | None:
        """The trope a slightly misspelt key means; a mere shared start is not enough."""
        if len(key) < MIN_TYPO_LENGTH:
            return None
        best, best_ratio = None, 0.0
        for known in self._by_key:
            # Keys too long or too short to beat the best (or reach the least) aren't compared.
            if length_bound(key, known) < max(best_ratio, _TYPO_RATIO):
                continue
            found = ratio(key, known)
            if found > best_ratio:
                best, best_ratio = known, found
        return None if best is None or best_ratio < _TYPO_RATIO else self._by_key[best]

    def _rank(
        self, key: str, least: float = 0.0, among: Sequence[Trope] | None = None
    ) -> tuple[tuple[float, Trope], ...]:
        """Every trope (of `among`) with its best similarity to the key (a shared start counts
        extra), in the catalog's order where scores tie; one that can't reach `least` comes
        with some score below it."""
        scored = []
        for trope in self._tropes if among is None else among:
            similarity = _best_similarity(key, self._keys[trope.id], least)
            scored.append((similarity, -self._order[trope.id], trope))
        scored.sort(key=lambda item: item[:2], reverse=True)
        return tuple((score, trope) for score, _, trope in scored)


def _names(trope: Trope) -> set[str]:
    """The trope's name in English and in every language the catalog has it in."""
    return {trope.name} | {
        words["name"] for words in trope.translations.values() if "name" in words
    }


def _name_keys(name: str) -> set[str]:
    """The name's keys from each word on, an elided article ("D'ennemis") a word of its own."""
    return word_suffix_keys(name) | word_suffix_keys(name, split_elisions=True)


def _best_similarity(typed: str, keys: Iterable[str], least: float = 0.0) -> float:
    """The best similarity of typed to any of keys: difflib's ratio, plus a bonus for a shared
    start (some score below `least` when none reaches it). difflib runs only on keys whose
    length leaves them a chance of beating the best so far (and `least`): with synonyms in six
    languages most can't, and difflib is the dearest step here."""
    if not typed:
        return 0.0
    # Most hopeful first, so the best is found early and the rest is cut off by its bound.
    hopes = sorted(((length_bound(typed, k) + _bonus(typed, k), k) for k in keys), reverse=True)
    best = 0.0
    for hope, key in hopes:
        if hope <= best or hope < least:
            break
        best = max(best, ratio(typed, key) + _bonus(typed, key))
    return best


def _bonus(typed: str, key: str) -> float:
    return 0.5 if key.startswith(typed) else 0.25 if typed in key else 0.0
