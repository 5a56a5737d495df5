"""What every rating store promises the cogs, whichever database keeps the data.

The values and errors it speaks in are in bot.store.values and bot.store.errors. One
implementation, bot.store.core.CoreStore, keeps every promise the same way over any backend
(bot.store.backend); open_store() picks the backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self

from bot.store.identify import IdentifyGate
from bot.store.values import (
    KEEP,
    GuildExport,
    GuildSettings,
    Keep,
    MemberRating,
    MemberReview,
    RatingChange,
    ReviewOrder,
    ReviewPage,
    ScoreSummary,
)


class RatingStore(ABC):
    """Members' scores (1-10) for the series and couples, kept per guild, plus what the bot
    last showed each member. One guild never sees another's data.

    Use as ``async with await open_store(url) as store:`` or call close().
    """

    @abstractmethod
    async def rate(
        self,
        guild_id: int,
        user_id: int,
        target: str,
        score: int,
        *,
        review: str | Keep | None = KEEP,
        spoiler: bool | Keep = KEEP,
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
    async def held_about_guild(self, guild_id: int) -> dict[str, int]:
        """How many rows are held about this guild, by the kinds forget_guild deletes
        (GUILD_KINDS); all 0 when nothing is."""

    @abstractmethod
    async def guild_export(self, guild_id: int) -> GuildExport:
        """Everything held about this guild, as values: what forget_guild deletes. Each member's
        ratings are exactly what member_export gives them."""

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
    async def set_language(self, guild_id: int, language: str | None) -> GuildSettings:
        """Set the language of the server's public answers: a shipped Discord locale, or None
        for each member's own; InvalidSetting otherwise. Returns the settings now in force."""

    def identify_gate(self) -> IdentifyGate | None:
        """The gate that lets the shards of every process sharing this database take turns to
        IDENTIFY (bot.store.identify); None when the database can't (SQLite): the client then
        uses a gate of its own process."""
        return None

    @abstractmethod
    async def close(self) -> None:
        """Finish in-flight work and release the database. Safe to call twice."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
