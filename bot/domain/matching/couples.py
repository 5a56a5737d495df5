"""Which couple members mean: its id or both names in one option, or one name per option.

One name may fit several couples (the same name in two series); a second name, even a
misspelt one, settles which. Names typed together ("shoin & rei") are cut where both halves
are names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from bot.domain.catalog import Catalog, Character, Couple
from bot.domain.matching.names import MAX_NAME_TYPOS, NameIndex, Person
from bot.domain.matching.text import DEFAULT_LIMIT, Choice, compact, normalize


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


def pair_names(couple: Couple) -> list[str]:
    """Both members' names together, every alias of each, in either order."""
    first, second = couple.members
    return [f"{a} {b}" for a in first.names for b in second.names] + [
        f"{b} {a}" for a in first.names for b in second.names
    ]


class CoupleMatcher:
    """Couples by id, by both names, or by one name and its partner's."""

    def __init__(self, catalog: Catalog) -> None:
        self.names = NameIndex(catalog)
        self._by_key = _whole_couple_keys(catalog.couples.values())

    def find(self, name: str, partner: str | None = None) -> CoupleLookup:
        if partner and partner.strip():
            return self._lookup_pair(name, partner)
        whole = self._by_key.get(compact(name), [])
        if len(whole) == 1:
            return _whole_couple(name, whole[0])
        if len(whole) > 1:
            return CoupleLookup(None, (self._person_match(name, []),), ambiguous=tuple(whole))
        if self.names.find(name, typos=False):
            return self._lookup_single(name)
        split = self._split_pair(name)
        return self._lookup_pair(*split) if split else self._lookup_single(name)

    def complete_names(
        self, current: str, other: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Choice]:
        return self.names.complete(current, other, limit)

    def _person_match(self, text: str, people: list[Person]) -> PersonMatch:
        if not people:
            return PersonMatch(text, None, None, self.names.suggestions(text))
        options = tuple(dict.fromkeys(p.couple for p in people))
        couple = options[0] if len(options) == 1 else None
        return PersonMatch(text, people[0].character, couple, (), options)

    def _split_pair(self, text: str) -> tuple[str, str] | None:
        """Two names typed into one option ("Rei Shion", "shoin & rei"): where to cut."""
        words = normalize(text).split()
        if len("".join(words)) > 2 * (self.names.longest + MAX_NAME_TYPOS):
            return None  # longer than any two names: each cut would be a slow miss
        cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        for typos in (False, True):
            for left, right in cuts:
                if self.names.find(left, typos) and self.names.find(right, typos):
                    return left, right
        return None

    def _lookup_single(self, text: str) -> CoupleLookup:
        person = self._person_match(text, self.names.find(text))
        if len(person.options) > 1:
            return CoupleLookup(None, (person,), ambiguous=person.options)
        return CoupleLookup(person.couple, (person,))

    def _lookup_pair(self, first_text: str, second_text: str) -> CoupleLookup:
        first = self.names.find(first_text)
        second = self.names.find(second_text)
        people = (self._person_match(first_text, first), self._person_match(second_text, second))
        if not first or not second:
            return CoupleLookup(None, people)
        pairs = _shared_couples(first, second)
        if len(pairs) == 1:
            return _settled(people, *pairs[0])
        if pairs:
            return CoupleLookup(None, people, ambiguous=tuple(p[0].couple for p in pairs))
        return CoupleLookup(None, people, not_a_couple=True)


def _whole_couple_keys(couples: Iterable[Couple]) -> dict[str, list[Couple]]:
    """A whole couple typed into one option: its id or both names, in either order."""
    index: dict[str, list[Couple]] = {}
    for couple in couples:
        for key in {compact(couple.id), *map(compact, pair_names(couple))}:
            index.setdefault(key, []).append(couple)
    return index


def _whole_couple(text: str, couple: Couple) -> CoupleLookup:
    people = tuple(PersonMatch(text, m, couple, (), (couple,)) for m in couple.members)
    return CoupleLookup(couple, people)


def _shared_couples(first: list[Person], second: list[Person]) -> list[tuple[Person, Person]]:
    """Pairs where one name is one member of a couple and the other name the other."""
    by_slot = {(p.couple.id, p.slot): p for p in second}
    pairs: dict[str, tuple[Person, Person]] = {}
    for person in first:
        partner = by_slot.get((person.couple.id, 1 - person.slot))
        if partner is not None:
            pairs.setdefault(person.couple.id, (person, partner))
    return list(pairs.values())


def _settled(people: tuple[PersonMatch, ...], *members: Person) -> CoupleLookup:
    """The lookup once the pair has settled who is who (a name may have fit several)."""
    couple = members[0].couple
    resolved = tuple(
        PersonMatch(typed.text, member.character, couple, (), (couple,))
        for typed, member in zip(people, members, strict=True)
    )
    return CoupleLookup(couple, resolved)
