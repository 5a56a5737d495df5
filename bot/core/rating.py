"""Rating and the server's scores: /rate and the rating menu, /scores, and their refusals."""

from __future__ import annotations

from typing import NamedTuple

from bot.core.outcomes import CoolingDown, GoneFromCatalog, ServerAction, ServersOnly
from bot.core.services import Rated, RateProblem, RateRefused, Services, rate_problem
from bot.domain.catalog import Series
from bot.domain.matching import TargetAmbiguous, TargetFound, TargetMatch, TargetNotFound
from bot.domain.scoring import NO_VOTES, Ranked, Tally
from bot.store import ScoreSummary


class RateRequest(NamedTuple):
    """What a member asked to store: a score, and what becomes of their review."""

    score: int
    review: str | None = None
    spoiler: bool | None = None
    remove_review: bool = False


class Scored(NamedTuple):
    """A rating stored (`outcome.review` says what became of the review)."""

    title: str
    outcome: Rated


class Refused(NamedTuple):
    """What /rate was given doesn't fit together: nothing changed."""

    title: str
    problem: RateProblem


TargetProblem = TargetAmbiguous | TargetNotFound
RateOutcome = Scored | Refused | ServersOnly | GoneFromCatalog | CoolingDown
NamedRateOutcome = RateOutcome | TargetProblem


async def rate_named(
    services: Services,
    guild_id: int | None,
    user_id: int,
    display_name: str,
    text: str | None,
    asked: RateRequest,
) -> NamedRateOutcome:
    """/rate: the named target, else what this member was last shown here, else the series."""
    if guild_id is None:
        return ServersOnly(ServerAction.RATE_COMMAND)
    found = await target_or_default(services, guild_id, user_id, text)
    if not isinstance(found, TargetFound):
        return found
    return await rate_target(services, guild_id, user_id, display_name, found.key, asked)


async def rate_target(
    services: Services,
    guild_id: int | None,
    user_id: int,
    display_name: str,
    key: str,
    asked: RateRequest,
) -> RateOutcome:
    """Rates `key` for the member; every refusal changes nothing."""
    if guild_id is None:
        return ServersOnly(ServerAction.RATING)
    title = services.catalog.target_title(key)
    if title is None:
        return GoneFromCatalog()
    # Options that contradict each other are refused before the cooldown counts this use.
    if problem := rate_problem(asked.review, asked.spoiler, asked.remove_review):
        return Refused(title, problem)
    if (left := await services.cooldown_left(guild_id, user_id, "rate")) > 0:
        return CoolingDown(left)
    outcome = await services.rate(
        guild_id,
        user_id,
        display_name,
        key,
        asked.score,
        review=asked.review,
        spoiler=asked.spoiler,
        remove_review=asked.remove_review,
    )
    if isinstance(outcome, RateRefused):
        return Refused(title, outcome.problem)
    return Scored(title, outcome)


async def target_or_default(
    services: Services, guild_id: int, user_id: int, text: str | None
) -> TargetMatch:
    """The named target; else what this member was last shown here; else the series."""
    if text is not None and text.strip():
        return services.matcher.match_target(text)
    catalog = services.catalog
    shown = await services.store.last_shown(guild_id, user_id)
    if shown is not None and catalog.target_title(shown) is not None:
        return TargetFound(shown)
    return TargetFound(next(iter(catalog.series.values())).key)


class Ranking(NamedTuple):
    """The server's ranking of the couples, and each series' votes."""

    couples: tuple[Ranked, ...]  # best first
    series: tuple[tuple[Series, Tally], ...]


class TargetScores(NamedTuple):
    key: str
    title: str
    summary: ScoreSummary
    series: Series


ScoresOutcome = Ranking | TargetScores | ServersOnly | TargetProblem


async def scores(services: Services, guild_id: int | None, text: str | None) -> ScoresOutcome:
    """/scores: the ranking when no target is named, else the target's votes."""
    if guild_id is None:
        return ServersOnly(ServerAction.SCORES_COMMAND)
    if text is None or not text.strip():
        return await ranking(services, guild_id)
    found = services.matcher.match_target(text)
    if not isinstance(found, TargetFound):
        return found
    key, catalog = found.key, services.catalog
    summary = await services.store.summary(guild_id, key)
    return TargetScores(key, catalog.target_title(key) or key, summary, catalog.series_of(key))


async def ranking(services: Services, guild_id: int) -> Ranking:
    tallies = await services.tallies(guild_id)
    rows = tuple(services.recommender.ranking(tallies))
    series = tuple(
        (show, tallies.get(show.key, NO_VOTES)) for show in services.catalog.series.values()
    )
    return Ranking(rows, series)
