"""Shared by the matching tests: the catalogs they match against, and what they check often."""

from __future__ import annotations

from pathlib import Path

from bot.domain.matching import DISCORD_CHOICE_MAX, Matcher

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "data"
TWO_SERIES = ROOT / "tests" / "fixtures" / "catalogs" / "two-series"


def couple_id(matcher: Matcher, name: str, partner: str | None = None) -> str | None:
    lookup = matcher.find_couple(name, partner)
    return lookup.couple.id if lookup.couple else None


def within_discord_limits(choices: list[tuple[str, str]], limit: int = 25) -> bool:
    return len(choices) <= limit and all(
        0 < len(label) <= DISCORD_CHOICE_MAX and 0 < len(value) <= DISCORD_CHOICE_MAX
        for label, value in choices
    )
