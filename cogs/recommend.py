"""/recommend and /tropes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core import picks
from bot.core.outcomes import CoolingDown
from bot.core.services import Services
from bot.discord.render import choices as worded
from bot.discord.render import notices, trope_suggestion, tropes_embed
from bot.discord.words import learn_server_language, words_for
from bot.domain.catalog import Trope
from bot.i18n import Translator
from cogs import _answers
from cogs._reply import Reply, choices, send
from cogs.views import AnotherPick, RateSelect, answer, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot


@app_commands.command(
    name="recommend", description="Get a couple to watch, for a trope or for you."
)
@app_commands.describe(trope="A trope such as enemies to lovers; leave empty for a pick for you")
async def recommend(interaction: discord.Interaction, trope: str | None = None) -> None:
    await answer(interaction, _recommend(services_of(interaction), interaction, trope))


@recommend.autocomplete("trope")
async def _trope_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    matcher = services_of(interaction).matcher
    found = matcher.complete_tropes(current)
    return choices(worded.trope_choices(words_for(interaction), matcher, found))


@app_commands.command(name="tropes", description="List the tropes and the couples for each.")
async def tropes(interaction: discord.Interaction) -> None:
    services = services_of(interaction)
    await learn_server_language(interaction, services.store)
    embed = tropes_embed(words_for(interaction, public=True), services.catalog)
    await send(interaction, Reply(embed))


async def _recommend(
    services: Services, interaction: discord.Interaction, text: str | None
) -> Reply:
    tr, guild_id, user_id = words_for(interaction), interaction.guild_id, interaction.user.id
    outcome = await picks.recommend(services, guild_id, user_id, text)
    match outcome:
        case picks.UnknownTrope(text=typed, suggestions=suggestions):
            return _unknown_trope(tr, services, typed, suggestions)
        case picks.NothingToRecommend():
            return Reply(notices.nothing_to_recommend_embed(tr), True)
        case CoolingDown():
            return _answers.refusal(tr, outcome)
    shown = await picks.show_pick(services, guild_id, user_id, outcome)
    return _answers.shown_answer(words_for(interaction, public=True), services, shown)


def _unknown_trope(
    tr: Translator, services: Services, text: str, suggestions: tuple[Trope, ...]
) -> Reply:
    lines = [trope_suggestion(tr, t, services.catalog) for t in suggestions]
    return Reply(notices.unknown_trope_embed(tr, text, lines), ephemeral=True, refused=True)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(RateSelect, AnotherPick)
    bot.tree.add_command(recommend)
    bot.tree.add_command(tropes)
