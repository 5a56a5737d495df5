"""Checks across entries and files: unique ids, references that resolve, whole quotes."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.catalog.quotes import Sentences, quote_problem
from bot.catalog.schema import Placed, Problems, Where, did_you_mean
from bot.domain.catalog import Couple, Series, Snippet, Trope

# What a snippet can speak to; a fixed list so a typo ("verbosty") is caught at load time.
ASPECTS = (
    "premise",
    "setting",
    "pacing",
    "development",
    "romance",
    "dynamics",
    "intimacy",
    "verbosity",
    "focus",
    "ending",
    "verdict",
)
# How a snippet speaks of what it quotes: the bot shows a reservation beside the praise, so a
# pick never hides what the reviewer disliked.
TONES = ("praise", "reservation", "neutral")


@dataclass(slots=True)
class SeriesFile:
    """What one series file yielded, with where each entry came from for later checks."""

    label: str
    series: Series | None = None
    couples: list[tuple[Where, Couple]] = field(default_factory=list)
    snippets: list[tuple[Where, Snippet]] = field(default_factory=list)
    # Ids of every couple entry, valid or not, so a broken couple already reported
    # does not also make each snippet about it "unknown".
    declared_couples: list[str] = field(default_factory=list)
    # Couple ids snippets name that a duplicate-id problem already explains (the couple's
    # id was changed into a duplicate), so they are not reported as unknown as well.
    explained_couples: set[str] = field(default_factory=set)


class KnownTropes(NamedTuple):
    """The tropes file's valid entries, plus what is needed to report references to it."""

    tropes: dict[str, Trope]
    label: str  # the file that defines them, named in messages
    # Entries already reported as broken; references to them are not reported again,
    # and when the whole file is unreadable (`readable` False) no reference is checked.
    broken: frozenset[str] = frozenset()
    readable: bool = True
    placed: tuple[Placed, ...] = ()  # every valid entry in file order, duplicates included

    def needs_report(self, ident: str) -> bool:
        return self.readable and ident not in self.tropes and ident not in self.broken


def check_references(series_file: SeriesFile, known: KnownTropes, problems: Problems) -> None:
    for where, couple in series_file.couples:
        _check_couple_tropes(couple, where, known, problems)
    review = series_file.series.review.text if series_file.series else None
    sentences = Sentences.of(review) if review is not None else None
    for where, snippet in series_file.snippets:
        _check_snippet_tags(snippet, where, series_file, known, problems)
        if sentences is not None and (problem := quote_problem(snippet.text, sentences)):
            problems.add(where, problem)


def _check_couple_tropes(
    couple: Couple, where: Where, known: KnownTropes, problems: Problems
) -> None:
    if not couple.tropes:
        problems.add(where, "'tropes' is empty; give the couple at least one trope id")
    for trope_id in couple.tropes:
        _check_trope_ref(trope_id, "trope", where, known, problems)
    for tag_id in couple.tags:
        _check_trope_ref(tag_id, "tag", where, known, problems)


def _check_trope_ref(
    ident: str, kind: str, where: Where, known: KnownTropes, problems: Problems
) -> None:
    trope = known.tropes.get(ident)
    if known.needs_report(ident):
        choices = sorted(t.id for t in known.tropes.values() if t.kind == kind)
        hint = _choose(ident, choices)
        problems.add(where, f"unknown {kind} '{ident}'; {hint} (defined in {known.label})")
    elif trope is not None and trope.kind != kind:
        section = "tropes" if trope.kind == "trope" else "tags"
        problems.add(where, f"'{ident}' is a {trope.kind}, not a {kind}; list it under {section}")


def _check_snippet_tags(
    snippet: Snippet,
    where: Where,
    series_file: SeriesFile,
    known: KnownTropes,
    problems: Problems,
) -> None:
    couple_ids = list(dict.fromkeys(series_file.declared_couples))
    for couple_id in snippet.couples:
        if couple_id not in couple_ids and couple_id not in series_file.explained_couples:
            problems.add(
                where,
                f"unknown couple '{couple_id}'; {_choose(couple_id, couple_ids)}"
                " (couples of this series file)",
            )
    for trope_id in snippet.tropes:
        if known.needs_report(trope_id):
            hint = _choose(trope_id, sorted(known.tropes))
            problems.add(where, f"unknown trope '{trope_id}'; {hint} (defined in {known.label})")
    for aspect in snippet.aspects:
        if aspect not in ASPECTS:
            problems.add(where, f"unknown aspect '{aspect}'; {did_you_mean(aspect, ASPECTS)}")
    if snippet.tone not in TONES:
        problems.add(where, f"unknown tone '{snippet.tone}'; {did_you_mean(snippet.tone, TONES)}")


def _choose(ident: str, choices: list[str]) -> str:
    """Always list the valid ids, and point at the likely one first when there is one."""
    listing = "use one of: " + ", ".join(choices) if choices else "there are none defined yet"
    close = difflib.get_close_matches(ident, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? {listing}" if close else listing
