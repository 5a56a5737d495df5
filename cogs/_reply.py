"""Answering an interaction in time: a slow answer is deferred before Discord's 3 s run out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, NamedTuple

import discord
from discord import app_commands
from discord.utils import MISSING

from bot.discord import watch
from bot.store import ReviewPage

if TYPE_CHECKING:
    from bot.core.services import Services

# Discord drops an interaction not answered within 3 s; defer well before that to leave room for
# the network.
DEFER_AFTER_SECONDS = 2.0


class PickControls(NamedTuple):
    """Under a couple or a pick: the rating menu and the Another pick button."""

    key: str
    couple_id: str
    trope_id: str | None = None


class PagerControls(NamedTuple):
    """Under a page of member reviews: the buttons to the pages around it."""

    key: str
    order: str
    page: ReviewPage
    per_page: int
    owner: int  # who asked: their presses turn their own message


# The persistent components an answer carries, as data: the answers say which ones, and
# cogs.views (which holds the components and so calls back into the answers) builds them.
Controls = PickControls | PagerControls
ViewOf = Callable[[Controls], discord.ui.View | None]


class Reply(NamedTuple):
    embed: discord.Embed
    ephemeral: bool = False
    view: discord.ui.View | None = None
    files: tuple[discord.File, ...] = ()
    edit: bool = False  # replace the message whose button was pressed instead of answering anew
    controls: Controls | None = None  # persistent components, built by `view_of` when sent
    # A friendly refusal (bad input, a cooldown, servers only...): counted apart from answers.
    refused: bool = False


def services_of(interaction: discord.Interaction) -> Services:
    return interaction.client.services  # type: ignore[attr-defined]  # set in setup_hook


async def respond(
    interaction: discord.Interaction,
    work: Awaitable[Reply],
    *,
    ephemeral: bool = False,
    view_of: ViewOf | None = None,
) -> None:
    """Sends what `work` produces, deferring first (as `ephemeral`) if it takes too long; its
    controls become components through `view_of`."""
    deferring: list[asyncio.Task[None]] = []

    def defer_now() -> None:
        deferring.append(asyncio.ensure_future(_defer(interaction, ephemeral)))

    # A timer rather than a task per answer: nearly every answer is ready long before it fires.
    budget = time_left_before_deferring(interaction)
    timer = asyncio.get_running_loop().call_later(budget, defer_now)
    try:
        reply = await work
    finally:
        timer.cancel()
        if deferring:
            await deferring[0]  # the reply must follow the deferral, not overtake it
    await send(interaction, reply, view_of)


def time_left_before_deferring(interaction: discord.Interaction) -> float:
    """Discord's 3 s run from when the member acted, not from when we got to it: under a burst,
    an interaction may wait its turn, so what it already waited comes off the budget."""
    waited = (discord.utils.utcnow() - interaction.created_at).total_seconds()
    return min(max(DEFER_AFTER_SECONDS - max(waited, 0.0), 0.0), DEFER_AFTER_SECONDS)


async def send(
    interaction: discord.Interaction, reply: Reply, view_of: ViewOf | None = None
) -> None:
    view = reply.view
    if view is None and reply.controls is not None and view_of is not None:
        view = view_of(reply.controls)
    if view is None and reply.edit:
        view = discord.ui.View()  # an edited message keeps no buttons it no longer has
    view = view or MISSING
    files = list(reply.files) or MISSING
    deferred = interaction.response.is_done()
    if reply.edit and deferred:
        await interaction.edit_original_response(embed=reply.embed, view=view)
    elif reply.edit:
        await interaction.response.edit_message(embed=reply.embed, view=view)
    elif deferred:
        await interaction.followup.send(
            embed=reply.embed, ephemeral=reply.ephemeral, view=view, files=files
        )
    else:
        await interaction.response.send_message(
            embed=reply.embed, ephemeral=reply.ephemeral, view=view, files=files
        )
    watch.answered(interaction, refused=reply.refused)


async def _defer(interaction: discord.Interaction, ephemeral: bool) -> None:
    if interaction.type is discord.InteractionType.component:
        await interaction.response.defer()  # keeps the pressed message as it is for now
    else:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    watch.deferred(interaction)


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=label, value=value) for label, value in pairs[:25]]
