"""/forget-me: a member deletes everything the bot holds about them in this server."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core import privacy
from bot.core.services import Services
from bot.discord.render import (
    forget_confirm_embed,
    forgotten_embed,
    nothing_held_embed,
    notice_embed,
)
from cogs import _answers
from cogs._reply import Reply
from cogs.views import answer, choice_button, guarded, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot


class ForgetChoice(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"toof:forget:(?P<user>[0-9]{1,20}):(?P<choice>yes|no)",
):
    def __init__(self, user_id: int, confirm: bool) -> None:
        choice = "yes" if confirm else "no"
        label = "Delete my data" if confirm else "Keep it"
        super().__init__(choice_button(f"toof:forget:{user_id}:{choice}", label, confirm=confirm))
        self.user_id, self.confirm = user_id, confirm

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ForgetChoice:
        return cls(int(match["user"]), match["choice"] == "yes")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._answer(interaction), ephemeral=True)

    async def _answer(self, interaction: discord.Interaction) -> Reply:
        services, presser = services_of(interaction), interaction.user.id
        outcome = await privacy.forget(
            services, interaction.guild_id, presser, self.user_id, confirm=self.confirm
        )
        done = discord.ui.View()
        match outcome:
            case privacy.NotYours():
                text = "Only the member who asked can confirm. Use `/forget-me` for your own data."
                return Reply(notice_embed("Not yours", text), ephemeral=True)
            case privacy.KeptData():
                text = "Your scores and reviews stay."
                return Reply(notice_embed("Nothing deleted", text), edit=True, view=done)
            case privacy.Forgotten(counts=deleted):
                return Reply(forgotten_embed(deleted), edit=True, view=done)
            case privacy.NothingHeld():
                return Reply(nothing_held_embed(), edit=True, view=done)
        return _answers.refusal(outcome)


@app_commands.command(
    name="forget-me", description="Delete everything this bot keeps about you in this server."
)
async def forget_me(interaction: discord.Interaction) -> None:
    await answer(interaction, _confirm(services_of(interaction), interaction), ephemeral=True)


async def _confirm(services: Services, interaction: discord.Interaction) -> Reply:
    outcome = await privacy.held_about(services, interaction.guild_id, interaction.user.id)
    if isinstance(outcome, privacy.NothingHeld):  # nothing to confirm: say so rather than ask
        return Reply(nothing_held_embed(), ephemeral=True)
    if not isinstance(outcome, privacy.HeldAbout):
        return _answers.refusal(outcome)
    held = outcome.counts
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetChoice(interaction.user.id, confirm=True))
    view.add_item(ForgetChoice(interaction.user.id, confirm=False))
    return Reply(forget_confirm_embed(held), ephemeral=True, view=view)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(ForgetChoice)
    bot.tree.add_command(forget_me)
