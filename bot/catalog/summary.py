"""A few human lines describing a loaded catalog, printed by `python -m bot check`."""

from __future__ import annotations

from bot.catalog.locales import missing_translations
from bot.domain.catalog import Catalog
from bot.domain.locales import SHIPPED_LOCALES


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def summarize(catalog: Catalog) -> str:
    tropes = [t for t in catalog.tropes.values() if t.kind == "trope"]
    tags = [t for t in catalog.tropes.values() if t.kind == "tag"]
    spoilers = sum(1 for s in catalog.snippets if s.spoiler)
    titles = ", ".join(s.title for s in catalog.series.values())
    couples = ", ".join(c.title for c in catalog.couples.values())
    lines = [
        f"{_count(len(catalog.series), 'series', 'series')}: {titles}",
        f"{_count(len(catalog.couples), 'couple')}: {couples}",
        f"{_count(len(tropes), 'trope')}: {', '.join(t.name for t in tropes)}",
        f"{_count(len(tags), 'tag')}: {', '.join(t.name for t in tags)}",
        f"{_count(len(catalog.snippets), 'snippet')} ({_count(spoilers, 'spoiler')})",
        *_translations(catalog),
    ]
    return "\n".join(lines)


def _translations(catalog: Catalog) -> list[str]:
    """Which locales the catalog's words are in, and what a shipped locale shows in English."""
    locales = ", ".join(catalog.locales) or "none yet"
    lines = [f"Translated into: {locales} (quotes stay as the review wrote them)"]
    missing = missing_translations(catalog)
    if missing:
        shipped = ", ".join(SHIPPED_LOCALES)
        lines.append(
            f"{_count(len(missing), 'entry', 'entries')} still in English for a shipped locale"
            f" ({shipped}); members of it see the English until you add them:"
        )
        lines.extend(f"  - {line}" for line in missing)
    return lines
