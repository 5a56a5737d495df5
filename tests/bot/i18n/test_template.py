"""The template translators start from: up to date with the code, and every placeholder named."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po

from bot.devtools.messages import write_template
from bot.i18n.catalogs import DOMAIN, LOCALES

TEMPLATE = LOCALES / f"{DOMAIN}.pot"
PRINTF = re.compile(r"%(\(\w+\))?[-#0 +]*\d*(\.\d+)?[sdifr%]")


def read(path: Path) -> PoCatalog:
    with path.open("rb") as source:
        return read_po(source)


def ids(catalog: PoCatalog) -> set[object]:
    return {(message.context, message.id) for message in catalog if message.id}


def placeholders(text: str) -> list[str | None]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


@pytest.fixture(scope="module")
def template() -> PoCatalog:
    return read(TEMPLATE)


def test_the_committed_template_holds_every_message_of_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    write_template(fresh)
    assert ids(read(fresh)) == ids(read(TEMPLATE)), (
        "bot/i18n/locales/messages.pot is stale: run `uv run python -m bot.devtools.messages`"
    )


def test_the_template_is_not_empty(template: PoCatalog) -> None:
    # Enough to know the extraction's keywords still match the Translator's methods.
    assert len(ids(template)) > 200
    assert any(message.pluralizable for message in template)


def test_every_placeholder_is_a_name(template: PoCatalog) -> None:
    unnamed = []
    for message in template:
        for text in message.id if message.pluralizable else (message.id,):
            names = placeholders(text)
            if any(not (name or "").isidentifier() for name in names):
                unnamed.append(text)  # `{}` or `{0}`: a translation could not move it
            elif PRINTF.search(text.replace("%%", "")):
                unnamed.append(text)
    assert unnamed == []


def test_a_plural_message_names_its_count(template: PoCatalog) -> None:
    for message in template:
        if message.id and message.pluralizable:
            singular, plural = message.id
            assert "count" in placeholders(plural), plural
            assert set(placeholders(singular)) <= set(placeholders(plural)) | {"count"}


def placeholder_mistakes(catalog: PoCatalog) -> list[str]:
    """Translations whose placeholders are not the message's own: a typo would raise KeyError
    on a member's answer, or drop a value."""
    mistakes = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        sources = message.id if message.pluralizable else (message.id,)
        allowed = {name for source in sources for name in placeholders(source)}
        translations = message.string if message.pluralizable else (message.string,)
        for translation in translations:
            if translation and not set(placeholders(translation)) <= allowed:
                mistakes.append(translation)
    return mistakes


def test_every_shipped_locale_keeps_the_placeholders() -> None:
    shipped = sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    mistakes = {po.parent.parent.name: placeholder_mistakes(read(po)) for po in shipped}
    assert {locale: found for locale, found in mistakes.items() if found} == {}


def test_a_translation_with_a_placeholder_of_its_own_is_caught() -> None:
    catalog = PoCatalog(locale="de")
    catalog.add("You rated {title}.", "Du hast {titel} bewertet.")
    catalog.add("{count} vote", "{count} Stimme")
    assert placeholder_mistakes(catalog) == ["Du hast {titel} bewertet."]
