"""The command tree: turns known failures into friendly, ephemeral answers and logs the rest,
and starts watching each command (bot.discord.watch) before it runs."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord import logs, watch
from bot.discord.render import notice_embed
from bot.discord.words import words_for
from bot.domain.member_text import ReviewTextError, ReviewTextProblem
from bot.i18n import Translator
from bot.store import InvalidReview, InvalidScore, StoreUnavailable
from bot.store.errors import ReviewProblem

log = logging.getLogger(__name__)

UNKNOWN_INTERACTION = 10062  # Discord's error code for an expired (or unknown) interaction


class TwilightTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Every command and autocomplete comes here first: the command is watched from here on,
        and every log line of it says which it is."""
        name = watch.command_name(interaction)
        if interaction.type is discord.InteractionType.application_command:
            watch.begin(interaction, name)
        else:  # autocomplete: in the log only
            logs.enter_interaction(name, watch.shard_of(interaction), interaction.guild_id)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        command = interaction.command.qualified_name if interaction.command else "?"
        await explain_failure(interaction, cause, f"/{command}")


async def explain_failure(
    interaction: discord.Interaction, error: BaseException, what: str
) -> None:
    """Tells the member about a failed command or button press: expected failures in their own
    words, anything else as a generic apology, with the details logged for us."""
    if _expired(error):
        # Answered after Discord's 3 s: the member already saw "interaction failed", and
        # nothing can reach them now. Saying so is all there is to do; it is not a bug.
        log.warning("%s was answered too late: Discord had expired the interaction", what)
        watch.ended(interaction, "late")
        return
    tr = words_for(interaction)
    message = known_failure_message(tr, error)
    if message is None:
        log.error("%s failed", what, exc_info=error)
        watch.ended(interaction, "failed")
        message = generic_failure(tr)
    if await send_ephemeral(interaction, notice_embed(tr.say("Sorry!"), message)):
        watch.answered(interaction, refused=True)  # a failure was counted already
    else:
        watch.ended(interaction, "failed")


def _expired(error: BaseException) -> bool:
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


def generic_failure(tr: Translator) -> str:
    return tr.say(
        "Something went wrong on my side. It's been logged; please try again in a moment."
    )


def known_failure_message(tr: Translator, error: BaseException) -> str | None:
    """The member-facing explanation for an expected failure, or None for a bug."""
    match error:
        case ReviewTextError(problem=ReviewTextProblem.EMPTY):
            return tr.say("That review is empty once invisible characters are removed.")
        case ReviewTextError(length=length, limit=limit):
            return tr.say(
                "Reviews are up to {limit} characters; yours has {length}.",
                limit=limit,
                length=length,
            )
        case InvalidReview(problem=ReviewProblem.TOO_LONG, length=length, limit=limit):
            return tr.say(
                "Reviews can be up to {limit} characters; yours has {length}. Nothing changed.",
                limit=limit,
                length=length,
            )
        case InvalidReview():
            return tr.say("That review can't be kept: write a line or two of plain text.")
        case InvalidScore():
            return tr.say("Scores are whole numbers from 1 to 10, like the review's 5/10.")
        case StoreUnavailable():
            return tr.say(
                "I couldn't save that just now, so nothing changed. Please try again shortly."
            )
        case app_commands.CommandOnCooldown(retry_after=retry_after):
            seconds = tr.number(retry_after)
            return tr.say("Easy there! Try again in {seconds} s.", seconds=seconds)
    return _check_failure_message(tr, error)


def _check_failure_message(tr: Translator, error: BaseException) -> str | None:
    match error:
        case app_commands.NoPrivateMessage():
            return tr.say("That command works in servers only.")
        case app_commands.MissingPermissions():
            return tr.say("You need the Manage Server permission for that.")
        case app_commands.TransformerError() | app_commands.CommandSignatureMismatch():
            return tr.say("I didn't understand one of the options. Please pick it from the list.")
        case app_commands.CheckFailure():
            return tr.say("You can't use that command here.")
    return None


async def send_ephemeral(interaction: discord.Interaction, embed: discord.Embed) -> bool:
    """Answers or follows up, whichever the interaction still allows; whether it was sent."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True)
    except discord.HTTPException as error:
        log.warning("Could not tell the member about a failure", exc_info=True)
        if _expired(error):
            watch.ended(interaction, "late")
        return False
    return True
