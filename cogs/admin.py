"""/admin: moderation and settings for server admins (Manage Server).

The group's default permission only hides it from members; a member's client can still send it,
so every subcommand and every confirm button checks the permission again when it runs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.core import admin
from bot.core.services import Services
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
from bot.domain.locales import LANGUAGE_NAMES
from bot.i18n import Translator
from cogs import _answers
from cogs._reply import Reply
from cogs.views import answer, choice_button, guarded, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot

_KEY = TARGET_KEY_PATTERN
# Each language by its own name (a member looks for theirs), then each member's own: the default.
LANGUAGE_CHOICES = [
    *(app_commands.Choice(name=name, value=code) for code, name in LANGUAGE_NAMES.items()),
    app_commands.Choice(name="Each member's own language", value=admin.MEMBERS_OWN),
]


def is_admin(interaction: discord.Interaction) -> bool:
    return interaction.guild_id is not None and interaction.permissions.manage_guild


def refused(tr: Translator) -> Reply:
    return Reply(notices.admins_only_embed(tr), True, refused=True)


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
        outcome = await admin.press_reset(
            services_of(interaction),
            interaction.guild_id,
            self.key,
            confirm=self.confirm,
            pressed_by_admin=is_admin(interaction),
            presser_id=interaction.user.id,
            admin_id=self.admin_id,
        )
        done = discord.ui.View()
        match outcome:
            case admin.ScoresReset(title=title, removed=removed):
                return Reply(scores_reset_embed(tr, title, removed), edit=True, view=done)
            case admin.ResetCancelled():
                return Reply(notices.reset_cancelled_embed(tr), edit=True, view=done)
        return refused(tr)


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

    @app_commands.command(
        name="language", description="Choose the language of the bot's public answers here."
    )
    @app_commands.describe(
        language="The language for public answers; private answers stay in each member's own"
    )
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def language(
        self, interaction: discord.Interaction, language: app_commands.Choice[str]
    ) -> None:
        await answer(interaction, self._set_language(interaction, language.value), ephemeral=True)

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
            return Reply(notices.which_member_embed(tr), True, refused=True)
        outcome = await admin.remove_review(self.services, _guild(interaction), member.id, target)
        if not isinstance(outcome, admin.ReviewRemoval):
            return _answers.target_problem(tr, self.services, target, outcome)
        name = safe(member.display_name)  # members choose their names: "@everyone", "**x**"
        embed = notices.review_removed_embed(tr, name, outcome.title, removed=outcome.removed)
        return Reply(embed, True)

    async def _reset(self, interaction: discord.Interaction, target: str) -> Reply:
        tr = words_for(interaction)
        outcome = await admin.ask_reset(self.services, _guild(interaction), target)
        match outcome:
            case admin.NothingToReset(title=title):
                return Reply(nothing_to_reset_embed(tr, title), ephemeral=True)
            case admin.ConfirmReset(key=key, title=title, votes=votes):
                view = discord.ui.View(timeout=None)
                view.add_item(ResetChoice(tr, key, interaction.user.id, confirm=True))
                view.add_item(ResetChoice(tr, key, interaction.user.id, confirm=False))
                return Reply(reset_confirm_embed(tr, title, votes), ephemeral=True, view=view)
        return _answers.target_problem(tr, self.services, target, outcome)

    async def _set_reviews(self, interaction: discord.Interaction, enabled: bool) -> Reply:
        shown = await admin.set_reviews(self.services, _guild(interaction), enabled)
        return _settings(words_for(interaction), shown)

    async def _set_cooldown(
        self, interaction: discord.Interaction, command: str, seconds: int
    ) -> Reply:
        tr = words_for(interaction)
        outcome = await admin.set_cooldown(self.services, _guild(interaction), command, seconds)
        if isinstance(outcome, admin.NotACooldown):
            return Reply(notices.not_a_cooldown_embed(tr, outcome.most), True, refused=True)
        return _settings(tr, outcome)

    async def _set_language(self, interaction: discord.Interaction, language: str) -> Reply:
        tr = words_for(interaction)
        outcome = await admin.set_language(self.services, _guild(interaction), language)
        if isinstance(outcome, admin.NotALanguage):
            return Reply(notices.not_a_language_embed(tr), True)
        return _settings(tr, outcome)

    async def _show(self, interaction: discord.Interaction) -> Reply:
        shown = await admin.show_settings(self.services, _guild(interaction))
        return _settings(words_for(interaction), shown)


def _guild(interaction: discord.Interaction) -> int:
    # The group is guild-only and checks the permission first, so there is always a server.
    return interaction.guild_id or 0


def _settings(tr: Translator, shown: admin.SettingsShown) -> Reply:
    note = notices.saved_note(tr) if shown.saved else None
    return Reply(settings_embed(tr, shown.settings, shown.defaults, note), True)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(ResetChoice)
    bot.tree.add_command(Admin(bot.services))
