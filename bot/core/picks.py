"""The picks' use cases: what /recommend shows first, the next step of Another pick, a couple's
profile and two couples side by side.

They return what to show or a typed refusal; the cogs render either. Where each member is in their
walk is kept in the store, so the walk survives restarts and moves between processes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import NamedTuple

from bot.core.outcomes import CoolingDown, GoneFromCatalog, ServerAction, ServersOnly
from bot.core.services import Services
from bot.domain.catalog import Couple, Snippet, Trope
from bot.domain.matching import TargetAmbiguous, TargetFound, TargetNotFound
from bot.domain.recommend import Pick
from bot.domain.scoring import Ranked
from bot.store import MemberReview, ScoreSummary, StoreUnavailable

log = logging.getLogger(__name__)


class NoOtherPick(NamedTuple):
    """The catalog has no other couple to show."""


AnotherPickOutcome = Pick | ServersOnly | GoneFromCatalog | NoOtherPick


async def first_pick(
    services: Services, guild_id: int | None, user_id: int, trope: Trope | None
) -> Pick | None:
    """The head of the member's walk; outside a server, the couples in turn. None when the
    catalog has nothing to recommend."""
    if guild_id is None:
        return services.recommender.in_turn(user_id, trope)
    tallies = await services.tallies(guild_id)
    fits = trope is not None and services.catalog.couples_for_trope(trope.id)
    # A trope's first pick is always one of its couples: the member's own ratings don't matter.
    rated = {} if fits else await services.rated_by(guild_id, user_id)
    return services.recommender.first(trope, rated, tallies)


async def another_pick(
    services: Services, guild_id: int | None, user_id: int, couple_id: str, trope_id: str | None
) -> AnotherPickOutcome:
    """The next couple of this member's walk after `couple_id` (see bot.domain.recommend): every
    candidate once before any comes round again."""
    if guild_id is None:
        return ServersOnly(ServerAction.PICKING)
    if couple_id not in services.catalog.couples:
        return GoneFromCatalog()
    trope = services.catalog.tropes.get(trope_id or "")
    walk = trope.id if trope else ""
    tallies = await services.tallies(guild_id)
    rated = await services.rated_by(guild_id, user_id)
    seen = await services.store.walked(guild_id, user_id, walk)
    pick = services.recommender.next_in_walk(trope, rated, tallies, seen=seen, shown=couple_id)
    if pick is None:
        return NoOtherPick()
    await _walk_on(services, guild_id, user_id, walk, couple_id, pick)
    return pick


async def _walk_on(
    services: Services, guild_id: int, user_id: int, walk: str, pressed_on: str, pick: Pick
) -> None:
    """Notes what this press showed: the couple it answered from and the new pick; a walk that
    starts again starts with the new pick alone. A database that can't take the write right
    now must not cost the member the answer: the walk may then show one again, nothing worse."""
    restart = pick.reason.started_again
    shown = (pick.couple.id,) if restart else (pressed_on, pick.couple.id)
    try:
        await services.store.walk_on(guild_id, user_id, walk, shown, restart=restart)
    except StoreUnavailable as error:
        log.warning("Showed a pick without noting it in the walk: %s", error)


class UnknownTrope(NamedTuple):
    """The trope typed for /recommend is none the catalog knows: the closest ones."""

    text: str
    suggestions: tuple[Trope, ...]


class NothingToRecommend(NamedTuple):
    """The catalog has no couple to recommend (for that trope)."""


RecommendOutcome = Pick | UnknownTrope | CoolingDown | NothingToRecommend


async def recommend(
    services: Services, guild_id: int | None, user_id: int, text: str | None
) -> RecommendOutcome:
    """/recommend: a pick for the trope typed, or for the member when none is."""
    trope = None
    if text is not None and text.strip():
        match = services.matcher.match_trope(text)
        if match.trope is None:
            return UnknownTrope(text, tuple(match.suggestions))
        trope = match.trope
    if (left := await services.cooldown_left(guild_id, user_id, "recommend")) > 0:
        return CoolingDown(left)
    pick = await first_pick(services, guild_id, user_id, trope)
    return NothingToRecommend() if pick is None else pick


class CoupleLines(NamedTuple):
    """What a couple's answer says besides its story: the review's lines and the scores."""

    quotes: Sequence[Snippet]
    reservation: Snippet | None
    standing: Ranked


class Shown(NamedTuple):
    """A couple's profile or a pick, as this place shows it: in a server, with the members'
    reviews beside the review's quotes and the components to rate it or pick again; in a DM,
    neither (there is no server's scores to be about)."""

    subject: Pick | Couple
    lines: CoupleLines
    members: tuple[MemberReview, ...]
    in_guild: bool


async def show_pick(services: Services, guild_id: int | None, user_id: int, pick: Pick) -> Shown:
    lines = CoupleLines(pick.quotes, pick.reservation, pick.standing)
    return await _shown(services, guild_id, user_id, pick, pick.couple, lines)


async def show_couple(
    services: Services, guild_id: int | None, user_id: int, couple: Couple
) -> Shown:
    recommender = services.recommender
    lines = CoupleLines(
        recommender.quotes(couple),
        recommender.reservation(couple),
        await services.standing(guild_id, couple),
    )
    return await _shown(services, guild_id, user_id, couple, couple, lines)


async def _shown(
    services: Services,
    guild_id: int | None,
    user_id: int,
    subject: Pick | Couple,
    couple: Couple,
    lines: CoupleLines,
) -> Shown:
    members = await services.reviews_beside_quotes(guild_id, couple.key)
    await remember_shown(services, guild_id, user_id, couple.key)
    return Shown(subject, lines, members, in_guild=guild_id is not None)


async def remember_shown(services: Services, guild_id: int | None, user_id: int, key: str) -> None:
    """Notes what the member was shown, for a later /rate without a target. A database that
    can't take this write right now (locked, full) must not cost the member the answer itself."""
    if guild_id is None:
        return
    try:
        await services.store.remember_shown(guild_id, user_id, key)
    except StoreUnavailable as error:
        log.warning("Showed %s without remembering it: %s", key, error)


class VersusSide(NamedTuple):
    couple: Couple
    summary: ScoreSummary
    standing: Ranked
    quote: Snippet | None


class Versus(NamedTuple):
    left: VersusSide
    right: VersusSide


class SameTwice(NamedTuple):
    """Both names are the same couple: nothing to compare."""

    title: str


class NotACouple(NamedTuple):
    """One of the two names fits no single couple."""

    text: str
    problem: TargetAmbiguous | TargetNotFound


VersusOutcome = Versus | SameTwice | NotACouple | GoneFromCatalog


async def versus(
    services: Services, guild_id: int | None, first: str, second: str
) -> VersusOutcome:
    """/versus: two couples' scores and a quote each."""
    couples = []
    for text in (first, second):
        found = services.matcher.match_target(text, couples_only=True)
        if not isinstance(found, TargetFound):
            return NotACouple(text, found)
        couple = services.catalog.couple_of(found.key)
        if couple is None:
            return GoneFromCatalog()
        couples.append(couple)
    if couples[0].id == couples[1].id:
        return SameTwice(couples[0].title)
    left, right = [await _versus_side(services, guild_id, c) for c in couples]
    return Versus(left, right)


async def _versus_side(services: Services, guild_id: int | None, couple: Couple) -> VersusSide:
    summary = await services.summary(guild_id, couple.key)
    standing = await services.standing(guild_id, couple, summary)
    quote = next(iter(services.recommender.quotes(couple)), None)
    return VersusSide(couple, summary, standing, quote)
