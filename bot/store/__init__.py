"""Members' scores, reviews and server settings, kept per guild behind one interface
(RatingStore).

SQLite is the only backend today; open_store() is where a PostgreSQL one will be chosen later.
"""

from __future__ import annotations

from pathlib import Path

from bot.store.base import (
    KEEP,
    MAX_COOLDOWN_SECONDS,
    MAX_PAGE_SIZE,
    MAX_REVIEW_LENGTH,
    MAX_SCORE,
    MIN_SCORE,
    GuildSettings,
    IncompatibleDatabase,
    InvalidReview,
    InvalidScore,
    InvalidSetting,
    InvalidTarget,
    Keep,
    MemberRating,
    MemberReview,
    NoReviewToMark,
    RatingChange,
    RatingStore,
    ReviewOrder,
    ReviewPage,
    ScoreSummary,
    StoreError,
    StoreUnavailable,
)
from bot.store.sqlite import SQLiteRatingStore

__all__ = [
    "KEEP",
    "MAX_COOLDOWN_SECONDS",
    "MAX_PAGE_SIZE",
    "MAX_REVIEW_LENGTH",
    "MAX_SCORE",
    "MIN_SCORE",
    "GuildSettings",
    "IncompatibleDatabase",
    "InvalidReview",
    "InvalidScore",
    "InvalidSetting",
    "InvalidTarget",
    "Keep",
    "MemberRating",
    "MemberReview",
    "NoReviewToMark",
    "RatingChange",
    "RatingStore",
    "ReviewOrder",
    "ReviewPage",
    "SQLiteRatingStore",
    "ScoreSummary",
    "StoreError",
    "StoreUnavailable",
    "open_store",
]


async def open_store(path: Path | str, *, busy_timeout_ms: int = 5000) -> RatingStore:
    """Open the rating store at path (a SQLite file), migrating it to the current schema."""
    return await SQLiteRatingStore.open(path, busy_timeout_ms=busy_timeout_ms)
