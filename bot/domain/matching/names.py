"""Who a typed name means: every member of every couple, by name, alias, word start or typo.

A character in two couples (the same name in two series) is two people here, one per couple,
so a name can mean several people; the couple lookups decide between them.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.domain.catalog import Catalog, Character, Couple
from bot.domain.matching.indexes import PrefixIndex, TypoIndex
from bot.domain.matching.text import DEFAULT_LIMIT, MIN_TYPO_LENGTH, Choice, clip, compact

MAX_NAME_TYPOS = 2  # the most typos forgiven in one name (see _allowed_typos)
_SUGGESTED = 5  # close names offered for a name nobody has


class Person(NamedTuple):
    character: Character
    couple: Couple
    slot: int  # 0 or 1: which member of the couple

    @property
    def partner(self) -> Character:
        return self.couple.members[1 - self.slot]


class NameIndex:
    """Every person by their names; people are numbered in catalog order, couple by couple."""

    def __init__(self, catalog: Catalog) -> None:
        self.people = [
            Person(member, couple, slot)
            for couple in catalog.couples.values()
            for slot, member in enumerate(couple.members)
        ]
        self._by_key: dict[str, list[int]] = {}
        for number, person in enumerate(self.people):
            for name in person.character.names:
                self._by_key.setdefault(compact(name), []).append(number)
        self._prefixes = PrefixIndex.of_words(p.character.names for p in self.people)
        self._typos = TypoIndex(self._by_key)
        several_series = len(catalog.series) > 1
        self._labels = [_label(p, catalog, several_series) for p in self.people]

    @property
    def longest(self) -> int:
        """The length of the longest name's key: what is longer cannot be one name."""
        return self._typos.longest

    def find(self, text: str, typos: bool = True) -> list[Person]:
        """The people a typed name means: exact names first, else the closest typo matches."""
        return [self.people[n] for n in self._find(text, typos)]

    def suggestions(self, text: str) -> tuple[str, ...]:
        """Names close to one nobody has: near misses, then names sharing its first letters."""
        key = compact(text)
        if not key:
            return ()
        numbers = [n for _, n in self._near(key, MAX_NAME_TYPOS)]
        numbers += self._prefixes.search(key[:2], _SUGGESTED)
        names = dict.fromkeys(self.people[n].character.name for n in numbers)
        return tuple(names)[:_SUGGESTED]

    def complete(
        self, current: str, other: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Choice]:
        """Names starting with `current` (or a typo away); the partner of `other` first."""
        key = compact(current)
        partners = self._partners_of(other) if other else []
        if key:
            found = self._prefixes.search(key, limit)
            found += self._typo_people(key, limit - len(found))
            partners = [p for p in partners if p in found]
        else:
            found = list(range(min(limit, len(self.people))))
        ordered = list(dict.fromkeys([*partners, *found]))[:limit]
        return [(self._labels[n], self.people[n].character.name) for n in ordered]

    def _find(self, text: str, typos: bool) -> list[int]:
        key = compact(text)
        exact = self._by_key.get(key)
        if exact or not typos or not key:
            return list(exact or ())
        near = self._near(key, _allowed_typos(key))
        if not near:
            return []
        closest = near[0][0]
        return [n for distance, n in near if distance == closest]

    def _near(self, key: str, max_distance: int) -> list[tuple[int, int]]:
        """(distance, person number) for the names within `max_distance`, closest first."""
        near = self._typos.near(key, max_distance)
        return [(distance, n) for distance, k in near for n in self._by_key[k]]

    def _typo_people(self, key: str, room: int) -> list[int]:
        if room <= 0:
            return []
        return [n for _, n in self._near(key, _allowed_typos(key))][:room]

    def _partners_of(self, other: str) -> list[int]:
        """The partner(s) of whoever `other` names, as person numbers."""
        partners = []
        for number in self._find(other, typos=True):
            person = self.people[number]
            partners += [
                n
                for n in self._by_key.get(compact(person.partner.name), [])
                if self.people[n].couple is person.couple
            ]
        return partners


def _allowed_typos(key: str) -> int:
    if len(key) < MIN_TYPO_LENGTH:
        return 0
    return 1 if len(key) < 8 else MAX_NAME_TYPOS


def _label(person: Person, catalog: Catalog, several_series: bool) -> str:
    label = f"{person.character.name} — {person.couple.title}"
    series = catalog.series.get(person.couple.series_id)
    if several_series and series is not None:
        label += f" · {series.title}"
    return clip(label)
