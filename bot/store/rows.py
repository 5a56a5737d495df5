"""Rows as every backend's SQL returns them, read into the store's values.

Both backends' statements return the same columns in the same order (each backend's sql.py
says which); a row may be a tuple (sqlite3) or a Record (asyncpg), read by position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import Any

from bot.store.values import (
    GuildExport,
    GuildSettings,
    MemberRating,
    MemberReview,
    ReviewPage,
)


def by_kind(
    kinds: Sequence[str], statements: Sequence[tuple[str, str]], counts: Iterable[int]
) -> dict[str, int]:
    """Counts in the order of `statements`' kinds, keyed and ordered as `kinds`."""
    found = dict(zip((kind for kind, _ in statements), counts, strict=True))
    return {kind: int(found[kind]) for kind in kinds}


def member_review(row: Sequence[Any]) -> MemberReview:
    """A row of sql._REVIEWS_SELECT as a MemberReview."""
    user_id, target, score, text, spoiler, display_name, updated_at = row
    return MemberReview(user_id, target, score, text, bool(spoiler), display_name, updated_at)


def review_page(rows: Sequence[Sequence[Any]], offset: int) -> ReviewPage | None:
    """The page that rows of a reviews statement make, each carrying the total as its last
    column; None for a page past the end, whose total only a statement of its own can tell. The
    first page of a target nobody reviewed is known to be empty: no second statement."""
    if rows:
        items = tuple(member_review(row[:-1]) for row in rows)
        return ReviewPage(items, int(rows[0][-1]), offset)
    return ReviewPage((), 0, offset) if offset == 0 else None


def member_rating(
    target: str, score: int, text: str | None, spoiler: int | bool, created_at: int, updated_at: int
) -> MemberRating:
    return MemberRating(target, score, text, bool(spoiler), created_at, updated_at)


def settings_of(rows: Iterable[Sequence[Any]]) -> GuildSettings:
    """sql.SETTINGS' rows (name, value, language) as values."""
    rows = [tuple(row) for row in rows]
    own = next(((bool(value), language) for name, value, language in rows if name is None), None)
    enabled, language = own or (True, None)
    cooldowns = sorted((name, value) for name, value, _ in rows if name is not None)
    return GuildSettings(enabled, MappingProxyType(dict(cooldowns)), language)


def guild_export_of(rows: Iterable[Sequence[Any]]) -> GuildExport:
    """sql.GUILD_EXPORT's rows as values."""
    ratings: dict[int, list[MemberRating]] = {}
    shown: dict[int, str] = {}
    walks: dict[tuple[int, str], set[str]] = {}
    names: dict[int, str] = {}
    settings: list[tuple[str | None, int, str | None]] = []
    for kind, user, text, number, other, flag, created_at, updated_at in rows:
        if kind == "rating":
            rating = member_rating(text, number, other, flag, created_at, updated_at)
            ratings.setdefault(user, []).append(rating)
        elif kind == "shown":
            shown[user] = text
        elif kind == "walk":
            walks.setdefault((user, text), set()).add(other)
        elif kind == "name":
            names[user] = text
        elif kind == "enabled":  # the settings row: the reviews flag and the language
            settings.append((None, number, other))
        else:  # a cooldown, as sql.SETTINGS gives them
            settings.append((text, number, None))
    return GuildExport(
        ratings=MappingProxyType({user: tuple(rated) for user, rated in ratings.items()}),
        last_shown=MappingProxyType(shown),
        walks=MappingProxyType({key: frozenset(couples) for key, couples in walks.items()}),
        names=MappingProxyType(names),
        settings=settings_of(settings),
    )
