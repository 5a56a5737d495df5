"""The locales there are: each `locales/<locale>/LC_MESSAGES/messages.po`, read once at start
and compiled in memory (no build step), and which one answers a member."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.domain.locales import shipped_locale
from bot.i18n.translator import Translator

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
ENGLISH = Locale("en", "US")  # the source sentences are English: no catalog needed for it


def read_catalog(path: Path) -> Translations:
    """One .po file as translations; fuzzy entries (a translation awaiting review) are left out
    and so read in English."""
    with path.open("rb") as source:
        catalog = read_po(source, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def load_translators(folder: Path = LOCALES) -> dict[str, Translator]:
    """Every locale under `folder`, by its name as gettext writes it (``pt_BR``)."""
    found: dict[str, Translator] = {}
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        name = po.parent.parent.name
        found[name] = Translator(Locale.parse(name), read_catalog(po))
    return found


_ENGLISH = Translator(ENGLISH, gettext.NullTranslations())
_TRANSLATORS = load_translators()


def translator_for(locale: str | None) -> Translator:
    """The translator for a Discord locale (``pt-BR``, ``ja``): that locale, else its language,
    else English, whose sentences are the source."""
    if not locale:
        return _ENGLISH
    name = shipped_locale(locale).replace("-", "_")
    language = name.partition("_")[0]
    found = _TRANSLATORS.get(name) or _TRANSLATORS.get(language)
    return found or _ENGLISH
