"""Which language an answer is in: the one place that decides it.

A private answer is in the member's own Discord language. A public one is in the server's
language where an admin chose one (/admin language), so that a channel reads in one language;
else in the member's own too. Whatever the locale, a language the bot doesn't ship reads English.
"""

from __future__ import annotations

import logging

import discord

from bot.i18n import Translator, translator_for
from bot.store import RatingStore, StoreUnavailable

log = logging.getLogger(__name__)

# Where an interaction keeps its server's language once learned (discord.py's per-interaction
# dict for such things): None when the server chose none.
_SERVER_LANGUAGE = "toof.server_language"


async def learn_server_language(interaction: discord.Interaction, store: RatingStore) -> None:
    """Looks up the server's language for the public answers to `interaction`, once. The store
    keeps settings in its read cache, so this is a memory read nearly every time."""
    if interaction.guild_id is None or _SERVER_LANGUAGE in interaction.extras:
        return
    try:
        language = (await store.guild_settings(interaction.guild_id)).language
    except StoreUnavailable:
        # An answer is worth more than its language: say it in the member's own.
        log.warning("Couldn't read the server's language; answering in the member's own")
        language = None
    interaction.extras[_SERVER_LANGUAGE] = language


def answer_locale(interaction: discord.Interaction, *, public: bool = False) -> str:
    """The locale an answer is worded in: for a public answer the server's chosen language
    (once learned), else the member's own Discord language."""
    if public and (language := interaction.extras.get(_SERVER_LANGUAGE)):
        return language
    return str(interaction.locale)


def words_for(interaction: discord.Interaction, *, public: bool = False) -> Translator:
    """The translator for an answer to `interaction` (English where its locale has none):
    `public` for an answer the whole channel sees."""
    return translator_for(answer_locale(interaction, public=public))
