"""/reviews: page through what members wrote about a couple or the series."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import notice_embed
from bot.services import Services
from cogs import _answers
from cogs._reply import Reply, choices, respond
from cogs.views import ReviewsPager

ORDERS = ("newest", "highest")


class Reviews(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="reviews", description="Read members' reviews of a couple or the series."
    )
    @app_commands.describe(
        target="The series or a couple, e.g. Rei & Shion",
        order="Newest first, or highest scores first",
    )
    async def reviews(
        self,
        interaction: discord.Interaction,
        target: str,
        order: Literal["newest", "highest"] = "newest",
    ) -> None:
        await respond(interaction, self._reviews(interaction, target, order))

    @reviews.autocomplete("target")
    async def _target_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.matcher.complete_targets(current))

    async def _reviews(self, interaction: discord.Interaction, target: str, order: str) -> Reply:
        if order not in ORDERS:  # a modified client can send any text for a choice
            text = "Pick the order from the list: newest or highest."
            return Reply(notice_embed("Which order?", text), ephemeral=True)
        key = self.services.matcher.match_target(target)
        if key is None:
            return _answers.unknown_target(self.services, target)
        return await _answers.reviews_answer(self.services, interaction, key, order, 0)


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(ReviewsPager)
    await bot.add_cog(Reviews(bot.services))  # type: ignore[attr-defined]
