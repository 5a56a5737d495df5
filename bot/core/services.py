"""What the cogs are handed: the catalog, the matcher and the open store, built outside the cogs,
and the few steps every command shares (cooldowns, rating with a review, member reviews)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from bot.domain.catalog import Catalog, Couple, Series
from bot.domain.cooldowns import Cooldowns
from bot.domain.matching import Matcher
from bot.domain.member_text import clean_line, clean_review
from bot.domain.recommend import Recommender
from bot.domain.scoring import Ranked, Tally, standing_of
from bot.store import (
    KEEP,
    MemberReview,
    NoReviewToMark,
    RatingChange,
    RatingStore,
    ScoreSummary,
)

# Commands whose per-member cooldown a server admin can set.
COOLDOWN_COMMANDS = ("rate", "recommend")
REVIEWS_BESIDE_QUOTES = 2


class RateProblem(Enum):
    """Why a /rate was refused as a whole, changing nothing (the score included)."""

    REVIEW_AND_REMOVE = "review-and-remove"  # new words and "remove my review" at once
    SPOILER_AND_REMOVE = "spoiler-and-remove"  # a spoiler flag for the review being removed
    NO_REVIEW_TO_MARK = "no-review-to-mark"  # a spoiler flag, and no review given or stored


class ReviewResult(Enum):
    """What became of the member's review when they rated; whether it is hidden as a spoiler is
    the change's `spoiler`."""

    NONE = "none"  # no review before, none given
    SAVED = "saved"  # the words given are stored now
    MARKED = "marked"  # the stored review's spoiler flag is as asked
    KEPT = "kept"  # the stored review stays as it was
    REMOVED = "removed"
    NOTHING_TO_REMOVE = "nothing-to-remove"  # asked to remove a review that wasn't there
    REFUSED = "refused"  # words were given, but this server has member reviews off


class Rated(NamedTuple):
    change: RatingChange
    review: ReviewResult = ReviewResult.NONE


class RateRefused(NamedTuple):
    problem: RateProblem


RateOutcome = Rated | RateRefused


def rate_problem(
    review: str | None, spoiler: bool | None, remove_review: bool
) -> RateProblem | None:
    """The contradiction in what /rate was given, if any: known before anything is read."""
    if remove_review and review is not None:
        return RateProblem.REVIEW_AND_REMOVE
    if remove_review and spoiler is not None:
        return RateProblem.SPOILER_AND_REMOVE
    return None


@dataclass(slots=True)
class Services:
    catalog: Catalog
    matcher: Matcher
    recommender: Recommender
    store: RatingStore
    default_cooldowns: dict[str, int] = field(default_factory=dict)
    cooldowns: Cooldowns = field(default_factory=Cooldowns)

    @classmethod
    def build(
        cls, catalog: Catalog, store: RatingStore, default_cooldowns: dict[str, int] | None = None
    ) -> Services:
        return cls(catalog, Matcher(catalog), Recommender(catalog), store, default_cooldowns or {})

    async def tallies(self, guild_id: int | None) -> dict[str, Tally]:
        """Every target's votes in this server (none outside a server)."""
        if guild_id is None:
            return {}
        summaries = await self.store.summaries(guild_id)
        return {key: tally_of(summary) for key, summary in summaries.items()}

    async def summary(self, guild_id: int | None, key: str) -> ScoreSummary:
        """One target's votes in this server (none outside a server)."""
        if guild_id is None:
            return ScoreSummary.empty(key)
        return await self.store.summary(guild_id, key)

    async def standing(
        self, guild_id: int | None, couple: Couple, summary: ScoreSummary | None = None
    ) -> Ranked:
        """The couple's server score, weighted and plain; `summary` if it was read already."""
        summary = summary or await self.summary(guild_id, couple.key)
        return standing_of(couple.key, tally_of(summary))

    async def rated_by(self, guild_id: int | None, user_id: int) -> dict[str, int]:
        """This member's scores here, by target (none outside a server)."""
        if guild_id is None:
            return {}
        return await self.store.user_ratings(guild_id, user_id)

    async def cooldown_left(self, guild_id: int | None, user_id: int, command: str) -> float:
        """0.0 when the member may go ahead (and the use is counted), else seconds to wait."""
        seconds = self.default_cooldowns.get(command, 0)
        if guild_id is not None:
            settings = await self.store.guild_settings(guild_id)
            seconds = settings.cooldowns.get(command, seconds)
        return self.cooldowns.try_use(guild_id or 0, user_id, command, seconds)

    async def rate(
        self,
        guild_id: int,
        user_id: int,
        display_name: str,
        key: str,
        score: int,
        *,
        review: str | None = None,
        spoiler: bool | None = None,
        remove_review: bool = False,
    ) -> RateOutcome:
        """Stores a score, and the review asked for: new words (cleaned first, and refused where
        reviews are off), a spoiler flag for the stored review, or its removal. A contradiction,
        or a flag with no review to go on, is refused as a whole (RateRefused), changing nothing.
        Raises ReviewTextError or the store's errors, having changed nothing."""
        if problem := rate_problem(review, spoiler, remove_review):
            return RateRefused(problem)
        text = None if review is None else clean_review(review)
        refused = (
            text is not None and not (await self.store.guild_settings(guild_id)).reviews_enabled
        )
        if refused:
            # The flag came with the words refused: it is not for the review stored before.
            text, spoiler = None, None
        try:
            change = await self.store.rate(
                guild_id,
                user_id,
                key,
                score,
                review=None if remove_review else (KEEP if text is None else text),
                spoiler=KEEP if spoiler is None else spoiler,
                display_name=clean_line(display_name) or None,
            )
        except NoReviewToMark:
            return RateRefused(RateProblem.NO_REVIEW_TO_MARK)
        if refused:
            return Rated(change, ReviewResult.REFUSED)
        return Rated(change, _review_result(change, text, spoiler, remove_review))

    async def reviews_beside_quotes(
        self, guild_id: int | None, key: str
    ) -> tuple[MemberReview, ...]:
        """The newest member reviews to show beside the review's quotes (none where turned off)."""
        if guild_id is None or not (await self.store.guild_settings(guild_id)).reviews_enabled:
            return ()
        page = await self.store.reviews(guild_id, key, order="newest", limit=REVIEWS_BESIDE_QUOTES)
        return page.items


def _review_result(
    change: RatingChange, text: str | None, spoiler: bool | None, remove_review: bool
) -> ReviewResult:
    if remove_review:
        had_one = change.previous_review is not None
        return ReviewResult.REMOVED if had_one else ReviewResult.NOTHING_TO_REMOVE
    if text is not None:
        return ReviewResult.SAVED
    if spoiler is not None:
        return ReviewResult.MARKED
    return ReviewResult.KEPT if change.review is not None else ReviewResult.NONE


def tally_of(summary: ScoreSummary) -> Tally:
    return Tally(summary.count, summary.total)


def series_of(catalog: Catalog, key: str) -> Series:
    """The series a rating target belongs to (the series itself for a series key)."""
    return catalog.series_of(key)
