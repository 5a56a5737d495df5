"""Why a name or target fits no single couple or target, and what to try instead."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord.render.common import echo_input, notice_embed, safe, suggestions_embed
from bot.domain.catalog import Character, Couple
from bot.domain.matching import CoupleLookup, PersonMatch


def lookup_problem_embed(lookup: CoupleLookup) -> discord.Embed:
    """Why `/couple` found no single couple, and what to try instead."""
    if lookup.not_a_couple:
        return notice_embed("Not a couple", _not_a_couple(lookup.people))
    if lookup.ambiguous:
        typed = " & ".join(person.text for person in lookup.people)
        fits = fits_more_than_one(typed, [c.title for c in lookup.ambiguous])
        return notice_embed("Which couple?", f"{fits} Add the partner's name to pick one.")
    unknown = [p for p in lookup.people if p.character is None]
    lines = [_unknown_person(p) for p in unknown]
    return suggestions_embed(
        "Who's that?", _unknown_names_intro(len(lookup.people), len(unknown)), lines
    )


def _unknown_names_intro(named: int, unknown: int) -> str:
    if named == 1:
        return "I don't know that name:"
    return "I don't know either name:" if unknown == named else "I don't know one of the names:"


FITS_SHOWN = 5  # candidates named in a "fits more than one"; the rest are counted


def fits_more_than_one(typed: str, names: Sequence[str]) -> str:
    """“Rei” fits more than one: Rei & Shion, Rei & Tomo."""
    shown = [f"**{safe(name)}**" for name in names[:FITS_SHOWN]]
    if len(names) > FITS_SHOWN:
        shown.append(f"and {len(names) - FITS_SHOWN} more")
    return f"“{echo_input(typed)}” fits more than one: {', '.join(shown)}."


def ambiguous_target_embed(typed: str, names: Sequence[str]) -> discord.Embed:
    """What was typed fits several rating targets: name them, and how to pick one."""
    hint = "Type more of it (for a couple, both names), or pick one from the list."
    return notice_embed("Which one?", f"{fits_more_than_one(typed, names)} {hint}")


def unknown_target_embed(
    typed: str, labels: Sequence[str], *, couples_only: bool = False
) -> discord.Embed:
    """What was typed names no rating target: the closest ones to pick instead."""
    if couples_only:
        intro = f"“{echo_input(typed)}” isn't a couple I know. Pick a couple from the list:"
    else:
        intro = f"I couldn't find “{echo_input(typed)}”. Pick one of these from the list:"
    return suggestions_embed("Which one?", intro, [safe(label) for label in labels[:5]])


def _not_a_couple(people: Sequence[PersonMatch]) -> str:
    first, second = people[0], people[-1]
    if first.character is not None and first.character == second.character:
        return f"You named **{safe(_name(first))}** twice. {_paired_with(first)}."
    names = " and ".join(f"**{safe(_name(p))}**" for p in people)
    paired = "; ".join(_paired_with(p) for p in people)
    return f"{names} aren't a couple. {paired}. Try `/couple` with one of those pairs."


def _paired_with(person: PersonMatch) -> str:
    couples = person.options or ((person.couple,) if person.couple else ())
    partners = [_partner(c, person.character) for c in couples]
    names = " or ".join(f"**{safe(p.name)}**" for p in partners if p is not None)
    return f"{safe(_name(person))} is paired with {names}" if names else ""


def _partner(couple: Couple, character: Character | None) -> Character | None:
    first, second = couple.members
    if character is None:
        return None
    return second if first.name == character.name else first


def _name(person: PersonMatch) -> str:
    return person.character.name if person.character else person.text


def _unknown_person(person: PersonMatch) -> str:
    typed = echo_input(person.text, 60)
    if person.suggestions:
        return f"“{typed}”: did you mean {', '.join(safe(s) for s in person.suggestions)}?"
    return f"“{typed}”: no one by that name. See `/tropes` for the couples."
