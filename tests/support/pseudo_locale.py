"""A test-only locale in which every message id is translated to a marked form: its letters
swapped for fullwidth ones and the whole wrapped in ⟦ ⟧, its placeholders kept. English that
reaches a member without going through the Translator stays in plain ASCII letters."""

from __future__ import annotations

import gettext
import re

from babel import Locale

from bot.i18n import Translator

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_FULLWIDTH = str.maketrans(
    {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
)


def marked(message: str) -> str:
    parts = PLACEHOLDER.split(message)
    names = PLACEHOLDER.findall(message)
    out = [parts[0].translate(_FULLWIDTH)]
    for name, part in zip(names, parts[1:], strict=True):
        out += [name, part.translate(_FULLWIDTH)]
    return "⟦" + "".join(out) + "⟧"


class PseudoTranslations(gettext.NullTranslations):
    """Marks every message, and notes which were asked for (context, message id)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str | None, str]] = set()

    def gettext(self, message: str) -> str:
        self.asked.add((None, message))
        return marked(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.asked.add((None, msgid1))
        return marked(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        self.asked.add((context, message))
        return marked(message)


def pseudo_translator() -> tuple[Translator, PseudoTranslations]:
    translations = PseudoTranslations()
    return Translator(Locale("en", "US"), translations), translations
