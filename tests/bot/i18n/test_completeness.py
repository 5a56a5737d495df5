"""Every shipped locale is complete: each message of the template translated, its placeholders
kept, its plural forms all there, nothing left in English but names, and every localised command
name one Discord takes (and distinct from its siblings'). Run after `pybabel update`."""

from __future__ import annotations

import asyncio
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from discord import app_commands

from bot.devtools.messages import _tree
from bot.discord.command_words import AUTONYMS, fits, valid_name
from bot.domain.locales import SHIPPED_LOCALES
from bot.i18n.catalogs import DOMAIN, LOCALES

TEMPLATE = LOCALES / f"{DOMAIN}.pot"
# Words a translation may keep as they are: the names of people, the series, the product,
# commands' own words members type as is, and formats.
KEPT_WORDS = frozenset(
    {
        *("Mao", "Hisashi", "Jin", "Giichi", "Rei", "Shion", "Twilight", "Out", "Of", "Focus"),
        *(
            "Discord",
            "versus",
            "vs",
            "admin",
            "spoiler",
            "True",
            "False",
            "CSV",
            "JSON",
            "csv",
            "json",
        ),
    }
)
# Words a language spells as English does: German writes "Server", "Name", "Format", "Partner"
# and, in fandom, "Tropes"; these are German words, not English left behind.
SPELT_ALIKE = {
    "de": frozenset({"Server", "Tropes", "tropes", "trope", "name", "format", "partner"})
}
WORD = re.compile(r"[A-Za-z]{2,}")


def po_of(locale: str) -> Path:
    return LOCALES / locale.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path) -> PoCatalog:
    with path.open("rb") as source:
        return read_po(source)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def texts(message: Message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def english_words(text: str) -> set[str]:
    """The words of `text` outside placeholders, code spans and names."""
    bare = re.sub(r"\{[^}]*\}|`[^`]*`", " ", text)
    return {word for word in WORD.findall(bare) if word not in KEPT_WORDS}


@pytest.fixture(scope="module")
def template() -> PoCatalog:
    return read(TEMPLATE)


# Locales whose translation is still being written: expected to fail until it is finished, and
# shown as XPASS where a check already holds for them.
UNFINISHED = frozenset({"fr"})


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(
            locale,
            marks=pytest.mark.xfail(
                locale in UNFINISHED, reason="translation unfinished", strict=False
            ),
        )
        for locale in SHIPPED_LOCALES
    ],
)
def locale(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def catalog(locale: str) -> PoCatalog:
    return read(po_of(locale))


def test_every_message_of_the_template_is_translated(
    template: PoCatalog, catalog: PoCatalog
) -> None:
    missing = [
        (m.context, m.id)
        for m in template
        if m.id and ((t := catalog.get(m.id, m.context)) is None or not all(texts(t)))
    ]
    fuzzy = [(m.context, m.id) for m in catalog if m.id and m.fuzzy]

    assert missing == [], "untranslated: run pybabel update, then translate these"
    assert fuzzy == [], "fuzzy translations are guesses: check them and clear the flag"


def test_every_translation_keeps_the_placeholders(catalog: PoCatalog) -> None:
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
        expected = set().union(*(placeholders(text) for text in ids))
        for text in texts(message):
            found = placeholders(text)
            # A plural form may leave out the count ("one vote" for {count} = 1), never add one.
            if not found <= expected or (found | {"count"}) < expected:
                wrong.append((message.id, text))
    assert wrong == []


def test_plural_messages_have_every_form_of_the_locale(catalog: PoCatalog) -> None:
    short = [
        m.id
        for m in catalog
        if m.id and m.pluralizable and len([t for t in texts(m) if t]) != catalog.num_plurals
    ]
    assert short == []


def test_nothing_member_facing_is_left_in_english(catalog: PoCatalog) -> None:
    left = [
        m.id
        for m in catalog
        if m.id
        and not m.pluralizable
        and m.string == m.id
        and english_words(m.id) - SPELT_ALIKE.get(catalog.locale_identifier, frozenset())
        and m.id not in AUTONYMS
    ]
    assert left == []


def _siblings(tree: app_commands.CommandTree) -> Iterator[tuple[str, list[str], list[str]]]:
    """(where, command names, option names) for the top level and every command."""
    yield "the top level", [c.name for c in tree.get_commands()], []
    stack: list[app_commands.Command | app_commands.Group] = list(tree.get_commands())
    while stack:
        command = stack.pop()
        if isinstance(command, app_commands.Group):
            yield f"/{command.qualified_name}", [c.name for c in command.commands], []
            stack.extend(command.commands)
        else:
            options = [p.display_name for p in command.parameters]
            yield f"/{command.qualified_name}", [], options


@pytest.fixture(scope="module")
def tree() -> app_commands.CommandTree:
    return asyncio.run(_tree())


def test_every_localised_command_and_option_name_is_one_discord_takes(
    tree: app_commands.CommandTree, catalog: PoCatalog, locale: str
) -> None:
    def localised(context: str, name: str) -> str:
        message = catalog.get(name, context)
        return message.string if message is not None and message.string else name

    problems = []
    for where, commands, options in _siblings(tree):
        for context, names in (("command name", commands), ("option name", options)):
            shown = [localised(context, name) for name in names]
            problems += [(where, n) for n in shown if not valid_name(n)]
            if len(set(shown)) != len(shown):
                problems.append((where, f"two {context}s are the same: {shown}"))
    for message in catalog:
        named = message.context and message.id and message.string
        if named and not fits(message.context, message.string):
            problems.append((message.context, message.string))
    assert problems == [], f"{locale}: names Discord would refuse"
