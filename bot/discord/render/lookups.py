"""Why a name or target fits no single couple or target, and what to try instead."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord.render.common import echo_input, notice_embed, safe, suggestions_embed
from bot.domain.catalog import Character, Couple
from bot.domain.matching import CoupleLookup, PersonMatch
from bot.i18n import Translator


def lookup_problem_embed(tr: Translator, lookup: CoupleLookup) -> discord.Embed:
    """Why `/couple` found no single couple, and what to try instead."""
    if lookup.not_a_couple:
        return notice_embed(tr.say("Not a couple"), _not_a_couple(tr, lookup.people))
    if lookup.ambiguous:
        typed = " & ".join(person.text for person in lookup.people)
        fits = fits_more_than_one(tr, typed, [c.title for c in lookup.ambiguous])
        hint = tr.say("Add the partner's name to pick one.")
        return notice_embed(tr.say("Which couple?"), tr.sentences(fits, hint))
    unknown = [p for p in lookup.people if p.character is None]
    lines = [_unknown_person(tr, p) for p in unknown]
    intro = _unknown_names_intro(tr, len(lookup.people), len(unknown))
    return suggestions_embed(tr.say("Who's that?"), intro, lines)


def _unknown_names_intro(tr: Translator, named: int, unknown: int) -> str:
    if named == 1:
        return tr.say("I don't know that name:")
    if unknown == named:
        return tr.say("I don't know either name:")
    return tr.say("I don't know one of the names:")


FITS_SHOWN = 5  # candidates named in a "fits more than one"; the rest are counted


def fits_more_than_one(tr: Translator, typed: str, names: Sequence[str]) -> str:
    """“Rei” fits more than one: Rei & Shion, Rei & Tomo."""
    shown = [f"**{safe(name)}**" for name in names[:FITS_SHOWN]]
    if len(names) > FITS_SHOWN:
        shown.append(tr.say("and {count} more", count=len(names) - FITS_SHOWN))
    return tr.say(
        "“{typed}” fits more than one: {names}.", typed=echo_input(typed), names=tr.join(shown)
    )


def ambiguous_target_embed(tr: Translator, typed: str, names: Sequence[str]) -> discord.Embed:
    """What was typed fits several rating targets: name them, and how to pick one."""
    hint = tr.say("Type more of it (for a couple, both names), or pick one from the list.")
    text = tr.sentences(fits_more_than_one(tr, typed, names), hint)
    return notice_embed(tr.say("Which one?"), text)


def unknown_target_embed(
    tr: Translator, typed: str, labels: Sequence[str], *, couples_only: bool = False
) -> discord.Embed:
    """What was typed names no rating target: the closest ones to pick instead."""
    if couples_only:
        intro = tr.say(
            "“{typed}” isn't a couple I know. Pick a couple from the list:",
            typed=echo_input(typed),
        )
    else:
        intro = tr.say(
            "I couldn't find “{typed}”. Pick one of these from the list:", typed=echo_input(typed)
        )
    lines = [safe(label) for label in labels[:5]]
    return suggestions_embed(tr.say("Which one?"), intro, lines)


def _not_a_couple(tr: Translator, people: Sequence[PersonMatch]) -> str:
    first, second = people[0], people[-1]
    if first.character is not None and first.character == second.character:
        return tr.say(
            "You named **{name}** twice. {paired}.",
            name=safe(_name(first)),
            paired=_paired_with(tr, first),
        )
    names = [f"**{safe(_name(p))}**" for p in people]
    paired = tr.join_clauses(_paired_with(tr, p) for p in people)
    return tr.say(
        "{first} and {second} aren't a couple. {paired}. Try `/couple` with one of those pairs.",
        first=names[0],
        second=names[-1],
        paired=paired,
    )


def _paired_with(tr: Translator, person: PersonMatch) -> str:
    couples = person.options or ((person.couple,) if person.couple else ())
    partners = [_partner(c, person.character) for c in couples]
    names = tr.join((f"**{safe(p.name)}**" for p in partners if p is not None), either=True)
    if not names:
        return ""
    return tr.say("{name} is paired with {partners}", name=safe(_name(person)), partners=names)


def _partner(couple: Couple, character: Character | None) -> Character | None:
    first, second = couple.members
    if character is None:
        return None
    return second if first.name == character.name else first


def _name(person: PersonMatch) -> str:
    return person.character.name if person.character else person.text


def _unknown_person(tr: Translator, person: PersonMatch) -> str:
    typed = echo_input(person.text, 60)
    if person.suggestions:
        names = tr.join(safe(s) for s in person.suggestions)
        return tr.say("“{typed}”: did you mean {names}?", typed=typed, names=names)
    return tr.say("“{typed}”: no one by that name. See `/tropes` for the couples.", typed=typed)
