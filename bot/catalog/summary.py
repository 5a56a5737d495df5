"""A few human lines describing a loaded catalog, printed by `python -m bot check`."""

from __future__ import annotations

from bot.domain.catalog import Catalog


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
    ]
    return "\n".join(lines)
