"""What the cogs are handed: the catalog, the matcher and the open store, built outside the cogs,
and the few steps every command shares (cooldowns, rating with a review, member reviews)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from bot.catalog.models import Catalog, Couple, Series
from bot.cooldowns import Cooldowns
from bot.matching import Matcher
from bot.member_text import clean_line, clean_review
from bot.recommend import Recommender
from bot.scoring import Ranked, Tally, standing_of
from bot.store import KEEP, Keep, MemberReview, RatingChange, RatingStore, ScoreSummary

# Commands whose per-member cooldown a server admin can set.
COOLDOWN_COMMANDS = ("rate", "recommend")
REVIEWS_BESIDE_QUOTES = 2


class RateOutcome(NamedTuple):
    change: RatingChange
    review_refused: bool = False  # a review was given but this server has member reviews off


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
        """Stores a score (and review); a review is cleaned first and refused where reviews are
        off. Raises ReviewTextError or the store's errors, having changed nothing."""
        review_arg: str | Keep | None = KEEP
        refused = False
        if remove_review:
            review_arg = None
        elif review is not None:
            text = clean_review(review)
            if (await self.store.guild_settings(guild_id)).reviews_enabled:
                review_arg = text
            else:
                refused = True
        change = await self.store.rate(
            guild_id,
            user_id,
            key,
            score,
            review=review_arg,
            spoiler=KEEP if spoiler is None else spoiler,
            display_name=clean_line(display_name) or None,
        )
        return RateOutcome(change, review_refused=refused)

    async def reviews_beside_quotes(
        self, guild_id: int | None, key: str
    ) -> tuple[MemberReview, ...]:
        """The newest member reviews to show beside the review's quotes (none where turned off)."""
        if guild_id is None or not (await self.store.guild_settings(guild_id)).reviews_enabled:
            return ()
        page = await self.store.reviews(guild_id, key, order="newest", limit=REVIEWS_BESIDE_QUOTES)
        return page.items


def tally_of(summary: ScoreSummary) -> Tally:
    return Tally(summary.count, summary.total)


def series_of(catalog: Catalog, key: str) -> Series:
    """The series a rating target belongs to (the series itself for a series key)."""
    kind, _, ident = key.partition(":")
    if kind == "couple":
        ident = catalog.couples[ident].series_id
    return catalog.series[ident]
