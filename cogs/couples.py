"""/couple: a couple's profile, quotes and the server's scores."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import couple_embed, lookup_problem_embed
from bot.services import Services
from cogs._reply import Reply, choices, respond


class Couples(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="couple", description="A couple's profile, review quotes and scores."
    )
    @app_commands.describe(
        name="A character, e.g. Rei (or a whole couple, e.g. Rei & Shion)",
        partner="Their partner, e.g. Shion (optional)",
    )
    async def couple(
        self, interaction: discord.Interaction, name: str, partner: str | None = None
    ) -> None:
        await respond(interaction, self._couple(interaction, name, partner))

    @couple.autocomplete("name")
    async def _name_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.matcher.complete_names(current))

    @couple.autocomplete("partner")
    async def _partner_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        other = getattr(interaction.namespace, "name", None)
        return choices(self.services.matcher.complete_names(current, other=other))

    async def _couple(
        self, interaction: discord.Interaction, name: str, partner: str | None
    ) -> Reply:
        services = self.services
        lookup = services.matcher.find_couple(name, partner)
        if lookup.couple is None:
            return Reply(lookup_problem_embed(lookup), ephemeral=True)
        couple = lookup.couple
        standing = await services.standing(interaction.guild_id, couple)
        quotes = services.recommender.quotes(couple)
        if interaction.guild_id is not None:
            await services.store.remember_shown(
                interaction.guild_id, interaction.user.id, couple.key
            )
        return Reply(couple_embed(couple, services.catalog, quotes, standing))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Couples(bot.services))  # type: ignore[attr-defined]
