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
    def gettext(self, message: str) -> str:
        return marked(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return marked(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return marked(message)


def pseudo_translator() -> Translator:
    return Translator(Locale("en", "US"), PseudoTranslations())
