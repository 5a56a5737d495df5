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

from bot.domain.catalog import Catalog, Character, Couple, Trope
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

_MAX_NAME_TYPOS = 2  # the most typos forgiven in one name (see _allowed_typos)


def _allowed_typos(key: str) -> int:
    if len(key) < MIN_TYPO_LENGTH:
        return 0
    return 1 if len(key) < 8 else _MAX_NAME_TYPOS


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


class PersonMatch(NamedTuple):
    """One typed name: who it is (if anyone), their couple, or close names to offer instead."""

    text: str
    character: Character | None
    couple: Couple | None  # None when unknown, or when the name is in several couples
    suggestions: tuple[str, ...] = ()
    options: tuple[Couple, ...] = ()  # every couple the name could belong to


class CoupleLookup(NamedTuple):
    couple: Couple | None
    people: tuple[PersonMatch, ...]
    not_a_couple: bool = False  # both names are known but not paired with each other
    ambiguous: tuple[Couple, ...] = ()  # the name(s) fit several couples, e.g. across series


class TargetFound(NamedTuple):
    key: str  # "series:<id>" or "couple:<id>"


class TargetAmbiguous(NamedTuple):
    candidates: tuple[Choice, ...]  # (label, key) of every target the text fits


class TargetNotFound(NamedTuple):
    suggestions: tuple[Choice, ...]  # (label, key) of the closest targets, to offer instead


TargetMatch = TargetFound | TargetAmbiguous | TargetNotFound  # what a typed rating target names


class _Person(NamedTuple):
    character: Character
    couple: Couple
    slot: int  # 0 or 1: which member of the couple


class Matcher:
    """Indexes a catalog once; every lookup afterwards is cheap."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._couples = list(catalog.couples.values())
        self._series = list(catalog.series.values())
        self.tropes = TropeMatcher(catalog)
        self._index_people()
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

    def _index_people(self) -> None:
        self._people = [
            _Person(member, couple, slot)
            for couple in self._couples
            for slot, member in enumerate(couple.members)
        ]
        self._people_by_key: dict[str, list[int]] = {}
        for number, person in enumerate(self._people):
            for name in person.character.names:
                self._people_by_key.setdefault(compact(name), []).append(number)
        self._name_prefixes = PrefixIndex.of_words(p.character.names for p in self._people)
        self._name_typos = TypoIndex(self._people_by_key)
        self._couples_by_key = self._couple_keys()
        several_series = len(self._series) > 1
        self._person_labels = [self._person_label(p, several_series) for p in self._people]

    def _couple_keys(self) -> dict[str, list[Couple]]:
        """A whole couple typed into one option: its id or both names, in either order."""
        index: dict[str, list[Couple]] = {}
        for couple in self._couples:
            first, second = couple.members
            keys = {compact(couple.id)}
            for a in first.names:
                for b in second.names:
                    keys |= {compact(f"{a} {b}"), compact(f"{b} {a}")}
            for key in keys:
                index.setdefault(key, []).append(couple)
        return index

    def _person_label(self, person: _Person, several_series: bool) -> str:
        label = f"{person.character.name} — {person.couple.title}"
        series = self.catalog.series.get(person.couple.series_id)
        if several_series and series is not None:
            label += f" · {series.title}"
        return clip(label)

    def _find_people(self, text: str, typos: bool = True) -> list[int]:
        """The people a typed name means: exact names first, else the closest typo matches."""
        key = compact(text)
        exact = self._people_by_key.get(key)
        if exact or not typos or not key:
            return list(exact or ())
        near = self._name_typos.near(key, _allowed_typos(key))
        if not near:
            return []
        closest = near[0][0]
        return [n for d, k in near if d == closest for n in self._people_by_key[k]]

    def _name_suggestions(self, text: str) -> tuple[str, ...]:
        key = compact(text)
        if not key:
            return ()
        near = [k for _, k in self._name_typos.near(key, 2)]
        numbers = [n for k in near for n in self._people_by_key[k]]
        numbers += self._name_prefixes.search(key[:2], 5)
        names = dict.fromkeys(self._people[n].character.name for n in numbers)
        return tuple(names)[:5]

    def _person_match(self, text: str, numbers: list[int]) -> PersonMatch:
        if not numbers:
            return PersonMatch(text, None, None, self._name_suggestions(text))
        options = tuple(dict.fromkeys(self._people[n].couple for n in numbers))
        first = self._people[numbers[0]]
        couple = options[0] if len(options) == 1 else None
        return PersonMatch(text, first.character, couple, (), options)

    def find_couple(self, name: str, partner: str | None = None) -> CoupleLookup:
        if partner and partner.strip():
            return self._lookup_pair(name, partner)
        whole = self._couples_by_key.get(compact(name), [])
        if len(whole) == 1:
            return self._whole_couple(name, whole[0])
        if len(whole) > 1:
            return CoupleLookup(None, (self._person_match(name, []),), ambiguous=tuple(whole))
        if self._find_people(name, typos=False):
            return self._lookup_single(name)
        split = self._split_pair(name)
        return self._lookup_pair(*split) if split else self._lookup_single(name)

    def _whole_couple(self, text: str, couple: Couple) -> CoupleLookup:
        people = tuple(PersonMatch(text, m, couple, (), (couple,)) for m in couple.members)
        return CoupleLookup(couple, people)

    def _split_pair(self, text: str) -> tuple[str, str] | None:
        """Two names typed into one option ("Rei Shion", "shoin & rei"): where to cut."""
        words = normalize(text).split()
        if len("".join(words)) > 2 * (self._name_typos.longest + _MAX_NAME_TYPOS):
            return None  # longer than any two names: each cut would be a slow miss
        cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        for typos in (False, True):
            for left, right in cuts:
                if self._find_people(left, typos) and self._find_people(right, typos):
                    return left, right
        return None

    def _lookup_single(self, text: str) -> CoupleLookup:
        person = self._person_match(text, self._find_people(text))
        if len(person.options) > 1:
            return CoupleLookup(None, (person,), ambiguous=person.options)
        return CoupleLookup(person.couple, (person,))

    def _lookup_pair(self, first_text: str, second_text: str) -> CoupleLookup:
        first_numbers = self._find_people(first_text)
        second_numbers = self._find_people(second_text)
        people = (
            self._person_match(first_text, first_numbers),
            self._person_match(second_text, second_numbers),
        )
        if not first_numbers or not second_numbers:
            return CoupleLookup(None, people)
        pairs = self._shared_couples(first_numbers, second_numbers)
        if len(pairs) == 1:
            return self._settled(people, *pairs[0])
        if pairs:
            return CoupleLookup(None, people, ambiguous=tuple(p[0].couple for p in pairs))
        return CoupleLookup(None, people, not_a_couple=True)

    def _shared_couples(self, first: list[int], second: list[int]) -> list[tuple[_Person, _Person]]:
        """Pairs where one name is one member of a couple and the other name the other."""
        by_slot = {(self._people[n].couple.id, self._people[n].slot): n for n in second}
        pairs: dict[str, tuple[_Person, _Person]] = {}
        for number in first:
            person = self._people[number]
            partner = by_slot.get((person.couple.id, 1 - person.slot))
            if partner is not None:
                pairs.setdefault(person.couple.id, (person, self._people[partner]))
        return list(pairs.values())

    @staticmethod
    def _settled(people: tuple[PersonMatch, ...], *members: _Person) -> CoupleLookup:
        """The lookup once the pair has settled who is who (a name may have fit several)."""
        couple = members[0].couple
        resolved = tuple(
            PersonMatch(typed.text, member.character, couple, (), (couple,))
            for typed, member in zip(people, members, strict=True)
        )
        return CoupleLookup(couple, resolved)

    def complete_names(
        self, current: str, other: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Choice]:
        key = compact(current)
        partners = self._partners_of(other) if other else []
        if key:
            found = self._name_prefixes.search(key, limit)
            found += self._typo_people(key, limit - len(found))
            partners = [p for p in partners if p in found]
        else:
            found = list(range(min(limit, len(self._people))))
        ordered = list(dict.fromkeys([*partners, *found]))[:limit]
        return [(self._person_labels[n], self._people[n].character.name) for n in ordered]

    def _typo_people(self, key: str, room: int) -> list[int]:
        if room <= 0:
            return []
        near = self._name_typos.near(key, _allowed_typos(key))
        return [n for _, k in near for n in self._people_by_key[k]][:room]

    def _partners_of(self, other: str) -> list[int]:
        """The partner(s) of whoever `other` names, as person numbers."""
        partners = []
        for number in self._find_people(other):
            person = self._people[number]
            partner = person.couple.members[1 - person.slot]
            partners += [
                n
                for n in self._people_by_key.get(compact(partner.name), [])
                if self._people[n].couple is person.couple
            ]
        return partners

    # --- rating targets --------------------------------------------------------------------

    def _index_targets(self) -> None:
        self._target_keys = {s.key for s in self._series} | {c.key for c in self._couples}
        series_words = [(s.title, *s.aliases, s.id) for s in self._series]
        self._series_by_key: dict[str, str] = {}
        for series, words in zip(self._series, series_words, strict=True):
            for word in words:
                self._series_by_key.setdefault(compact(word), series.key)
        self._series_prefixes = PrefixIndex.of_words(series_words)
        self._couple_prefixes = PrefixIndex.of_words(
            (c.id, *self._pair_names(c)) for c in self._couples
        )
        self._couple_numbers = {c.id: n for n, c in enumerate(self._couples)}
        self._series_labels = [clip(f"{s.title} (series)") for s in self._series]
        self._couple_labels = [self._couple_label(c) for c in self._couples]

    @staticmethod
    def _pair_names(couple: Couple) -> list[str]:
        first, second = couple.members
        return [f"{a} {b}" for a in first.names for b in second.names] + [
            f"{b} {a}" for a in first.names for b in second.names
        ]

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
