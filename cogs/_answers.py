"""The answers commands and buttons share: each renders an outcome of the core as a Reply.

Commands and persistent components both land here, so /rate and the rating select under an answer
behave the same, and a press after a restart gives exactly what the command would.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core import picks, rating
from bot.core.outcomes import CoolingDown, GoneFromCatalog, ReviewsOff, ServerAction, ServersOnly
from bot.core.reviews import ReviewsShown, reviews_page
from bot.core.services import Services, series_of
from bot.discord.render import (
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
from cogs._reply import PagerControls, PickControls, Reply, choices, services_of

SERVERS_ONLY = (
    "Scores and reviews belong to a server's members, so {what} works in servers only. "
    "Try it in a server we share!"
)
SERVER_ACTIONS = {
    ServerAction.RATE_COMMAND: "`/rate`",
    ServerAction.SCORES_COMMAND: "`/scores`",
    ServerAction.MYRATINGS_COMMAND: "`/myratings`",
    ServerAction.FORGET_ME_COMMAND: "`/forget-me`",
    ServerAction.RATING: "rating",
    ServerAction.PICKING: "picking from an answer",
    ServerAction.READING_REVIEWS: "reading reviews",
}


async def target_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for an option naming the series or a couple (/rate, /scores, /reviews)."""
    return choices(services_of(interaction).matcher.complete_targets(current))


def refusal(outcome: ServersOnly | GoneFromCatalog | CoolingDown | ReviewsOff) -> Reply:
    """A refusal several use cases share, as a private notice."""
    match outcome:
        case ServersOnly(action=action):
            text = SERVERS_ONLY.format(what=SERVER_ACTIONS[action])
            return Reply(notice_embed("Servers only", text), ephemeral=True)
        case GoneFromCatalog():
            text = (
                "That's no longer in the catalog, so it can't be rated. "
                "Try `/couple` or `/recommend`."
            )
            return Reply(notice_embed("Not available any more", text), ephemeral=True)
        case CoolingDown(retry_after=left):
            return Reply(cooldown_embed(left), ephemeral=True)
    text = "A server admin has turned member reviews off here."
    return Reply(notice_embed("Reviews are off", text), ephemeral=True)


SharedRefusal = ServersOnly | GoneFromCatalog | CoolingDown | ReviewsOff
SHARED_REFUSALS = (ServersOnly, GoneFromCatalog, CoolingDown, ReviewsOff)


def shown_answer(services: Services, shown: picks.Shown, *, ephemeral: bool = False) -> Reply:
    """A couple's profile or a pick; in a server, with the components to rate or pick again."""
    catalog, members, in_guild = services.catalog, shown.members, shown.in_guild
    subject = shown.subject
    if isinstance(subject, Couple):
        embed = couple_embed(subject, catalog, shown.lines, members, in_guild=in_guild)
        controls = PickControls(subject.key, subject.id)
    else:
        embed = pick_embed(subject, catalog, members, in_guild=in_guild)
        trope_id = subject.trope.id if subject.trope else None
        controls = PickControls(subject.couple.key, subject.couple.id, trope_id)
    return Reply(embed, ephemeral, controls=controls if in_guild else None)


async def couple_answer(
    services: Services, interaction: discord.Interaction, couple: Couple
) -> Reply:
    shown = await picks.show_couple(services, interaction.guild_id, interaction.user.id, couple)
    return shown_answer(services, shown)


def rate_reply(outcome: rating.RateOutcome) -> Reply:
    match outcome:
        case rating.Scored(title=title, outcome=rated):
            return Reply(rating_embed(title, rated), ephemeral=True)
        case rating.Refused(title=title, problem=problem):
            return Reply(rate_refused_embed(title, problem), ephemeral=True)
    return refusal(outcome)


async def rate_answer(
    services: Services, interaction: discord.Interaction, key: str, score: int
) -> Reply:
    """The rating menu under an answer: rates `key` with the score picked."""
    user = interaction.user
    asked = rating.RateRequest(score)
    outcome = await rating.rate_target(
        services, interaction.guild_id, user.id, user.display_name, key, asked
    )
    return rate_reply(outcome)


async def another_pick(
    services: Services, interaction: discord.Interaction, couple_id: str, trope_id: str | None
) -> Reply:
    """The next couple of this member's walk. No cooldown: the answer is private, so pressing
    again at once crowds no channel, and a member browsing picks shouldn't be told to wait."""
    guild_id, user_id = interaction.guild_id, interaction.user.id
    outcome = await picks.another_pick(services, guild_id, user_id, couple_id, trope_id)
    if isinstance(outcome, picks.NoOtherPick):
        text = "That's the only couple the catalog has. Try `/tropes` or `/series`."
        return Reply(notice_embed("No other pick", text), ephemeral=True)
    if isinstance(outcome, SHARED_REFUSALS):
        return refusal(outcome)
    shown = await picks.show_pick(services, guild_id, user_id, outcome)
    return shown_answer(services, shown, ephemeral=True)


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
    outcome = await reviews_page(services, interaction.guild_id, key, order, offset)
    if not isinstance(outcome, ReviewsShown):
        return refusal(outcome)
    embed = reviews_embed(outcome.title, outcome.page, order, outcome.per_page)
    pager = PagerControls(key, order, outcome.page, outcome.per_page, interaction.user.id)
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
