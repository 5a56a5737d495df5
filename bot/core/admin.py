"""/admin's use cases: removing a review, resetting a target's scores, the server's settings.

The Discord side checks the Manage Server permission (it is Discord's to tell) and passes it in,
so a press on a reset confirmation is decided here like every other step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bot.core.services import COOLDOWN_COMMANDS, Services
from bot.domain.cooldowns import MAX_COOLDOWN_SECONDS
from bot.domain.locales import LANGUAGE_NAMES
from bot.domain.matching import TargetAmbiguous, TargetFound, TargetNotFound
from bot.store import GuildSettings

TargetProblem = TargetAmbiguous | TargetNotFound
MEMBERS_OWN = "members"  # /admin language's choice for "each member's own language"


class ReviewRemoval(NamedTuple):
    title: str
    removed: bool  # False: the member had no review of it here


async def remove_review(
    services: Services, guild_id: int, member_id: int, text: str
) -> ReviewRemoval | TargetProblem:
    found = services.matcher.match_target(text)
    if not isinstance(found, TargetFound):
        return found
    removed = await services.store.remove_review(guild_id, member_id, found.key)
    return ReviewRemoval(services.catalog.target_title(found.key) or found.key, removed)


class ConfirmReset(NamedTuple):
    """Scores to delete: the admin confirms first."""

    key: str
    title: str
    votes: int


class NothingToReset(NamedTuple):
    title: str


async def ask_reset(
    services: Services, guild_id: int, text: str
) -> ConfirmReset | NothingToReset | TargetProblem:
    found = services.matcher.match_target(text)
    if not isinstance(found, TargetFound):
        return found
    summary = await services.store.summary(guild_id, found.key)
    title = services.catalog.target_title(found.key) or found.key
    if not summary.count:  # nothing to confirm: say so rather than ask
        return NothingToReset(title)
    return ConfirmReset(found.key, title, summary.count)


class AdminsOnly(NamedTuple):
    """Not an admin here, or not the admin who asked for this confirmation."""


class ResetCancelled(NamedTuple):
    pass


class ScoresReset(NamedTuple):
    title: str
    removed: int


async def press_reset(
    services: Services,
    guild_id: int | None,
    key: str,
    *,
    confirm: bool,
    pressed_by_admin: bool,
    presser_id: int,
    admin_id: int,
) -> ScoresReset | ResetCancelled | AdminsOnly:
    """A press on a reset confirmation: only the admin who asked, still an admin, counts."""
    if guild_id is None or not pressed_by_admin or presser_id != admin_id:
        return AdminsOnly()
    if not confirm:
        return ResetCancelled()
    removed = await services.store.reset_target(guild_id, key)
    return ScoresReset(services.catalog.target_title(key) or key, removed)


class SettingsShown(NamedTuple):
    settings: GuildSettings
    defaults: Mapping[str, int]  # each cooldown command's default, where a server set none
    saved: bool = False  # shown after a change


class NotACooldown(NamedTuple):
    """A command with no cooldown, or seconds out of range (a modified client sends any)."""

    most: int = MAX_COOLDOWN_SECONDS


async def show_settings(services: Services, guild_id: int) -> SettingsShown:
    settings = await services.store.guild_settings(guild_id)
    return SettingsShown(settings, services.default_cooldowns)


async def set_reviews(services: Services, guild_id: int, enabled: bool) -> SettingsShown:
    settings = await services.store.set_reviews_enabled(guild_id, enabled)
    return SettingsShown(settings, services.default_cooldowns, saved=True)


class NotALanguage(NamedTuple):
    """A language the bot doesn't speak (only a modified client can send one)."""


async def set_language(
    services: Services, guild_id: int, language: object
) -> SettingsShown | NotALanguage:
    """`language`: a shipped locale, or MEMBERS_OWN for each member's own (the default)."""
    if language != MEMBERS_OWN and language not in LANGUAGE_NAMES:
        return NotALanguage()
    chosen = None if language == MEMBERS_OWN else str(language)
    settings = await services.store.set_language(guild_id, chosen)
    return SettingsShown(settings, services.default_cooldowns, saved=True)


async def set_cooldown(
    services: Services, guild_id: int, command: str, seconds: object
) -> SettingsShown | NotACooldown:
    # A modified client can send any JSON for an integer option; discord.py passes it on.
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        return NotACooldown()
    if command not in COOLDOWN_COMMANDS or not 0 <= seconds <= MAX_COOLDOWN_SECONDS:
        return NotACooldown()
    settings = await services.store.set_cooldown(guild_id, command, seconds)
    return SettingsShown(settings, services.default_cooldowns, saved=True)
