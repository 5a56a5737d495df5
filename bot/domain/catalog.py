"""The catalog's domain objects: plain, immutable data with no Discord in sight.

A *target* is anything a member can rate: a series or a couple. Its key is a stable string,
``"series:<series-id>"`` or ``"couple:<couple-id>"``, which is what the rating store keeps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal, NamedTuple, Protocol, TypeVar

TargetKind = Literal["series", "couple"]
# A target key as a regular expression, for the custom_ids that carry one.
TARGET_KEY_PATTERN = r"(?:series|couple):[a-z0-9-]+"

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A mapping that can't change and can be hashed, so the entries that hold one can be too
    (couples are dictionary keys and set members in matching)."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._items = dict(items or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and self._items == dict(other.items())

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


# The catalog's own words in other locales: {locale: {field: text}}, for each entry that has any.
Translations = FrozenMap[str, FrozenMap[str, str]]
NO_TRANSLATIONS: Translations = FrozenMap()


class TargetKey(NamedTuple):
    """A rating target's key, taken apart: the one place that knows its "kind:id" form."""

    kind: TargetKind
    ident: str

    @classmethod
    def parse(cls, key: str) -> TargetKey | None:
        """The parts of `key`, or None when it is not a series or couple key."""
        kind, _, ident = key.partition(":")
        if kind not in ("series", "couple") or not ident:
            return None
        return cls(kind, ident)  # type: ignore[arg-type]  # narrowed by the check above

    @property
    def is_couple(self) -> bool:
        return self.kind == "couple"

    def __str__(self) -> str:
        return f"{self.kind}:{self.ident}"


def series_key(series_id: str) -> str:
    return str(TargetKey("series", series_id))


def couple_key(couple_id: str) -> str:
    return str(TargetKey("couple", couple_id))


def is_couple_key(key: str) -> bool:
    parsed = TargetKey.parse(key)
    return parsed is not None and parsed.is_couple


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
    translations: Translations = NO_TRANSLATIONS  # setting, attribution

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
    translations: Translations = NO_TRANSLATIONS  # summary, spotlight_note

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
    translations: Translations = NO_TRANSLATIONS  # name, description


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
    translations: Translations = NO_TRANSLATIONS  # note

    @property
    def is_reservation(self) -> bool:
        return self.tone == "reservation"


class Translatable(Protocol):
    @property
    def translations(self) -> Translations: ...


def in_locale(entry: Translatable, field: str, locale: str) -> str:
    """The entry's `field` in the catalog locale `locale` (see bot.domain.locales), or as
    written in English where that locale has no translation of it."""
    words = entry.translations.get(locale)
    translated = words.get(field) if words else None
    if translated:
        return translated
    if field == "attribution":
        return entry.review.attribution  # type: ignore[attr-defined]  # only a Series has one
    return str(getattr(entry, field))


class Catalog(NamedTuple):
    series: dict[str, Series]
    couples: dict[str, Couple]
    tropes: dict[str, Trope]
    snippets: tuple[Snippet, ...]
    sources: tuple[str, ...] = ()  # the files it was loaded from
    locales: tuple[str, ...] = ()  # the locales its own words are translated into

    def target_title(self, key: str) -> str | None:
        """The display name of a rating target, or None if the catalog no longer has it."""
        parsed = TargetKey.parse(key)
        if parsed is None:
            return None
        if parsed.is_couple:
            couple = self.couples.get(parsed.ident)
            return couple.title if couple else None
        series = self.series.get(parsed.ident)
        return series.title if series else None

    def couple_of(self, key: str) -> Couple | None:
        """The couple a couple key names, if the catalog has it."""
        parsed = TargetKey.parse(key)
        return self.couples.get(parsed.ident) if parsed and parsed.is_couple else None

    def series_of(self, key: str) -> Series:
        """The series a rating target belongs to (the series itself for a series key); the key
        must be one of this catalog's."""
        parsed = TargetKey.parse(key)
        if parsed is None:
            raise KeyError(key)
        if parsed.is_couple:
            return self.series[self.couples[parsed.ident].series_id]
        return self.series[parsed.ident]

    def couples_for_trope(self, trope_id: str) -> list[Couple]:
        return [c for c in self.couples.values() if trope_id in c.tropes or trope_id in c.tags]

    def snippets_for_couple(self, couple_id: str) -> list[Snippet]:
        return [s for s in self.snippets if couple_id in s.couples]

    def snippets_for_trope(self, trope_id: str) -> list[Snippet]:
        return [s for s in self.snippets if trope_id in s.tropes]
