"""/couple and /versus: couples' profiles, quotes and the server's scores."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core import picks
from bot.core.services import Services
from bot.discord.render import choices as worded
from bot.discord.render import lookup_problem_embed, versus_embed
from bot.discord.words import words_for
from bot.domain.catalog import is_couple_key
from cogs import _answers
from cogs._reply import Reply, choices
from cogs.views import AnotherPick, RateSelect, answer, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot


@app_commands.command(name="couple", description="A couple's profile, review quotes and scores.")
@app_commands.describe(
    name="A character, e.g. Rei (or a whole couple, e.g. Rei & Shion)",
    partner="Their partner, e.g. Shion (optional)",
)
async def couple(interaction: discord.Interaction, name: str, partner: str | None = None) -> None:
    await answer(interaction, _couple(services_of(interaction), interaction, name, partner))


@couple.autocomplete("name")
async def _name_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return choices(services_of(interaction).matcher.complete_names(current))


@couple.autocomplete("partner")
async def _partner_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    other = getattr(interaction.namespace, "name", None)
    return choices(services_of(interaction).matcher.complete_names(current, other=other))


@app_commands.command(
    name="versus", description="Two couples side by side: scores and a quote each."
)
@app_commands.describe(
    first="A couple, e.g. Rei & Shion", second="Another couple, e.g. Jin & Giichi"
)
async def versus(interaction: discord.Interaction, first: str, second: str) -> None:
    await answer(interaction, _versus(services_of(interaction), interaction, first, second))


@versus.autocomplete("first")
@versus.autocomplete("second")
async def _couple_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    services = services_of(interaction)
    pairs = services.matcher.complete_targets(current)
    couples = [(label, key) for label, key in pairs if is_couple_key(key)]
    return choices(worded.target_choices(words_for(interaction), services.catalog, couples))


async def _couple(
    services: Services, interaction: discord.Interaction, name: str, partner: str | None
) -> Reply:
    lookup = services.matcher.find_couple(name, partner)
    if lookup.couple is None:
        return Reply(
            lookup_problem_embed(words_for(interaction), lookup), ephemeral=True, refused=True
        )
    return await _answers.couple_answer(services, interaction, lookup.couple)


async def _versus(
    services: Services, interaction: discord.Interaction, first: str, second: str
) -> Reply:
    tr = words_for(interaction)
    outcome = await picks.versus(services, interaction.guild_id, first, second)
    match outcome:
        case picks.Versus(left=left, right=right):
            public = words_for(interaction, public=True)
            return Reply(versus_embed(public, left, right, services.catalog))
        case picks.NotACouple(text=text, problem=problem):
            return _answers.target_problem(tr, services, text, problem, couples_only=True)
        case picks.SameTwice(title=title):
            return _answers.same_twice(tr, title)
    return _answers.refusal(tr, outcome)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(RateSelect, AnotherPick)
    bot.tree.add_command(couple)
    bot.tree.add_command(versus)
