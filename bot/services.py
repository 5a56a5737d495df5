"""What the cogs are handed: the loaded catalog and the open store, built outside the cogs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalog.models import Catalog, Couple, Series
from bot.matching import Matcher
from bot.recommend import Recommender
from bot.scoring import Ranked, Tally
from bot.store import RatingStore, ScoreSummary


@dataclass(slots=True)
class Services:
    catalog: Catalog
    matcher: Matcher
    recommender: Recommender
    store: RatingStore

    @classmethod
    def build(cls, catalog: Catalog, store: RatingStore) -> Services:
        return cls(catalog, Matcher(catalog), Recommender(catalog), store)

    async def tallies(self, guild_id: int | None) -> dict[str, Tally]:
        """Every target's votes in this server (none outside a server)."""
        if guild_id is None:
            return {}
        summaries = await self.store.summaries(guild_id)
        return {key: tally_of(summary) for key, summary in summaries.items()}

    async def standing(self, guild_id: int | None, couple: Couple) -> Ranked:
        return self.recommender.standing(couple, await self.tallies(guild_id))


def tally_of(summary: ScoreSummary) -> Tally:
    return Tally(summary.count, summary.total)


def series_of(catalog: Catalog, key: str) -> Series:
    """The series a rating target belongs to (the series itself for a series key)."""
    kind, _, ident = key.partition(":")
    if kind == "couple":
        ident = catalog.couples[ident].series_id
    return catalog.series[ident]
