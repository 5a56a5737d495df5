"""The values the store speaks in, whichever backend keeps them: limits, outcomes and records.

Nothing here knows about a database or Discord, so every backend and every cog shares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Final, Literal, NamedTuple, Self

# The domain's rules, which the store enforces too; named here so the store's users find them.
from bot.domain.cooldowns import MAX_COOLDOWN_SECONDS as MAX_COOLDOWN_SECONDS
from bot.domain.member_text import MAX_REVIEW_LENGTH as MAX_REVIEW_LENGTH

MIN_SCORE, MAX_SCORE = 1, 10
SCORES = range(MIN_SCORE, MAX_SCORE + 1)
TARGET_KINDS = frozenset({"series", "couple"})
MAX_TARGET_ID_LENGTH = 64
MAX_SNOWFLAKE = 2**63 - 1  # Discord ids fit a signed 64-bit integer, as databases store them
MAX_DISPLAY_NAME_LENGTH = 100  # Discord allows 32; room to spare without storing essays
MAX_PAGE_SIZE = 25  # an embed holds at most 25 fields
MAX_COMMAND_NAME_LENGTH = 32

ReviewOrder = Literal["newest", "highest"]

# What is held about a member in a server, by kind: what forget_member deletes and counts.
MEMBER_KINDS: Final = ("ratings", "reviews", "last_shown", "pick_walks", "members")
# What is held about a server: the member kinds of all its members, and its settings.
GUILD_KINDS: Final = (*MEMBER_KINDS, "settings", "cooldowns")


class _Keep(Enum):
    """Type of KEEP. An enum member, so type checkers narrow ``x is KEEP`` like ``x is None``."""

    KEEP = "KEEP"

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep.KEEP  # "leave the member's review / spoiler flag as it is"
Keep = _Keep  # the type of KEEP, for annotations outside the store


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
    renamed: bool = False  # the member's display name changed with it (their reviews show it)


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
    # The Discord locale of the server's public answers; None: each member's own language.
    language: str | None = None


class GuildExport(NamedTuple):
    """Everything held about one server, as values: exactly what forget_guild deletes.

    Each mapping is keyed by member id; ``walks`` by (member id, walk). ``settings`` is what is
    in force (the defaults when nobody changed any)."""

    ratings: Mapping[int, tuple[MemberRating, ...]]  # each member's, as member_export gives them
    last_shown: Mapping[int, str]
    walks: Mapping[tuple[int, str], frozenset[str]]
    names: Mapping[int, str]
    settings: GuildSettings
