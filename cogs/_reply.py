"""Answering an interaction in time: a slow answer is deferred before Discord's 3 s run out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass

import discord
from discord import app_commands

# Discord drops an interaction not answered within 3 s; defer well before that to leave room for
# the network.
DEFER_AFTER_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Reply:
    embed: discord.Embed
    ephemeral: bool = False


async def respond(
    interaction: discord.Interaction, work: Awaitable[Reply], *, ephemeral: bool = False
) -> None:
    """Sends what `work` produces, deferring first (as `ephemeral`) if it takes too long."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER_SECONDS)
    if not done:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    reply = await task
    if interaction.response.is_done():
        await interaction.followup.send(embed=reply.embed, ephemeral=reply.ephemeral)
    else:
        await interaction.response.send_message(embed=reply.embed, ephemeral=reply.ephemeral)


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=label, value=value) for label, value in pairs[:25]]
