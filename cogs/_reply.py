"""Answering an interaction in time: a slow answer is deferred before Discord's 3 s run out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import NamedTuple

import discord
from discord import app_commands
from discord.utils import MISSING

# Discord drops an interaction not answered within 3 s; defer well before that to leave room for
# the network.
DEFER_AFTER_SECONDS = 2.0


class Reply(NamedTuple):
    embed: discord.Embed
    ephemeral: bool = False
    view: discord.ui.View | None = None
    files: tuple[discord.File, ...] = ()
    edit: bool = False  # replace the message whose button was pressed instead of answering anew


async def respond(
    interaction: discord.Interaction, work: Awaitable[Reply], *, ephemeral: bool = False
) -> None:
    """Sends what `work` produces, deferring first (as `ephemeral`) if it takes too long."""
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
    await send(interaction, reply)


def time_left_before_deferring(interaction: discord.Interaction) -> float:
    """Discord's 3 s run from when the member acted, not from when we got to it: under a burst,
    an interaction may wait its turn, so what it already waited comes off the budget."""
    waited = (discord.utils.utcnow() - interaction.created_at).total_seconds()
    return min(max(DEFER_AFTER_SECONDS - max(waited, 0.0), 0.0), DEFER_AFTER_SECONDS)


async def send(interaction: discord.Interaction, reply: Reply) -> None:
    view = reply.view or MISSING
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


async def _defer(interaction: discord.Interaction, ephemeral: bool) -> None:
    if interaction.type is discord.InteractionType.component:
        await interaction.response.defer()  # keeps the pressed message as it is for now
    else:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=label, value=value) for label, value in pairs[:25]]
