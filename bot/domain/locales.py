"""The languages the bot speaks, as Discord names them, and how a member's locale maps to one.

English is the source: every text exists in it. Each other shipped locale has the bot's
messages and the catalog's own words translated; quotes from a review stay as written.
"""

from __future__ import annotations

SOURCE_LOCALE = "en-US"
# The locales the bot ships translations for, in Discord's spelling.
SHIPPED_LOCALES: tuple[str, ...] = ("ja", "pt-BR", "es-ES", "fr", "de")
# Each language by its own name, as a member looking for theirs reads it in any language.
LANGUAGE_NAMES: dict[str, str] = {
    SOURCE_LOCALE: "English",
    "ja": "日本語",
    "pt-BR": "Português do Brasil",
    "es-ES": "Español",
    "fr": "Français",
    "de": "Deutsch",
}
# Discord locales that read another shipped locale's text: Latin American Spanish reads Spain's.
_READS_AS = {"es-419": "es-ES", "en-GB": SOURCE_LOCALE}
# Every locale Discord sends (its OpenAPI spec's AvailableLocalesEnum), to check locale files.
DISCORD_LOCALES: frozenset[str] = frozenset(
    (
        "ar",
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en-GB",
        "en-US",
        "es-419",
        "es-ES",
        "fi",
        "fr",
        "he",
        "hi",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "nl",
        "no",
        "pl",
        "pt-BR",
        "ro",
        "ru",
        "sv-SE",
        "th",
        "tr",
        "uk",
        "vi",
        "zh-CN",
        "zh-TW",
    )
)


def shipped_locale(locale: str | None) -> str:
    """The shipped locale whose text a member with Discord's `locale` reads: their own where it
    ships, a close one where one reads as it (es-419 reads es-ES), else English."""
    if locale in SHIPPED_LOCALES:
        return locale
    return _READS_AS.get(locale or "", SOURCE_LOCALE)
