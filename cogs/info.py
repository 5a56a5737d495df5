"""/help: the commands, with examples, and where the quotes come from."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.render import help_embed
from cogs.views import services_of

if TYPE_CHECKING:
    from bot.client import TwilightBot


@app_commands.command(name="help", description="What this bot does, with examples.")
async def help_command(interaction: discord.Interaction) -> None:
    catalog = services_of(interaction).catalog
    await interaction.response.send_message(embed=help_embed(catalog), ephemeral=True)


async def setup(bot: TwilightBot) -> None:
    bot.tree.add_command(help_command)
