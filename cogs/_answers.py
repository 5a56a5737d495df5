"""The answers commands and buttons share: each renders an outcome of the core as a Reply.

Commands and persistent components both land here, so /rate and the rating select under an answer
behave the same, and a press after a restart gives exactly what the command would.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core import picks, rating
from bot.core.outcomes import CoolingDown, GoneFromCatalog, ReviewsOff, ServersOnly
from bot.core.reviews import ReviewsShown, reviews_page
from bot.core.services import Services, series_of
from bot.discord.render import (
    ambiguous_target_embed,
    cooldown_embed,
    couple_embed,
    notices,
    pick_embed,
    rate_refused_embed,
    rating_embed,
    reviews_embed,
    unknown_target_embed,
)
from bot.discord.render import choices as worded
from bot.discord.words import words_for
from bot.domain.catalog import Catalog, Couple, is_couple_key
from bot.domain.matching import TargetAmbiguous, TargetNotFound
from bot.i18n import Translator
from cogs._reply import PagerControls, PickControls, Reply, choices, services_of


async def target_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for an option naming the series or a couple (/rate, /scores, /reviews)."""
    services = services_of(interaction)
    found = services.matcher.complete_targets(current)
    return choices(worded.target_choices(words_for(interaction), services.catalog, found))


def refusal(
    tr: Translator, outcome: ServersOnly | GoneFromCatalog | CoolingDown | ReviewsOff
) -> Reply:
    """A refusal several use cases share, as a private notice."""
    match outcome:
        case ServersOnly(action=action):
            return Reply(notices.servers_only_embed(tr, action), ephemeral=True, refused=True)
        case GoneFromCatalog():
            return Reply(notices.gone_from_catalog_embed(tr), ephemeral=True, refused=True)
        case CoolingDown(retry_after=left):
            return Reply(cooldown_embed(tr, left), ephemeral=True, refused=True)
    return Reply(notices.reviews_off_embed(tr), ephemeral=True, refused=True)


SharedRefusal = ServersOnly | GoneFromCatalog | CoolingDown | ReviewsOff
SHARED_REFUSALS = (ServersOnly, GoneFromCatalog, CoolingDown, ReviewsOff)


def shown_answer(
    tr: Translator, services: Services, shown: picks.Shown, *, ephemeral: bool = False
) -> Reply:
    """A couple's profile or a pick; in a server, with the components to rate or pick again."""
    catalog, members, in_guild = services.catalog, shown.members, shown.in_guild
    subject = shown.subject
    if isinstance(subject, Couple):
        embed = couple_embed(tr, subject, catalog, shown.lines, members, in_guild=in_guild)
        controls = PickControls(subject.key, subject.id)
    else:
        embed = pick_embed(tr, subject, catalog, members, in_guild=in_guild)
        trope_id = subject.trope.id if subject.trope else None
        controls = PickControls(subject.couple.key, subject.couple.id, trope_id)
    return Reply(embed, ephemeral, controls=controls if in_guild else None)


async def couple_answer(
    services: Services, interaction: discord.Interaction, couple: Couple
) -> Reply:
    shown = await picks.show_couple(services, interaction.guild_id, interaction.user.id, couple)
    return shown_answer(words_for(interaction, public=True), services, shown)


def rate_reply(tr: Translator, outcome: rating.RateOutcome) -> Reply:
    match outcome:
        case rating.Scored(title=title, outcome=rated):
            return Reply(rating_embed(tr, title, rated), ephemeral=True)
        case rating.Refused(title=title, problem=problem):
            return Reply(rate_refused_embed(tr, title, problem), ephemeral=True, refused=True)
    return refusal(tr, outcome)


async def rate_answer(
    services: Services, interaction: discord.Interaction, key: str, score: int
) -> Reply:
    """The rating menu under an answer: rates `key` with the score picked."""
    user = interaction.user
    asked = rating.RateRequest(score)
    outcome = await rating.rate_target(
        services, interaction.guild_id, user.id, user.display_name, key, asked
    )
    return rate_reply(words_for(interaction), outcome)


async def another_pick(
    services: Services, interaction: discord.Interaction, couple_id: str, trope_id: str | None
) -> Reply:
    """The next couple of this member's walk. No cooldown: the answer is private, so pressing
    again at once crowds no channel, and a member browsing picks shouldn't be told to wait."""
    tr, guild_id, user_id = words_for(interaction), interaction.guild_id, interaction.user.id
    outcome = await picks.another_pick(services, guild_id, user_id, couple_id, trope_id)
    if isinstance(outcome, picks.NoOtherPick):
        return Reply(notices.no_other_pick_embed(tr), ephemeral=True)
    if isinstance(outcome, SHARED_REFUSALS):
        return refusal(tr, outcome)
    shown = await picks.show_pick(services, guild_id, user_id, outcome)
    return shown_answer(tr, services, shown, ephemeral=True)


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
    tr = words_for(interaction)
    outcome = await reviews_page(services, interaction.guild_id, key, order, offset)
    if not isinstance(outcome, ReviewsShown):
        return refusal(tr, outcome)
    shown_to_all = not ephemeral and not edit  # an edited page keeps the words it was sent in
    if shown_to_all:
        tr = words_for(interaction, public=True)
    embed = reviews_embed(tr, outcome.title, outcome.page, order, outcome.per_page)
    pager = PagerControls(key, order, outcome.page, outcome.per_page, interaction.user.id)
    return Reply(embed, ephemeral=ephemeral, edit=edit, controls=pager)


def target_problem(
    tr: Translator,
    services: Services,
    text: str,
    problem: TargetAmbiguous | TargetNotFound,
    *,
    couples_only: bool = False,
) -> Reply:
    """Why `text` names no single target: every one it fits, or the closest to pick instead."""
    if isinstance(problem, TargetAmbiguous):
        names = [candidate_name(tr, services.catalog, key) for _, key in problem.candidates]
        return Reply(ambiguous_target_embed(tr, text, names), ephemeral=True, refused=True)
    labels = [
        label for label, _ in worded.target_choices(tr, services.catalog, problem.suggestions)
    ]
    embed = unknown_target_embed(tr, text, labels, couples_only=couples_only)
    return Reply(embed, ephemeral=True, refused=True)


def candidate_name(tr: Translator, catalog: Catalog, key: str) -> str:
    """A target as named among others it could be confused with: a couple with its series when
    the catalog has several, the series as the series."""
    title = catalog.target_title(key) or key
    several = is_couple_key(key) and len(catalog.series) > 1
    series = series_of(catalog, key).title if several else None
    return notices.candidate_name(tr, title, series=series, is_series=not is_couple_key(key))


def same_twice(tr: Translator, title: str) -> Reply:
    return Reply(notices.same_twice_embed(tr, title), ephemeral=True, refused=True)
