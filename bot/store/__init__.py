"""Members' scores, reviews and server settings, kept per guild behind one interface
(RatingStore), whichever database keeps them.

open_store() is the one place that picks a backend. Everything else (the cogs, the CLI, tests
of the store's promises) sees the interface, its values and its errors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final, Protocol

from bot.store.base import RatingStore
from bot.store.core import CoreStore
from bot.store.errors import (
    CannotOpen,
    DamagedDatabase,
    DatabaseTooNew,
    FailedIntegrityCheck,
    ForeignDatabase,
    IncompatibleDatabase,
    InvalidCommandName,
    InvalidCooldown,
    InvalidLanguage,
    InvalidReview,
    InvalidScore,
    InvalidSetting,
    InvalidTarget,
    MarkProblem,
    NoReviewToMark,
    OpenStep,
    ReviewProblem,
    StoreClosed,
    StoreError,
    StoreFailed,
    StoreUnavailable,
    Unavailability,
)
from bot.store.urls import (
    DatabaseUrl,
    DatabaseUrlError,
    file_url,
    file_url_of,
    scheme_of,
    server_url,
)
from bot.store.values import (
    GUILD_KINDS,
    KEEP,
    MAX_COOLDOWN_SECONDS,
    MAX_PAGE_SIZE,
    MAX_REVIEW_LENGTH,
    MAX_SCORE,
    MEMBER_KINDS,
    MIN_SCORE,
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

__all__ = [
    "GUILD_KINDS",
    "KEEP",
    "MAX_COOLDOWN_SECONDS",
    "MAX_PAGE_SIZE",
    "MAX_REVIEW_LENGTH",
    "MAX_SCORE",
    "MEMBER_KINDS",
    "MIN_SCORE",
    "CannotOpen",
    "CoreStore",
    "DamagedDatabase",
    "DatabaseTooNew",
    "DatabaseUrl",
    "DatabaseUrlError",
    "FailedIntegrityCheck",
    "ForeignDatabase",
    "GuildExport",
    "GuildSettings",
    "IncompatibleDatabase",
    "InvalidCommandName",
    "InvalidCooldown",
    "InvalidLanguage",
    "InvalidReview",
    "InvalidScore",
    "InvalidSetting",
    "InvalidTarget",
    "Keep",
    "MarkProblem",
    "MemberRating",
    "MemberReview",
    "NoReviewToMark",
    "OpenStep",
    "RatingChange",
    "RatingStore",
    "ReviewOrder",
    "ReviewPage",
    "ReviewProblem",
    "ScoreSummary",
    "StoreClosed",
    "StoreError",
    "StoreFailed",
    "StoreUnavailable",
    "Unavailability",
    "database_url",
    "file_database_url",
    "open_store",
]

_SQLITE: Final = "sqlite"
_POSTGRESQL: Final = "postgresql"
# Every spelling of PostgreSQL's scheme ("postgresql+asyncpg" as SQLAlchemy writes it).
_POSTGRESQL_SCHEMES: Final = frozenset({"postgresql", "postgres"})
_FIX: Final = (
    "such as sqlite:///path/to/ratings.db or postgresql://user:password@host:5432/database"
)
_USE: Final = f"use a URL {_FIX}"


class HasStoreUrl(Protocol):
    """What open_store needs of the bot's settings."""

    @property
    def store_url(self) -> DatabaseUrl: ...


def database_url(text: str) -> DatabaseUrl:
    """text as a DatabaseUrl of a backend this bot has, or DatabaseUrlError saying what is wrong
    and what to write instead."""
    scheme = scheme_of(text.strip())
    if scheme is None:
        raise DatabaseUrlError("is not a URL", f"write scheme://..., {_FIX}")
    if scheme == _SQLITE:
        return file_url(text.strip(), _SQLITE)
    base, _, driver = scheme.partition("+")  # "postgresql+asyncpg" is PostgreSQL too
    if base in _POSTGRESQL_SCHEMES and driver in {"", "asyncpg"}:
        return server_url(
            text.strip(), _POSTGRESQL, "postgresql://user:password@host:5432/database"
        )
    raise DatabaseUrlError(f"has the unknown scheme {scheme!r}", _USE)


def file_database_url(path: Path | str) -> DatabaseUrl:
    """The URL of the database file at path (the store's file backend: SQLite)."""
    return file_url_of(path, _SQLITE)


async def open_store(
    where: HasStoreUrl | DatabaseUrl | str, *, clock: Callable[[], int] | None = None
) -> CoreStore:
    """Open the rating store at a database URL (or the one the bot's settings name), creating
    and migrating its schema as needed. ``clock`` (unix seconds) stamps what is stored; it
    defaults to the system clock.

    Raises DatabaseUrlError for a URL of no backend this bot has, IncompatibleDatabase for a
    database it must not touch, and another StoreError for one it can't reach.
    """
    url = _url_of(where)
    if url.scheme == _SQLITE and url.path is not None:
        # Imported here: a backend's driver loads only when the bot uses it.
        from bot.store.sqlite import SQLiteRatingStore

        return await SQLiteRatingStore.open(url.path, clock=clock)
    if url.scheme == _POSTGRESQL:
        from bot.store.postgres import PostgresRatingStore

        return await PostgresRatingStore.open(url, clock=clock)
    raise DatabaseUrlError(f"names the {url.scheme!r} backend, which this bot lacks", _USE)


def _url_of(where: HasStoreUrl | DatabaseUrl | str) -> DatabaseUrl:
    if isinstance(where, DatabaseUrl):
        return where
    if isinstance(where, str):
        return database_url(where)
    return where.store_url
