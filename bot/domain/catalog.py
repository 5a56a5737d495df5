"""The catalog's domain objects: plain, immutable data with no Discord in sight.

A *target* is anything a member can rate: a series or a couple. Its key is a stable string,
``"series:<series-id>"`` or ``"couple:<couple-id>"``, which is what the rating store keeps.
"""

from __future__ import annotations

from typing import NamedTuple


def series_key(series_id: str) -> str:
    return f"series:{series_id}"


def couple_key(couple_id: str) -> str:
    return f"couple:{couple_id}"


class Review(NamedTuple):
    """A review of a series, kept verbatim."""

    text: str
    attribution: str  # how we credit it, e.g. "a fan review"
    score: int  # the reviewer's score on `scale`
    scale: int = 10


class Series(NamedTuple):
    id: str
    title: str
    aliases: tuple[str, ...]
    episodes: int
    episode_minutes: int
    setting: str
    review: Review

    @property
    def key(self) -> str:
        return series_key(self.id)


class Character(NamedTuple):
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Couple(NamedTuple):
    id: str
    series_id: str
    members: tuple[Character, Character]
    tropes: tuple[str, ...]  # trope ids, the first is the couple's main trope
    tags: tuple[str, ...]  # further tag ids the review supports (roommates, film-club, ...)
    summary: str  # in our own words, saying only what the review says
    spotlight: bool = False  # the couple that gets the most development and the finale
    spotlight_note: str = ""

    @property
    def key(self) -> str:
        return couple_key(self.id)

    @property
    def title(self) -> str:
        return f"{self.members[0].name} & {self.members[1].name}"


class Trope(NamedTuple):
    """A trope (friends-to-lovers) or a lighter tag (roommates); both are matched the same way."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    description: str
    kind: str = "trope"  # "trope" or "tag"


class Snippet(NamedTuple):
    """A whole sentence quoted verbatim from a series' review, tagged with what it speaks to."""

    id: str
    series_id: str
    text: str
    couples: tuple[str, ...] = ()
    tropes: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()  # pacing, verbosity, intimacy, verdict, ...
    spoiler: bool = False
    note: str = ""  # shown under the quote, e.g. when the review misspells a name
    tone: str = "neutral"  # "praise", "reservation" (a criticism) or "neutral" (a fact)

    @property
    def is_reservation(self) -> bool:
        return self.tone == "reservation"


class Catalog(NamedTuple):
    series: dict[str, Series]
    couples: dict[str, Couple]
    tropes: dict[str, Trope]
    snippets: tuple[Snippet, ...]
    sources: tuple[str, ...] = ()  # the files it was loaded from

    def target_title(self, key: str) -> str | None:
        """The display name of a rating target, or None if the catalog no longer has it."""
        kind, _, ident = key.partition(":")
        if kind == "series" and ident in self.series:
            return self.series[ident].title
        if kind == "couple" and ident in self.couples:
            return self.couples[ident].title
        return None

    def couples_for_trope(self, trope_id: str) -> list[Couple]:
        return [c for c in self.couples.values() if trope_id in c.tropes or trope_id in c.tags]

    def snippets_for_couple(self, couple_id: str) -> list[Snippet]:
        return [s for s in self.snippets if couple_id in s.couples]

    def snippets_for_trope(self, trope_id: str) -> list[Snippet]:
        return [s for s in self.snippets if trope_id in s.tropes]
