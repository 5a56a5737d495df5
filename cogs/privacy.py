"""/forget-me: a member deletes everything the bot holds about them in this server."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core import privacy
from bot.core.services import Services
from bot.discord.render import (
    controls,
    forget_confirm_embed,
    forgotten_embed,
    nothing_held_embed,
    notices,
)
from bot.discord.words import words_for
from bot.i18n import Translator
from cogs import _answers
from cogs._reply import Reply
from cogs.views import answer, choice_button, guarded, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot


class ForgetChoice(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"toof:forget:(?P<user>[0-9]{1,20}):(?P<choice>yes|no)",
):
    def __init__(self, tr: Translator, user_id: int, confirm: bool) -> None:
        choice = "yes" if confirm else "no"
        label = controls.forget_label(tr, confirm=confirm)
        super().__init__(choice_button(f"toof:forget:{user_id}:{choice}", label, confirm=confirm))
        self.user_id, self.confirm = user_id, confirm

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ForgetChoice:
        return cls(words_for(interaction), int(match["user"]), match["choice"] == "yes")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._answer(interaction), ephemeral=True)

    async def _answer(self, interaction: discord.Interaction) -> Reply:
        services, presser = services_of(interaction), interaction.user.id
        outcome = await privacy.forget(
            services, interaction.guild_id, presser, self.user_id, confirm=self.confirm
        )
        done, tr = discord.ui.View(), words_for(interaction)
        match outcome:
            case privacy.NotYours():
                return Reply(notices.not_yours_embed(tr), ephemeral=True, refused=True)
            case privacy.KeptData():
                return Reply(notices.nothing_deleted_embed(tr), edit=True, view=done)
            case privacy.Forgotten(counts=deleted):
                return Reply(forgotten_embed(tr, deleted), edit=True, view=done)
            case privacy.NothingHeld():
                return Reply(nothing_held_embed(tr), edit=True, view=done)
        return _answers.refusal(tr, outcome)


@app_commands.command(
    name="forget-me", description="Delete everything this bot keeps about you in this server."
)
async def forget_me(interaction: discord.Interaction) -> None:
    await answer(interaction, _confirm(services_of(interaction), interaction), ephemeral=True)


async def _confirm(services: Services, interaction: discord.Interaction) -> Reply:
    tr = words_for(interaction)
    outcome = await privacy.held_about(services, interaction.guild_id, interaction.user.id)
    if isinstance(outcome, privacy.NothingHeld):  # nothing to confirm: say so rather than ask
        return Reply(nothing_held_embed(tr), ephemeral=True)
    if not isinstance(outcome, privacy.HeldAbout):
        return _answers.refusal(tr, outcome)
    held = outcome.counts
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetChoice(tr, interaction.user.id, confirm=True))
    view.add_item(ForgetChoice(tr, interaction.user.id, confirm=False))
    return Reply(forget_confirm_embed(tr, held), ephemeral=True, view=view)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(ForgetChoice)
    bot.tree.add_command(forget_me)
