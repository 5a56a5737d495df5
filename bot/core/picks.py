"""The picks' use cases: what /recommend shows first, and the next step of Another pick.

They return a Pick or a typed refusal; the cogs render either. Where each member is in their
walk is kept in the store, so the walk survives restarts and moves between processes.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from bot.core.services import Services
from bot.domain.catalog import Trope
from bot.domain.recommend import Pick
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)


class ServersOnly(NamedTuple):
    """Picking from an answer is about a server's scores: there is none here."""


class GoneFromCatalog(NamedTuple):
    """The couple the answer showed is no longer in the catalog."""


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
        return ServersOnly()
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
