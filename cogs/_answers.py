"""The answers commands and buttons share: each builds a Reply from the core's results.

Commands and persistent components both land here, so /rate and the rating select under an answer
behave the same, and a press after a restart gives exactly what the command would.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core import picks
from bot.core.services import RateRefused, Services, rate_problem, series_of
from bot.discord.render import (
    CoupleLines,
    VersusSide,
    ambiguous_target_embed,
    cooldown_embed,
    couple_embed,
    notice_embed,
    pick_embed,
    rate_refused_embed,
    rating_embed,
    reviews_embed,
    safe,
    unknown_target_embed,
)
from bot.domain.catalog import Catalog, Couple, is_couple_key
from bot.domain.matching import TargetAmbiguous, TargetNotFound
from bot.domain.recommend import Pick
from bot.store import ReviewPage, StoreUnavailable
from cogs._reply import PagerControls, PickControls, Reply, choices, services_of

SERVERS_ONLY = (
    "Scores and reviews belong to a server's members, so {what} works in servers only. "
    "Try it in a server we share!"
)
REVIEWS_PER_PAGE = 5

log = logging.getLogger(__name__)


async def target_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for an option naming the series or a couple (/rate, /scores, /reviews)."""
    return choices(services_of(interaction).matcher.complete_targets(current))


def servers_only(what: str) -> Reply:
    return Reply(notice_embed("Servers only", SERVERS_ONLY.format(what=what)), ephemeral=True)


def gone_from_catalog() -> Reply:
    text = "That's no longer in the catalog, so it can't be rated. Try `/couple` or `/recommend`."
    return Reply(notice_embed("Not available any more", text), ephemeral=True)


async def cooldown_reply(
    services: Services, interaction: discord.Interaction, command: str
) -> Reply | None:
    """A "try again in N s" answer while this member's cooldown runs, else None."""
    left = await services.cooldown_left(interaction.guild_id, interaction.user.id, command)
    return Reply(cooldown_embed(left), ephemeral=True) if left > 0 else None


async def couple_answer(
    services: Services, interaction: discord.Interaction, couple: Couple, *, ephemeral: bool = False
) -> Reply:
    guild_id = interaction.guild_id
    recommender = services.recommender
    lines = CoupleLines(
        recommender.quotes(couple),
        recommender.reservation(couple),
        await services.standing(guild_id, couple),
    )
    members = await services.reviews_beside_quotes(guild_id, couple.key)
    await remember_shown(services, interaction, couple.key)
    in_guild = guild_id is not None
    embed = couple_embed(couple, services.catalog, lines, members, in_guild=in_guild)
    controls = PickControls(couple.key, couple.id) if in_guild else None
    return Reply(embed, ephemeral, controls=controls)


async def pick_answer(
    services: Services, interaction: discord.Interaction, pick: Pick, *, ephemeral: bool = False
) -> Reply:
    members = await services.reviews_beside_quotes(interaction.guild_id, pick.couple.key)
    await remember_shown(services, interaction, pick.couple.key)
    # Rating and picking from the answer are about a server's scores: none in a DM.
    in_guild = interaction.guild_id is not None
    embed = pick_embed(pick, services.catalog, members, in_guild=in_guild)
    trope_id = pick.trope.id if pick.trope else None
    controls = PickControls(pick.couple.key, pick.couple.id, trope_id) if in_guild else None
    return Reply(embed, ephemeral, controls=controls)


async def remember_shown(services: Services, interaction: discord.Interaction, key: str) -> None:
    """Notes what the member was shown, for a later /rate without a target. A database that
    can't take this write right now (locked, full) must not cost the member the answer itself."""
    if interaction.guild_id is None:
        return
    try:
        await services.store.remember_shown(interaction.guild_id, interaction.user.id, key)
    except StoreUnavailable as error:
        log.warning("Showed %s without remembering it: %s", key, error)


async def rate_answer(
    services: Services,
    interaction: discord.Interaction,
    key: str,
    score: int,
    *,
    review: str | None = None,
    spoiler: bool | None = None,
    remove_review: bool = False,
) -> Reply:
    """Rates `key` for the member; every refusal is a friendly, private answer."""
    guild_id = interaction.guild_id
    if guild_id is None:
        return servers_only("rating")
    title = services.catalog.target_title(key)
    if title is None:
        return gone_from_catalog()
    # Options that contradict each other are refused before the cooldown counts this use.
    if problem := rate_problem(review, spoiler, remove_review):
        return Reply(rate_refused_embed(title, problem), ephemeral=True)
    if waiting := await cooldown_reply(services, interaction, "rate"):
        return waiting
    outcome = await services.rate(
        guild_id,
        interaction.user.id,
        interaction.user.display_name,
        key,
        score,
        review=review,
        spoiler=spoiler,
        remove_review=remove_review,
    )
    if isinstance(outcome, RateRefused):
        return Reply(rate_refused_embed(title, outcome.problem), ephemeral=True)
    return Reply(rating_embed(title, outcome), ephemeral=True)


async def another_pick(
    services: Services, interaction: discord.Interaction, couple_id: str, trope_id: str | None
) -> Reply:
    """The next couple of this member's walk. No cooldown: the answer is private, so pressing
    again at once crowds no channel, and a member browsing picks shouldn't be told to wait."""
    user_id = interaction.user.id
    outcome = await picks.another_pick(services, interaction.guild_id, user_id, couple_id, trope_id)
    match outcome:
        case picks.ServersOnly():
            return servers_only("picking from an answer")
        case picks.GoneFromCatalog():
            return gone_from_catalog()
        case picks.NoOtherPick():
            text = "That's the only couple the catalog has. Try `/tropes` or `/series`."
            return Reply(notice_embed("No other pick", text), ephemeral=True)
    return await pick_answer(services, interaction, outcome, ephemeral=True)


async def reviews_answer(
    services: Services,
    interaction: discord.Interaction,
    key: str,
    order: str,
    offset: int,
    *,
    edit: bool = False,
    ephemeral: bool = False,
) -> Reply:
    guild_id = interaction.guild_id
    if guild_id is None:
        return servers_only("reading reviews")
    title = services.catalog.target_title(key)
    if title is None:
        return gone_from_catalog()
    if not (await services.store.guild_settings(guild_id)).reviews_enabled:
        text = "A server admin has turned member reviews off here."
        return Reply(notice_embed("Reviews are off", text), ephemeral=True)
    page: ReviewPage = await services.store.reviews(
        guild_id, key, order=order, offset=max(offset, 0), limit=REVIEWS_PER_PAGE
    )
    if not page.items and page.total:
        # A button past the end (reviews deleted since, or a forged offset): the last page.
        last = (page.total - 1) // REVIEWS_PER_PAGE * REVIEWS_PER_PAGE
        page = await services.store.reviews(
            guild_id, key, order=order, offset=last, limit=REVIEWS_PER_PAGE
        )
    embed = reviews_embed(title, page, order, REVIEWS_PER_PAGE)
    pager = PagerControls(key, order, page, REVIEWS_PER_PAGE, interaction.user.id)
    return Reply(embed, ephemeral=ephemeral, edit=edit, controls=pager)


def target_problem(
    services: Services,
    text: str,
    problem: TargetAmbiguous | TargetNotFound,
    *,
    couples_only: bool = False,
) -> Reply:
    """Why `text` names no single target: every one it fits, or the closest to pick instead."""
    if isinstance(problem, TargetAmbiguous):
        names = [candidate_name(services.catalog, key) for _, key in problem.candidates]
        return Reply(ambiguous_target_embed(text, names), ephemeral=True)
    labels = [label for label, _ in problem.suggestions]
    return Reply(unknown_target_embed(text, labels, couples_only=couples_only), ephemeral=True)


def candidate_name(catalog: Catalog, key: str) -> str:
    """A target as named among others it could be confused with: a couple with its series when
    the catalog has several, the series as the series."""
    title = catalog.target_title(key) or key
    if not is_couple_key(key):
        return f"{title} (the series)"
    if len(catalog.series) > 1:
        return f"{title} ({series_of(catalog, key).title})"
    return title


def same_twice(title: str) -> Reply:
    text = f"You named {safe(title)} twice. Pick two different couples to compare."
    return Reply(notice_embed("Pick two couples", text), ephemeral=True)


async def versus_side(
    services: Services, interaction: discord.Interaction, couple: Couple
) -> VersusSide:
    summary = await services.summary(interaction.guild_id, couple.key)
    standing = await services.standing(interaction.guild_id, couple, summary)
    quote = next(iter(services.recommender.quotes(couple)), None)
    return VersusSide(couple, summary, standing, quote)
