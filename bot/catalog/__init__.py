"""The catalog: series, couples, tropes and review snippets, loaded from `data/`."""

from bot.catalog.loader import CatalogError, load_catalog
from bot.catalog.references import ASPECTS
from bot.catalog.summary import summarize
from bot.domain.catalog import (
    Catalog,
    Character,
    Couple,
    Review,
    Series,
    Snippet,
    Trope,
    couple_key,
    series_key,
)

__all__ = [
    "ASPECTS",
    "Catalog",
    "CatalogError",
    "Character",
    "Couple",
    "Review",
    "Series",
    "Snippet",
    "Trope",
    "couple_key",
    "load_catalog",
    "series_key",
    "summarize",
]
