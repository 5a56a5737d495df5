"""/series: which series was asked for, the review's lines about it, and this server's votes."""

from __future__ import annotations

from typing import NamedTuple

from bot.core.services import Services, series_of, tally_of
from bot.domain.catalog import Series, Snippet
from bot.domain.matching import TargetAmbiguous, TargetFound
from bot.domain.scoring import Tally


class SeriesQuotes(NamedTuple):
    praise: tuple[Snippet, ...]
    reservations: tuple[Snippet, ...]
    verdict: tuple[Snippet, ...]


class SeriesShown(NamedTuple):
    series: Series
    quotes: SeriesQuotes
    standing: Tally | None  # the server's votes for it; None outside a server


class WhichSeries(NamedTuple):
    """No single series: none was named and the catalog has several, or the name (`typed`)
    fits none. The answer lists them."""

    titles: tuple[str, ...]
    typed: str | None = None


SeriesOutcome = SeriesShown | WhichSeries | TargetAmbiguous


async def show_series(services: Services, guild_id: int | None, name: str | None) -> SeriesOutcome:
    found = which_series(services, name)
    if not isinstance(found, Series):
        return found
    standing = None
    if guild_id is not None:
        standing = tally_of(await services.store.summary(guild_id, found.key))
    return SeriesShown(found, series_quotes(services, found), standing)


def which_series(services: Services, name: str | None) -> Series | WhichSeries | TargetAmbiguous:
    """The series named (a couple's name means its series); the only one when none is named."""
    catalog = services.catalog
    titles = tuple(s.title for s in catalog.series.values())
    if name is None or not name.strip():
        if len(catalog.series) == 1:
            return next(iter(catalog.series.values()))
        return WhichSeries(titles)
    match = services.matcher.match_target(name)
    if isinstance(match, TargetFound):
        return series_of(catalog, match.key)
    if isinstance(match, TargetAmbiguous):
        fitting = {series_of(catalog, key).id for _, key in match.candidates}
        if len(fitting) == 1:
            return catalog.series[fitting.pop()]
        return match
    return WhichSeries(titles, name)


def series_quotes(services: Services, series: Series) -> SeriesQuotes:
    """The review's praise and criticisms of the series, its overall verdict set apart."""
    praise, reservations = services.recommender.series_quotes(series.id)
    verdict = tuple(s for s in reservations + praise if "verdict" in s.aspects and not s.couples)
    return SeriesQuotes(
        praise=tuple(s for s in praise if s not in verdict),
        reservations=tuple(s for s in reservations if s not in verdict),
        verdict=verdict,
    )
