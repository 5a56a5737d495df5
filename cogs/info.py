"""/help: the commands, with examples, and where the quotes come from."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import help_embed
from bot.services import Services


class Info(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="help", description="What this bot does, with examples.")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=help_embed(self.services.catalog), ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Info(bot.services))  # type: ignore[attr-defined]
