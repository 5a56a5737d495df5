"""/reviews: page through what members wrote about a couple or the series."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.core.services import Services
from bot.discord.render import notices
from bot.discord.words import words_for
from bot.domain.matching import TargetFound
from cogs import _answers
from cogs._reply import Reply
from cogs.views import ReviewsPager, answer, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot

ORDERS = ("newest", "highest")


@app_commands.command(
    name="reviews", description="Read members' reviews of a couple or the series."
)
@app_commands.describe(
    target="The series or a couple, e.g. Rei & Shion",
    order="Newest first, or highest scores first",
)
async def reviews(
    interaction: discord.Interaction,
    target: str,
    order: Literal["newest", "highest"] = "newest",
) -> None:
    await answer(interaction, _reviews(services_of(interaction), interaction, target, order))


reviews.autocomplete("target")(_answers.target_choices)


async def _reviews(
    services: Services, interaction: discord.Interaction, target: str, order: str
) -> Reply:
    tr = words_for(interaction)
    if order not in ORDERS:  # a modified client can send any text for a choice
        return Reply(notices.which_order_embed(tr), ephemeral=True, refused=True)
    found = services.matcher.match_target(target)
    if not isinstance(found, TargetFound):
        return _answers.target_problem(tr, services, target, found)
    return await _answers.reviews_answer(services, interaction, found.key, order, 0)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(ReviewsPager)
    bot.tree.add_command(reviews)
