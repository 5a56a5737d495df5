"""Reading member reviews page by page: which page a request lands on, and the refusals."""

from __future__ import annotations

from typing import NamedTuple

from bot.core.outcomes import GoneFromCatalog, ReviewsOff, ServerAction, ServersOnly
from bot.core.services import Services
from bot.store import ReviewPage

REVIEWS_PER_PAGE = 5


class ReviewsShown(NamedTuple):
    key: str
    title: str
    order: str
    page: ReviewPage
    per_page: int = REVIEWS_PER_PAGE


ReviewsOutcome = ReviewsShown | ServersOnly | GoneFromCatalog | ReviewsOff


async def reviews_page(
    services: Services, guild_id: int | None, key: str, order: str, offset: int
) -> ReviewsOutcome:
    """The page of `key`'s reviews starting at `offset`, kept within the reviews there are."""
    if guild_id is None:
        return ServersOnly(ServerAction.READING_REVIEWS)
    title = services.catalog.target_title(key)
    if title is None:
        return GoneFromCatalog()
    if not (await services.store.guild_settings(guild_id)).reviews_enabled:
        return ReviewsOff()
    page = await services.store.reviews(
        guild_id, key, order=order, offset=max(offset, 0), limit=REVIEWS_PER_PAGE
    )
    if not page.items and page.total:
        # A button past the end (reviews deleted since, or a forged offset): the last page.
        page = await services.store.reviews(
            guild_id, key, order=order, offset=last_page_offset(page.total), limit=REVIEWS_PER_PAGE
        )
    return ReviewsShown(key, title, order, page)


def last_page_offset(total: int) -> int:
    return (total - 1) // REVIEWS_PER_PAGE * REVIEWS_PER_PAGE
