"""/admin: moderation and settings for server admins (Manage Server).

The group's default permission only hides it from members; a member's client can still send it,
so every subcommand and every confirm button checks the permission again when it runs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.core.services import COOLDOWN_COMMANDS, Services
from bot.discord.render import (
    controls,
    nothing_to_reset_embed,
    notices,
    reset_confirm_embed,
    safe,
    scores_reset_embed,
    settings_embed,
)
from bot.discord.words import words_for
from bot.domain.catalog import TARGET_KEY_PATTERN
from bot.domain.cooldowns import MAX_COOLDOWN_SECONDS
from bot.domain.matching import TargetFound
from bot.i18n import Translator
from cogs import _answers
from cogs._reply import Reply
from cogs.views import answer, choice_button, guarded, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot

_KEY = TARGET_KEY_PATTERN


def is_admin(interaction: discord.Interaction) -> bool:
    return interaction.guild_id is not None and interaction.permissions.manage_guild


def refused(tr: Translator) -> Reply:
    return Reply(notices.admins_only_embed(tr), True)


class ResetChoice(
    discord.ui.DynamicItem[discord.ui.Button],
    template=rf"toof:reset:(?P<key>{_KEY}):(?P<admin>[0-9]{{1,20}}):(?P<choice>yes|no)",
):
    def __init__(self, tr: Translator, key: str, admin_id: int, confirm: bool) -> None:
        choice = "yes" if confirm else "no"
        label = controls.reset_label(tr, confirm=confirm)
        custom_id = f"toof:reset:{key}:{admin_id}:{choice}"
        super().__init__(choice_button(custom_id, label, confirm=confirm))
        self.key, self.admin_id, self.confirm = key, admin_id, confirm

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ResetChoice:
        tr = words_for(interaction)
        return cls(tr, match["key"], int(match["admin"]), match["choice"] == "yes")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._answer(interaction), ephemeral=True)

    async def _answer(self, interaction: discord.Interaction) -> Reply:
        tr = words_for(interaction)
        if not is_admin(interaction) or interaction.user.id != self.admin_id:
            return refused(tr)
        done = discord.ui.View()
        if not self.confirm:
            return Reply(notices.reset_cancelled_embed(tr), edit=True, view=done)
        services = services_of(interaction)
        removed = await services.store.reset_target(interaction.guild_id, self.key)
        title = services.catalog.target_title(self.key) or self.key
        return Reply(scores_reset_embed(tr, title, removed), edit=True, view=done)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Admin(
    app_commands.Group, name="admin", description="Moderation and settings for server admins."
):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not is_admin(interaction):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @app_commands.command(
        name="remove-review", description="Remove a member's review (their score stays)."
    )
    @app_commands.describe(member="Whose review", target="The series or couple it's about")
    async def remove_review(
        self, interaction: discord.Interaction, member: discord.User, target: str
    ) -> None:
        await answer(interaction, self._remove_review(interaction, member, target), ephemeral=True)

    @app_commands.command(
        name="reset-scores", description="Delete every score and review for one target."
    )
    @app_commands.describe(target="The series or couple to reset")
    async def reset_scores(self, interaction: discord.Interaction, target: str) -> None:
        await answer(interaction, self._reset(interaction, target), ephemeral=True)

    @app_commands.command(
        name="reviews", description="Turn member reviews on or off in this server."
    )
    @app_commands.describe(
        enabled="On: members can write reviews and read them beside the reviewer's"
    )
    async def reviews(self, interaction: discord.Interaction, enabled: bool) -> None:
        await answer(interaction, self._set_reviews(interaction, enabled), ephemeral=True)

    @app_commands.command(
        name="cooldown", description="Set how long members wait between uses of a command."
    )
    @app_commands.describe(command="The command", seconds=f"0 (off) to {MAX_COOLDOWN_SECONDS}")
    async def cooldown(
        self,
        interaction: discord.Interaction,
        command: Literal["rate", "recommend"],
        seconds: app_commands.Range[int, 0, MAX_COOLDOWN_SECONDS],
    ) -> None:
        await answer(interaction, self._set_cooldown(interaction, command, seconds), ephemeral=True)

    @app_commands.command(name="settings", description="Show this server's settings.")
    async def settings(self, interaction: discord.Interaction) -> None:
        await answer(interaction, self._show(interaction), ephemeral=True)

    remove_review.autocomplete("target")(_answers.target_choices)
    reset_scores.autocomplete("target")(_answers.target_choices)

    async def _remove_review(
        self, interaction: discord.Interaction, member: discord.User, target: str
    ) -> Reply:
        tr = words_for(interaction)
        if not isinstance(member, discord.User | discord.Member):
            # Discord resolves every user option; a bare id (a forged interaction) names no one.
            return Reply(notices.which_member_embed(tr), True)
        found = self.services.matcher.match_target(target)
        if not isinstance(found, TargetFound):
            return _answers.target_problem(tr, self.services, target, found)
        key, guild_id = found.key, interaction.guild_id or 0
        removed = await self.services.store.remove_review(guild_id, member.id, key)
        title = self.services.catalog.target_title(key) or key
        name = safe(member.display_name)  # members choose their names: "@everyone", "**x**"
        return Reply(notices.review_removed_embed(tr, name, title, removed=removed), True)

    async def _reset(self, interaction: discord.Interaction, target: str) -> Reply:
        tr = words_for(interaction)
        found = self.services.matcher.match_target(target)
        if not isinstance(found, TargetFound):
            return _answers.target_problem(tr, self.services, target, found)
        key = found.key
        summary = await self.services.store.summary(interaction.guild_id or 0, key)
        title = self.services.catalog.target_title(key) or key
        if not summary.count:  # nothing to confirm: say so rather than ask
            return Reply(nothing_to_reset_embed(tr, title), ephemeral=True)
        view = discord.ui.View(timeout=None)
        view.add_item(ResetChoice(tr, key, interaction.user.id, confirm=True))
        view.add_item(ResetChoice(tr, key, interaction.user.id, confirm=False))
        return Reply(reset_confirm_embed(tr, title, summary.count), ephemeral=True, view=view)

    async def _set_reviews(self, interaction: discord.Interaction, enabled: bool) -> Reply:
        tr = words_for(interaction)
        settings = await self.services.store.set_reviews_enabled(interaction.guild_id or 0, enabled)
        defaults = self.services.default_cooldowns
        return Reply(settings_embed(tr, settings, defaults, notices.saved_note(tr)), True)

    async def _set_cooldown(
        self, interaction: discord.Interaction, command: str, seconds: int
    ) -> Reply:
        tr = words_for(interaction)
        # A modified client can send any JSON for an integer option; discord.py passes it on.
        whole = isinstance(seconds, int) and not isinstance(seconds, bool)
        if (
            command not in COOLDOWN_COMMANDS
            or not whole
            or not 0 <= seconds <= MAX_COOLDOWN_SECONDS
        ):
            return Reply(notices.not_a_cooldown_embed(tr, MAX_COOLDOWN_SECONDS), True)
        settings = await self.services.store.set_cooldown(
            interaction.guild_id or 0, command, seconds
        )
        defaults = self.services.default_cooldowns
        return Reply(settings_embed(tr, settings, defaults, notices.saved_note(tr)), True)

    async def _show(self, interaction: discord.Interaction) -> Reply:
        settings = await self.services.store.guild_settings(interaction.guild_id or 0)
        defaults = self.services.default_cooldowns
        return Reply(settings_embed(words_for(interaction), settings, defaults, None), True)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(ResetChoice)
    bot.tree.add_command(Admin(bot.services))
