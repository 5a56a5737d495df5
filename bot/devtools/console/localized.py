"""The console in another language (`locale ja`): the commands as a client in that locale shows
them, their names and descriptions from the synced ``name_localizations`` and
``description_localizations``, and what is typed mapped back to the names the bot knows."""

from __future__ import annotations

import copy
from typing import Any

from bot.devtools.console.parse import Invocation

Json = dict[str, Any]
SOURCE = "en-US"
_CANONICAL = "_canonical"  # where a localised copy keeps the name the bot knows


def localized_commands(commands: list[Json], locale: str) -> list[Json]:
    """The commands as a client in `locale` lists them (the English ones for en-US)."""
    if locale == SOURCE:
        return commands
    return [_localized(command, locale) for command in commands]


def _localized(item: Json, locale: str) -> Json:
    shown = copy.copy(item)
    shown[_CANONICAL] = item["name"]
    shown["name"] = (item.get("name_localizations") or {}).get(locale, item["name"])
    described = (item.get("description_localizations") or {}).get(locale)
    if described:
        shown["description"] = described
    if "options" in item:
        shown["options"] = [_localized(option, locale) for option in item["options"]]
    if "choices" in item:
        shown["choices"] = [_localized_choice(choice, locale) for choice in item["choices"]]
    return shown


def _localized_choice(choice: Json, locale: str) -> Json:
    shown = dict(choice)
    shown["name"] = (choice.get("name_localizations") or {}).get(locale, choice["name"])
    return shown


def canonical(invocation: Invocation, shown: list[Json]) -> Invocation:
    """What was typed with localised names, with the names the bot's commands have."""
    path, names = canonical_names(invocation.path, shown)
    options = {names.get(name, name): value for name, value in invocation.options.items()}
    return Invocation(path, options)


def canonical_names(path: str, shown: list[Json]) -> tuple[str, dict[str, str]]:
    """The command path the bot knows for a localised one, and its options' names by shown name."""
    level: list[Json] = shown
    found: list[str] = []
    for word in path.split(" "):
        item = next(i for i in level if i["name"] == word)
        found.append(item.get(_CANONICAL, word))
        level = item.get("options", [])
    return " ".join(found), {o["name"]: o.get(_CANONICAL, o["name"]) for o in level}
