"""A Translator: the sentences, plurals, numbers and lists of one locale."""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from bot.domain.catalog import Translatable, in_locale
from bot.domain.locales import SOURCE_LOCALE
from bot.i18n.numbers import write_number

# Languages that write nouns with a capital inside a sentence, so a name keeps its own.
_NOUNS_CAPITALISED = frozenset({"de"})
_FULL_WIDTH_STOPS = ("。", "！", "？")


class LocaleName(NamedTuple):
    """A locale as gettext names it (``pt_BR``, ``ja``), in its parts: all a Translator needs
    of it. (Babel's Locale would load CLDR's machinery into every running bot for this.)"""

    language: str
    territory: str | None = None

    @classmethod
    def parse(cls, name: str) -> LocaleName:
        language, _, territory = name.replace("-", "_").partition("_")
        return cls(language, territory or None)

    def __str__(self) -> str:
        return f"{self.language}_{self.territory}" if self.territory else self.language


def msgid(message: str) -> str:
    """Marks a sentence kept in a table for extraction; it is translated where it is shown
    (`Translator.say(TABLE[key])`), in the locale of that answer."""
    return message


class Translator:
    """Words an answer in one locale: `say` for a sentence, `say_plural` for one that depends on
    a count. Placeholders are named (``{title}``) and filled after translation, so a translation
    may move them; whole numbers among the values are written the locale's way."""

    def __init__(self, locale: LocaleName, translations: gettext.NullTranslations) -> None:
        self.locale = locale
        self._translations = translations
        # The catalog's own words (data/locales/) are filed under Discord's name of the locale.
        self.catalog_locale = str(locale).replace("_", "-") if locale.territory else locale.language
        if locale.language == "en":
            self.catalog_locale = SOURCE_LOCALE

    @property
    def is_source(self) -> bool:
        """Whether this is the review's own language, English, in which quotes need no note."""
        return self.locale.language == "en"

    def catalog(self, entry: Translatable, field: str) -> str:
        """A catalog entry's own words (a summary, a trope's name) in this locale, or in
        English where data/locales/ has none for it."""
        return in_locale(entry, field, self.catalog_locale)

    def inside_sentence(self, name: str) -> str:
        """A name ("Enemies to lovers") as it reads inside a sentence: lowercase, except in
        languages whose nouns keep their capitals there (German) or that have no case."""
        return name if self.locale.language in _NOUNS_CAPITALISED else name.lower()

    def say(self, message: str, /, **values: object) -> str:
        return self._fill(self._translations.gettext(message), values)

    def in_context(self, context: str, message: str) -> str | None:
        """The translation of `message` in `context` (a command's name, say), or None when this
        locale has none (English, or not translated yet)."""
        translated = self._translations.pgettext(context, message)
        return None if translated == message else translated

    def say_plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form for `count` (the locale's plural rules), with ``{count}`` among its values
        (a `count` among `values` is how it is written instead, e.g. grouped)."""
        text = self._translations.ngettext(singular, plural, count)
        return self._fill(text, {"count": count, **values})

    def number(self, value: float, decimals: int = 0, *, grouped: bool = False) -> str:
        """`value` with exactly `decimals` decimals, rounded as Python's own formatting rounds
        (the exact binary value, ties to even), in the locale's digits and separators. Grouped
        (``3,333``) only when asked, so counts and seconds read as they always have."""
        return write_number(value, decimals, grouped, self.locale)

    def join(self, items: Iterable[str], *, either: bool = False) -> str:
        """Items in a row: ``a, b, c``, or with `either` ``a or b or c``."""
        if either:
            separator = self._translations.pgettext("between items, any one of them", " or ")
        else:
            separator = self._translations.pgettext("between items of a list", ", ")
        return separator.join(items)

    def join_clauses(self, clauses: Iterable[str]) -> str:
        """Clauses that each say something of their own: ``a: b; c: d``."""
        return self._translations.pgettext("between clauses of a list", "; ").join(clauses)

    def sentences(self, *sentences: str) -> str:
        """Whole sentences one after another, as the locale runs them on."""
        separator = self._translations.pgettext("between sentences", " ")
        said = ""
        for sentence in filter(None, sentences):
            # A full-width stop ("。") already leaves the room a space would: none follows it.
            joint = "" if not said or said.endswith(_FULL_WIDTH_STOPS) else separator
            said += joint + sentence
        return said

    def _fill(self, text: str, values: Mapping[str, object]) -> str:
        return text.format_map({name: self._shown(value) for name, value in values.items()})

    def _shown(self, value: object) -> object:
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return self.number(value)
        if isinstance(value, float):
            # A float's precision is the sentence's business: it must say it (`number`).
            raise TypeError(f"format {value!r} with Translator.number before passing it")
        return value
