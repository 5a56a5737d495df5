"""People's names and aliases within one series: each typed name must lead to one person.

Members find a person by typing a name or an alias, compared without case, spaces or
punctuation. People are told apart by name, so the same name in two couples is one person
(who may be in both); what is refused is an alias that is another person's name, or one
alias given to two different people. Across series, names may repeat: each series file is
checked on its own.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from bot.catalog.references import SeriesFile
from bot.catalog.schema import Problems, Where
from bot.domain.catalog import Character


class _Member(NamedTuple):
    where: Where
    person: Character

    @property
    def key(self) -> str:
        return name_key(self.person.name)


def name_key(text: str) -> str:
    """A name as the bot compares it: "Rai", "rai" and "RAI" are one name."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def check_names(series_file: SeriesFile, problems: Problems) -> None:
    members = [
        _Member(Where(where.file, f"{where.entry} members[{slot}]"), person)
        for where, couple in series_file.couples
        for slot, person in enumerate(couple.members)
    ]
    named: dict[str, _Member] = {}
    for member in members:
        named.setdefault(member.key, member)
    aliased: dict[str, _Member] = {}
    for member in members:
        for alias in member.person.aliases:
            key = name_key(alias)
            owner = named.get(key)
            if owner is not None and owner.key != member.key:
                problems.add(member.where, _is_a_name(member, alias, owner))
                continue
            first = aliased.setdefault(key, member)
            if first.key != member.key:
                problems.add(member.where, _shared(member, alias, first))


def _is_a_name(member: _Member, alias: str, owner: _Member) -> str:
    return (
        f"{member.person.name}'s alias '{alias}' is the name of {owner.person.name}"
        f" ({owner.where.entry}), so members typing it could not tell the two apart;"
        " remove it from aliases"
    )


def _shared(member: _Member, alias: str, first: _Member) -> str:
    return (
        f"{member.person.name}'s alias '{alias}' is already an alias of {first.person.name}"
        f" ({first.where.entry}); an alias must lead to one person, so keep it on one of them"
        " only"
    )
