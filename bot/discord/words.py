"""Which language an answer is in: the one place that decides it."""

from __future__ import annotations

import discord

from bot.i18n import Translator, translator_for


def answer_locale(interaction: discord.Interaction) -> str:
    """The locale an answer is worded in: for now the member's own Discord language. A
    server's chosen language, once servers can set one, is decided here, before the member's."""
    return str(interaction.locale)


def words_for(interaction: discord.Interaction) -> Translator:
    """The translator for the answer to `interaction` (English where its locale has none)."""
    return translator_for(answer_locale(interaction))
