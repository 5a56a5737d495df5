"""What every rating backend promises, and the values and errors it speaks in.

Nothing here knows about SQLite or Discord, so a PostgreSQL backend can slot in beside the SQLite
one and the cogs only ever see this module's types.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

MIN_SCORE, MAX_SCORE = 1, 10
SCORES = range(MIN_SCORE, MAX_SCORE + 1)
TARGET_KINDS = frozenset({"series", "couple"})
MAX_TARGET_ID_LENGTH = 64
_MAX_SNOWFLAKE = 2**63 - 1  # Discord ids fit a signed 64-bit integer, as databases store them


# The exception names below are the interface the cogs were promised, hence no "Error" suffix.


class StoreError(Exception):
    """Base of every store failure; the message is safe to show a server admin or to log."""


class StoreUnavailable(StoreError):  # noqa: N818
    """The store can't do this right now (locked, read-only, disk full); trying later may work."""


class IncompatibleDatabase(StoreError):  # noqa: N818
    """The database can't be used at all (corrupt, not a database, too new): refuse to start."""


class InvalidScore(StoreError, ValueError):  # noqa: N818
    """A score that isn't a whole number from MIN_SCORE to MAX_SCORE."""


class InvalidTarget(StoreError, ValueError):  # noqa: N818
    """A target key that isn't "series:<id>" or "couple:<id>"."""


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """How a guild scored one target."""

    target: str  # "series:<id>" or "couple:<id>"
    count: int
    total: int
    distribution: tuple[int, ...]  # MAX_SCORE counts; index 0 = how many scored 1

    @property
    def mean(self) -> float | None:
        return None if self.count == 0 else self.total / self.count

    @classmethod
    def from_counts(cls, target: str, counts: Mapping[int, int]) -> Self:
        """Build a summary from {score: how many members gave it}."""
        unknown = set(counts) - set(SCORES)
        if unknown:
            raise ValueError(f"scores outside {MIN_SCORE}..{MAX_SCORE}: {sorted(unknown)}")
        distribution = tuple(counts.get(score, 0) for score in SCORES)
        total = sum(score * n for score, n in zip(SCORES, distribution, strict=True))
        return cls(target, sum(distribution), total, distribution)

    @classmethod
    def empty(cls, target: str) -> Self:
        return cls.from_counts(target, {})


@dataclass(frozen=True, slots=True)
class RatingChange:
    """The outcome of one rating, all of it true at the moment the rating was written."""

    target: str
    score: int
    previous: int | None  # the member's score before, if any
    summary: ScoreSummary  # the target's summary right after this write


def validate_score(score: object) -> int:
    """The score as an int, or InvalidScore. bool is refused although Python counts it as int."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise InvalidScore(f"A score must be a whole number from {MIN_SCORE} to {MAX_SCORE}.")
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise InvalidScore(f"{score} is not a score: use a whole number from 1 to {MAX_SCORE}.")
    return int(score)


def validate_target(target: object) -> str:
    """The target key, or InvalidTarget. Whether the id exists is the catalog's business."""
    if not isinstance(target, str):
        raise InvalidTarget("A rating target must be a text key like 'series:<id>'.")
    kind, _, ident = target.partition(":")
    well_formed = (
        kind in TARGET_KINDS
        and 0 < len(ident) <= MAX_TARGET_ID_LENGTH
        and ident.isprintable()
        and not any(ch.isspace() for ch in ident)
    )
    if not well_formed:
        raise InvalidTarget("A rating target must be 'series:<id>' or 'couple:<id>'.")
    return target


def validate_snowflake(name: str, value: object) -> int:
    """A Discord id as an int. Ids come from discord.py, so a bad one is a bug: plain ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not 0 <= value <= _MAX_SNOWFLAKE:
        raise ValueError(f"{name} {value} is outside the range of Discord ids")
    return int(value)


class RatingStore(ABC):
    """Members' scores (1-10) for the series and couples, kept per guild, plus what the bot
    last showed each member. One guild never sees another's data.

    Use as ``async with await SQLiteRatingStore.open(path) as store:`` or call close().
    """

    @abstractmethod
    async def rate(self, guild_id: int, user_id: int, target: str, score: int) -> RatingChange:
        """Record (or replace) this member's score for target in this guild."""

    @abstractmethod
    async def summary(self, guild_id: int, target: str) -> ScoreSummary:
        """The guild's scores for one target (an empty summary if nobody scored it)."""

    @abstractmethod
    async def summaries(self, guild_id: int) -> dict[str, ScoreSummary]:
        """Every target scored in this guild."""

    @abstractmethod
    async def user_ratings(self, guild_id: int, user_id: int) -> dict[str, int]:
        """This member's scores in this guild, by target."""

    @abstractmethod
    async def remember_shown(self, guild_id: int, user_id: int, target: str) -> None:
        """Note what the bot last showed this member in this guild."""

    @abstractmethod
    async def last_shown(self, guild_id: int, user_id: int) -> str | None:
        """What the bot last showed this member in this guild, if anything."""

    @abstractmethod
    async def close(self) -> None:
        """Finish in-flight work and release the database. Safe to call twice."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
