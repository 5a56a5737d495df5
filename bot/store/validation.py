"""Checking what the store is asked, before any backend sees it.

What a member typed or picked and the store can refuse raises a typed StoreError (InvalidScore,
InvalidReview...). What only the bot's own code sends (ids from discord.py, paging from its
buttons) raises a plain TypeError or ValueError: a bad one is a bug, not a member's mistake.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.locales import SHIPPED_LOCALES, SOURCE_LOCALE
from bot.store.errors import (
    InvalidCommandName,
    InvalidCooldown,
    InvalidLanguage,
    InvalidReview,
    InvalidScore,
    InvalidTarget,
    ReviewProblem,
)
from bot.store.values import (
    MAX_COMMAND_NAME_LENGTH,
    MAX_COOLDOWN_SECONDS,
    MAX_DISPLAY_NAME_LENGTH,
    MAX_REVIEW_LENGTH,
    MAX_SCORE,
    MAX_SNOWFLAKE,
    MAX_TARGET_ID_LENGTH,
    MIN_SCORE,
    TARGET_KINDS,
    ReviewOrder,
)

_COMMAND_NAME = re.compile(rf"[a-z-]{{1,{MAX_COMMAND_NAME_LENGTH}}}")
_WALK_ID = re.compile(r"[a-z0-9-]{0,64}")


def validate_score(score: object) -> int:
    """The score as an int, or InvalidScore. bool is refused although Python counts it as int."""
    if not _whole_number_within(score, MIN_SCORE, MAX_SCORE):
        raise InvalidScore(score, MIN_SCORE, MAX_SCORE)
    return int(score)


def validate_target(target: object) -> str:
    """The target key, or InvalidTarget. Whether the id exists is the catalog's business."""
    if not isinstance(target, str):
        raise InvalidTarget(target)
    kind, _, ident = target.partition(":")
    well_formed = (
        kind in TARGET_KINDS
        and 0 < len(ident) <= MAX_TARGET_ID_LENGTH
        and ident.isprintable()
        and not any(ch.isspace() for ch in ident)
    )
    if not well_formed:
        raise InvalidTarget(target)
    return target


def validate_walk_id(name: str, value: object, *, empty_ok: bool = False) -> str:
    """A catalog id (lowercase letters, digits, hyphens), or InvalidTarget naming what it is."""
    if not isinstance(value, str) or not _WALK_ID.fullmatch(value) or not (value or empty_ok):
        raise InvalidTarget(value, kind=name)
    return value


def validate_review(review: object) -> str:
    """The review with surrounding whitespace removed, or InvalidReview."""
    if not isinstance(review, str):
        raise InvalidReview(ReviewProblem.NOT_TEXT, 0, MAX_REVIEW_LENGTH)
    text = review.strip()
    if not text:
        raise InvalidReview(ReviewProblem.EMPTY, 0, MAX_REVIEW_LENGTH)
    if len(text) > MAX_REVIEW_LENGTH:
        raise InvalidReview(ReviewProblem.TOO_LONG, len(text), MAX_REVIEW_LENGTH)
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise InvalidReview(ReviewProblem.CONTROL_CHARACTERS, len(text), MAX_REVIEW_LENGTH)
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
        raise InvalidCommandName(command, MAX_COMMAND_NAME_LENGTH)
    return command


def validate_cooldown(seconds: object) -> int:
    if not _whole_number_within(seconds, 0, MAX_COOLDOWN_SECONDS):
        raise InvalidCooldown(seconds, 0, MAX_COOLDOWN_SECONDS)
    return int(seconds)


def validate_flag(name: str, value: object) -> bool:
    """A yes/no from the bot's own code (a slash option, a button); anything else is a bug."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def validate_order(order: object) -> ReviewOrder:
    """Paging arguments come from the bot's own buttons, so a bad one is a bug: ValueError."""
    if order == "newest":
        return "newest"
    if order == "highest":
        return "highest"
    raise ValueError(f"order must be 'newest' or 'highest', not {order!r}")


def validate_count(name: str, value: object, low: int, high: int) -> int:
    """An offset or page size from the bot's own buttons; a bad one is a bug: ValueError."""
    if not _whole_number_within(value, low, high):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def validate_snowflake(name: str, value: object) -> int:
    """A Discord id as an int. Ids come from discord.py, so a bad one is a bug: plain ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not 0 <= value <= MAX_SNOWFLAKE:
        raise ValueError(f"{name} {value} is outside the range of Discord ids")
    return int(value)


def _whole_number_within(value: object, low: int, high: int) -> bool:
    """An int from low to high; bool is refused although Python counts it as an int."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate_key(guild_id: object, user_id: object, target: object) -> tuple[int, int, str]:
    """A (guild, member, target) key, each part checked."""
    return (
        validate_snowflake("guild_id", guild_id),
        validate_snowflake("user_id", user_id),
        validate_target(target),
    )


def validate_language(language: object) -> str | None:
    """A server language: a Discord locale the bot ships, or None for each member's own."""
    known = (SOURCE_LOCALE, *SHIPPED_LOCALES)
    if language is not None and language not in known:
        raise InvalidLanguage(language, known)
    return language
