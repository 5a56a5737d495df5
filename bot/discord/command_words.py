"""Slash commands in the member's language: their names, descriptions, options and choices, as
Discord shows them in each client (``name_localizations`` and ``description_localizations``).

discord.py asks an ``app_commands.Translator`` for every string of every command when the tree
is synced; this one looks each up in the gettext catalogs (bot/i18n), under a context that says
what the string is ("command name", "option description", ...). A name must follow Discord's
rules for names in every locale, so a translation that breaks them is not sent: that locale
shows the English name, and the completeness test reports it.
"""

from __future__ import annotations

import re

import discord
from discord import app_commands

from bot.domain.locales import LANGUAGE_NAMES, SHIPPED_LOCALES
from bot.i18n import translator_for

# What each place a string sits in a command is called in the catalogs (msgctxt).
CONTEXTS = {
    app_commands.TranslationContextLocation.command_name: "command name",
    app_commands.TranslationContextLocation.command_description: "command description",
    app_commands.TranslationContextLocation.group_name: "command name",
    app_commands.TranslationContextLocation.group_description: "command description",
    app_commands.TranslationContextLocation.parameter_name: "option name",
    app_commands.TranslationContextLocation.parameter_description: "option description",
    app_commands.TranslationContextLocation.choice_name: "choice name",
}
NAME_CONTEXTS = frozenset({"command name", "option name"})
# Languages are listed by their own names (/admin language) in every locale: not translated.
AUTONYMS = frozenset(LANGUAGE_NAMES.values())
# Discord's rule for command and option names (its API reference), for every locale.
NAME_PATTERN = re.compile(r"^[-_\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
DESCRIPTION_LIMIT = 100
CHOICE_LIMIT = 100


def valid_name(name: str) -> bool:
    """Discord's rule: 1 to 32 letters, digits, - or _, and lowercase where the script has case."""
    return bool(NAME_PATTERN.fullmatch(name)) and name == name.lower()


class CommandWords(app_commands.Translator):
    """Every command string of a shipped locale, from its catalog; None leaves it English."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if str(locale) not in SHIPPED_LOCALES:
            return None
        where = CONTEXTS.get(context.location)
        if where is None or (where == "choice name" and string.message in AUTONYMS):
            return None
        translated = translator_for(str(locale)).in_context(where, string.message)
        if translated is None or not fits(where, translated):
            return None
        return translated


def fits(where: str, text: str) -> bool:
    """Whether Discord takes `text` in that place: a valid name, or a short enough text."""
    if where in NAME_CONTEXTS:
        return valid_name(text)
    limit = CHOICE_LIMIT if where == "choice name" else DESCRIPTION_LIMIT
    return 1 <= len(text) <= limit
