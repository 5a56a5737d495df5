"""/help and /series: what the bot does, and the series as the review saw it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core.series import SeriesShown, WhichSeries, show_series
from bot.core.services import Services
from bot.discord.render import help_embed, notices, series_embed
from bot.discord.words import words_for
from bot.domain.catalog import is_couple_key
from cogs import _answers
from cogs._reply import Reply, choices, send
from cogs.views import answer, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot


@app_commands.command(name="help", description="What this bot does, with examples.")
async def help_command(interaction: discord.Interaction) -> None:
    catalog = services_of(interaction).catalog
    await send(interaction, Reply(help_embed(words_for(interaction), catalog), ephemeral=True))


@app_commands.command(
    name="series",
    description="The series: its couples, and the review's verdict, praise and criticisms.",
)
@app_commands.describe(name="Which series; leave empty when the catalog has only one")
async def series(interaction: discord.Interaction, name: str | None = None) -> None:
    await answer(interaction, _series(services_of(interaction), interaction, name))


@series.autocomplete("name")
async def _series_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    services = services_of(interaction)
    pairs = services.matcher.complete_targets(current)
    titles = [(services.catalog.target_title(key) or label, key) for label, key in pairs]
    return choices([(title, key) for title, key in titles if not is_couple_key(key)])


async def _series(services: Services, interaction: discord.Interaction, name: str | None) -> Reply:
    tr = words_for(interaction)
    outcome = await show_series(services, interaction.guild_id, name)
    match outcome:
        case SeriesShown(series=found, quotes=quotes, standing=standing):
            public = words_for(interaction, public=True)
            return Reply(series_embed(public, found, services.catalog, quotes, standing))
        case WhichSeries(titles=titles, typed=typed):
            return Reply(
                notices.pick_a_series_embed(tr, titles, typed), ephemeral=True, refused=True
            )
    return _answers.target_problem(tr, services, name or "", outcome)


async def setup(bot: TwilightBot) -> None:
    bot.tree.add_command(help_command)
    bot.tree.add_command(series)
