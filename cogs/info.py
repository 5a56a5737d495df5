"""/help and /series: what the bot does, and the series as the review saw it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core.services import Services, series_of, tally_of
from bot.discord.render import SeriesQuotes, help_embed, notices, series_embed
from bot.discord.words import words_for
from bot.domain.catalog import Series, is_couple_key
from bot.domain.matching import TargetAmbiguous, TargetFound
from bot.i18n import Translator
from cogs import _answers
from cogs._reply import Reply, choices
from cogs.views import answer, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot


@app_commands.command(name="help", description="What this bot does, with examples.")
async def help_command(interaction: discord.Interaction) -> None:
    catalog = services_of(interaction).catalog
    embed = help_embed(words_for(interaction), catalog)
    await interaction.response.send_message(embed=embed, ephemeral=True)


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
    found = _which_series(tr, services, name)
    if not isinstance(found, Series):
        return found
    praise, reservations = services.recommender.series_quotes(found.id)
    verdict = tuple(s for s in reservations + praise if "verdict" in s.aspects and not s.couples)
    quotes = SeriesQuotes(
        praise=tuple(s for s in praise if s not in verdict),
        reservations=tuple(s for s in reservations if s not in verdict),
        verdict=verdict,
    )
    standing = None
    if interaction.guild_id is not None:
        standing = tally_of(await services.store.summary(interaction.guild_id, found.key))
    return Reply(series_embed(tr, found, services.catalog, quotes, standing))


def _which_series(tr: Translator, services: Services, name: str | None) -> Series | Reply:
    """The series named (a couple's name means its series); the only one when none is named;
    else the answer that says which names fit."""
    catalog = services.catalog
    if name is None or not name.strip():
        if len(catalog.series) == 1:
            return next(iter(catalog.series.values()))
        return _pick_a_series(tr, services)
    match = services.matcher.match_target(name)
    if isinstance(match, TargetFound):
        return series_of(catalog, match.key)
    if isinstance(match, TargetAmbiguous):
        fitting = {series_of(catalog, key).id for _, key in match.candidates}
        if len(fitting) == 1:
            return catalog.series[fitting.pop()]
        return _answers.target_problem(tr, services, name, match)
    return _pick_a_series(tr, services, name)


def _pick_a_series(tr: Translator, services: Services, typed: str | None = None) -> Reply:
    titles = [s.title for s in services.catalog.series.values()]
    return Reply(notices.pick_a_series_embed(tr, titles, typed), ephemeral=True)


async def setup(bot: TwilightBot) -> None:
    bot.tree.add_command(help_command)
    bot.tree.add_command(series)
