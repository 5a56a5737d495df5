"""What every rating backend promises, and the values and errors it speaks in.

Nothing here knows about SQLite or Discord, so a PostgreSQL backend can slot in beside the SQLite
one and the cogs only ever see this module's types.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Final, Literal, NamedTuple, Self

MIN_SCORE, MAX_SCORE = 1, 10
SCORES = range(MIN_SCORE, MAX_SCORE + 1)
TARGET_KINDS = frozenset({"series", "couple"})
MAX_TARGET_ID_LENGTH = 64
_MAX_SNOWFLAKE = 2**63 - 1  # Discord ids fit a signed 64-bit integer, as databases store them
MAX_REVIEW_LENGTH = 280
MAX_DISPLAY_NAME_LENGTH = 100  # Discord allows 32; room to spare without storing essays
MAX_COOLDOWN_SECONDS = 3600
MAX_PAGE_SIZE = 25  # an embed holds at most 25 fields
_COMMAND_NAME = re.compile(r"[a-z-]{1,32}")

ReviewOrder = Literal["newest", "highest"]


class _Keep(Enum):
    """Type of KEEP. An enum member, so type checkers narrow ``x is KEEP`` like ``x is None``."""

    KEEP = "KEEP"

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep.KEEP  # "leave the member's review / spoiler flag as it is"
Keep = _Keep  # the type of KEEP, for annotations outside the store


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


class InvalidReview(StoreError, ValueError):  # noqa: N818
    """A review that isn't text, is blank, is longer than MAX_REVIEW_LENGTH, or holds control
    characters (the cogs clean what members type before it gets here; this is the last guard)."""


class NoReviewToMark(StoreError, ValueError):  # noqa: N818
    """A spoiler flag with no review to apply to: none given with it and none stored, or the
    review is being removed."""


class InvalidSetting(StoreError, ValueError):  # noqa: N818
    """A server setting outside what the bot accepts (unknown command name, cooldown too long)."""


class ScoreSummary(NamedTuple):
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


class RatingChange(NamedTuple):
    """The outcome of one rating, all of it true at the moment the rating was written."""

    target: str
    score: int
    previous: int | None  # the member's score before, if any
    summary: ScoreSummary  # the target's summary right after this write
    review: str | None = None  # the member's review stored now, if any
    previous_review: str | None = None  # the review before this write, if any
    review_changed: bool = False  # the review's text or spoiler flag changed, or it came or went
    spoiler: bool = False  # whether the stored review is marked as a spoiler (False if none)


class MemberReview(NamedTuple):
    """One member's written review of a target, with the score it came with."""

    user_id: int
    target: str
    score: int
    text: str
    spoiler: bool
    display_name: str | None  # the member's server display name as last seen; None if unknown
    updated_at: int  # unix seconds when the text or spoiler flag last changed


class ReviewPage(NamedTuple):
    """A slice of a target's reviews in one guild."""

    items: tuple[MemberReview, ...]
    total: int  # reviews for this target in this guild, on every page
    offset: int  # index of items[0] among all of them


class MemberRating(NamedTuple):
    """One of a member's ratings with its optional review: a row of their data export."""

    target: str
    score: int
    review: str | None
    spoiler: bool
    created_at: int  # unix seconds of the first rating of this target
    updated_at: int  # unix seconds of the latest rating of this target


class GuildSettings(NamedTuple):
    """A server's settings. ``cooldowns`` holds only commands an admin set (0 = turned off);
    a command missing from it uses the bot's default."""

    reviews_enabled: bool = True
    cooldowns: Mapping[str, int] = MappingProxyType({})  # read-only: shared by every default


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


_WALK_ID = re.compile(r"[a-z0-9-]{0,64}")


def validate_walk_id(name: str, value: object, *, empty_ok: bool = False) -> str:
    """A catalog id (lowercase letters, digits, hyphens), or InvalidTarget."""
    if not isinstance(value, str) or not _WALK_ID.fullmatch(value) or not (value or empty_ok):
        raise InvalidTarget(f"{name} must be a catalog id like 'rei-shion'.")
    return value


def validate_review(review: object) -> str:
    """The review with surrounding whitespace removed, or InvalidReview."""
    if not isinstance(review, str):
        raise InvalidReview("A review must be text.")
    text = review.strip()
    if not text:
        raise InvalidReview("A review can't be empty.")
    if len(text) > MAX_REVIEW_LENGTH:
        raise InvalidReview(
            f"Reviews are up to {MAX_REVIEW_LENGTH} characters; this one has {len(text)}."
        )
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise InvalidReview("A review can't contain control characters such as line breaks.")
    return text


def validate_display_name(display_name: object) -> str:
    """A display name as discord.py gives it. A bad one is a bug, not a member's mistake."""
    if not isinstance(display_name, str):
        raise TypeError(f"display_name must be a str, not {type(display_name).__name__}")
    if not display_name.strip() or len(display_name) > MAX_DISPLAY_NAME_LENGTH:
        raise ValueError(f"display_name must have 1 to {MAX_DISPLAY_NAME_LENGTH} characters")
    return display_name


def validate_command_name(command: object) -> str:
    if not isinstance(command, str) or not _COMMAND_NAME.fullmatch(command):
        raise InvalidSetting(
            "A command name is 1 to 32 lowercase letters or hyphens, such as 'rate'."
        )
    return command


def validate_cooldown(seconds: object) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise InvalidSetting("A cooldown must be a whole number of seconds.")
    if not 0 <= seconds <= MAX_COOLDOWN_SECONDS:
        raise InvalidSetting(
            f"A cooldown must be from 0 (off) to {MAX_COOLDOWN_SECONDS} seconds, not {seconds}."
        )
    return int(seconds)


def validate_order(order: object) -> ReviewOrder:
    """Paging arguments come from the bot's own buttons, so a bad one is a bug: ValueError."""
    if order == "newest":
        return "newest"
    if order == "highest":
        return "highest"
    raise ValueError(f"order must be 'newest' or 'highest', not {order!r}")


def validate_count(name: str, value: object, low: int, high: int) -> int:
    """An offset or page size from the bot's own buttons; a bad one is a bug: ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


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
    async def rate(
        self,
        guild_id: int,
        user_id: int,
        target: str,
        score: int,
        *,
        review: str | _Keep | None = KEEP,
        spoiler: bool | _Keep = KEEP,
        display_name: str | None = None,
    ) -> RatingChange:
        """Record (or replace) this member's score for target in this guild, in one transaction
        with their review and display name.

        review: KEEP leaves any stored review, None deletes it, text replaces it (InvalidReview if
        it isn't acceptable). spoiler belongs to the review it comes with: with new text, True
        marks it and KEEP or False leaves it unmarked; with KEEP, a bool marks or unmarks the
        stored review and KEEP leaves its flag. A flag with no review to apply to (none stored
        and none given, or review=None) raises NoReviewToMark. display_name, when given,
        updates the name that credits the member's reviews. Nothing is written if any argument
        is refused.
        """

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
    async def walked(self, guild_id: int, user_id: int, walk: str) -> frozenset[str]:
        """The couple ids this member has been shown in `walk` (a trope id, or '' for picks
        without a trope) since it last started again."""

    @abstractmethod
    async def walk_on(
        self, guild_id: int, user_id: int, walk: str, couple_ids: tuple[str, ...], *, restart: bool
    ) -> None:
        """Note `couple_ids` as shown in `walk`; with `restart`, forget what was shown before."""

    @abstractmethod
    async def remember_member(self, guild_id: int, user_id: int, display_name: str) -> None:
        """Note the member's current server display name, which credits their reviews."""

    @abstractmethod
    async def reviews(
        self,
        guild_id: int,
        target: str,
        *,
        order: ReviewOrder = "newest",
        offset: int = 0,
        limit: int = 5,
    ) -> ReviewPage:
        """One page of the target's reviews in this guild: newest first, or highest score first
        (newest first among equal scores). Among reviews written in the same second the one
        written last comes first. The order is total, so pages never overlap or skip."""

    @abstractmethod
    async def member_reviews(self, guild_id: int, user_id: int) -> list[MemberReview]:
        """The reviews this member wrote in this guild, newest first."""

    @abstractmethod
    async def member_export(self, guild_id: int, user_id: int) -> list[MemberRating]:
        """Every rating of this member in this guild, with its review if any, by target: exactly
        their own rows and nothing of anyone else's."""

    @abstractmethod
    async def remove_review(self, guild_id: int, user_id: int, target: str) -> bool:
        """Moderation: delete the member's review of target (their score stays). False if there
        was none."""

    @abstractmethod
    async def reset_target(self, guild_id: int, target: str) -> int:
        """Moderation: delete every rating of target in this guild, and so their reviews.
        Returns how many ratings were deleted."""

    @abstractmethod
    async def held_about_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """How many rows are held about this member in this guild, by the kinds forget_member
        deletes: {"ratings", "reviews", "last_shown", "members"}; all 0 when nothing is."""

    @abstractmethod
    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """Delete everything held about this member in this guild. Returns how many rows went,
        by kind: {"ratings", "reviews", "last_shown", "pick_walks", "members"}."""

    @abstractmethod
    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        """Delete everything held about this guild (the bot left it). Returns how many rows
        went, by kind: {"ratings", "reviews", "last_shown", "pick_walks", "members",
        "settings", "cooldowns"}."""

    @abstractmethod
    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """The guild's settings; the defaults when an admin never changed any."""

    @abstractmethod
    async def set_reviews_enabled(self, guild_id: int, enabled: bool) -> GuildSettings:
        """Turn member reviews on or off in this guild; returns the settings now in force."""

    @abstractmethod
    async def set_cooldown(self, guild_id: int, command: str, seconds: int) -> GuildSettings:
        """Set the per-member cooldown of command (0 turns it off) from 0 to
        MAX_COOLDOWN_SECONDS; InvalidSetting otherwise. Returns the settings now in force."""

    @abstractmethod
    async def close(self) -> None:
        """Finish in-flight work and release the database. Safe to call twice."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
