"""The locales there are, and which one answers a member.

Each locale is `locales/<locale>/LC_MESSAGES/messages.po`, what translators edit, compiled beside
it into `messages.mo`, what the bot reads (with the standard library's gettext).
`python -m bot.devtools.messages compile` writes the .mo files, and a test fails when one no
longer matches its .po. Reading the compiled files spares every start Babel's .po reader (about
2 MB of memory) and about 9 ms a locale; a .po without its .mo is still read, compiled in memory.

No catalog is read at import: each locale is read the first time a member of it is answered,
and the bot reads the rest once it is ready (`unread_locales`, `read_locale`).
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from bot.domain.locales import shipped_locale
from bot.i18n.translator import LocaleName, Translator

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
ENGLISH = LocaleName("en", "US")  # the source sentences are English: no catalog needed for it


def compiled(po: Path) -> bytes:
    """A .po file compiled as the bot reads it: fuzzy entries (a translation awaiting review)
    left out, and so read in English."""
    from babel.messages.mofile import write_mo  # Babel's reader is for tools: see above
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def read_catalog(po: Path) -> gettext.GNUTranslations:
    """The translations of a locale: its compiled .mo beside the .po, else the .po compiled."""
    mo = po.with_suffix(".mo")
    data = mo.read_bytes() if mo.exists() else compiled(po)
    return gettext.GNUTranslations(io.BytesIO(data))


def load_translators(folder: Path = LOCALES) -> dict[str, Translator]:
    """Every locale under `folder`, by its name as gettext writes it (``pt_BR``)."""
    found: dict[str, Translator] = {}
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        name = po.parent.parent.name
        found[name] = Translator(LocaleName.parse(name), read_catalog(po))
    return found


_ENGLISH = Translator(ENGLISH, gettext.NullTranslations())
_PO_FILES = {po.parent.parent.name: po for po in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
_TRANSLATORS: dict[str, Translator] = {}


def _translator(name: str) -> Translator | None:
    """The shipped locale `name` (``pt_BR``), read on first use; None if none is shipped."""
    found = _TRANSLATORS.get(name)
    if found is None and name in _PO_FILES:
        found = _TRANSLATORS[name] = Translator(
            LocaleName.parse(name), read_catalog(_PO_FILES[name])
        )
    return found


def unread_locales() -> list[str]:
    """The shipped locales no member has been answered in yet."""
    return sorted(_PO_FILES.keys() - _TRANSLATORS.keys())


def read_locale(name: str) -> None:
    """Read a shipped locale now, before a member of it asks (see unread_locales)."""
    _translator(name)


def translator_for(locale: str | None) -> Translator:
    """The translator for a Discord locale (``pt-BR``, ``ja``): that locale, else its language,
    else English, whose sentences are the source."""
    if not locale:
        return _ENGLISH
    name = shipped_locale(locale).replace("-", "_")
    language = name.partition("_")[0]
    return _translator(name) or _translator(language) or _ENGLISH
