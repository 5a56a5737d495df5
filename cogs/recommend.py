"""/recommend and /tropes."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import (
    echo_input,
    pick_embed,
    suggestions_embed,
    trope_suggestion,
    tropes_embed,
)
from bot.services import Services
from cogs._reply import Reply, choices, respond


class Recommend(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="recommend", description="Get a couple to watch, for a trope or for you."
    )
    @app_commands.describe(
        trope="A trope such as enemies to lovers; leave empty for a pick for you"
    )
    async def recommend(self, interaction: discord.Interaction, trope: str | None = None) -> None:
        await respond(interaction, self._recommend(interaction, trope))

    @recommend.autocomplete("trope")
    async def _trope_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.matcher.complete_tropes(current))

    @app_commands.command(name="tropes", description="List the tropes and the couples for each.")
    async def tropes(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=tropes_embed(self.services.catalog))

    async def _recommend(self, interaction: discord.Interaction, text: str | None) -> Reply:
        services = self.services
        tallies = await services.tallies(interaction.guild_id)
        if text is None or not text.strip():
            rated = await self._rated(interaction)
            pick = services.recommender.for_member(rated, tallies)
        else:
            match = services.matcher.match_trope(text)
            if match.trope is None:
                return self._unknown_trope(text, match.suggestions)
            pick = services.recommender.for_trope(match.trope, tallies)
        if pick is None:
            return Reply(suggestions_embed("Nothing to recommend yet", _EMPTY_HINT, []), True)
        await self._remember(interaction, pick.couple.key)
        return Reply(pick_embed(pick, services.catalog))

    def _unknown_trope(self, text: str, suggestions: tuple) -> Reply:
        lines = [trope_suggestion(t, self.services.catalog) for t in suggestions]
        intro = (
            f"I don't know the trope “{echo_input(text)}” yet. The closest ones I know "
            "(try `/recommend` with one, or see `/tropes`):"
        )
        return Reply(suggestions_embed("Did you mean…", intro, lines), ephemeral=True)

    async def _rated(self, interaction: discord.Interaction) -> set[str]:
        if interaction.guild_id is None:
            return set()
        ratings = await self.services.store.user_ratings(interaction.guild_id, interaction.user.id)
        return set(ratings)

    async def _remember(self, interaction: discord.Interaction, key: str) -> None:
        if interaction.guild_id is not None:
            await self.services.store.remember_shown(interaction.guild_id, interaction.user.id, key)


_EMPTY_HINT = "The catalog has no couple for that yet. A server admin can add one in data/series/."


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Recommend(bot.services))  # type: ignore[attr-defined]
