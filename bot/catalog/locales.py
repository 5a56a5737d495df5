"""The catalog's own words in other languages: `data/locales/<locale>.toml`, one file a locale.

A locale file gives, by id, what the English files say in our own words: each trope's name,
description and the ways people type it; each series' setting and attribution; each couple's
summary and spotlight note; each snippet's note; and more ways to type a person's name. Quotes
are never translated. Whatever a locale leaves out is shown in English, so a new couple works
before it is translated; `twilight-bot check` lists what is missing in each shipped locale.

The ways to type a trope or a name are matched whatever the member's language, so every one must
lead to one trope, or one person, across all the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.catalog.names import name_key
from bot.catalog.schema import FieldSpec, Problems, Schema, Where, did_you_mean, read_table
from bot.domain.catalog import (
    Catalog,
    Character,
    Couple,
    FrozenMap,
    Series,
    Snippet,
    Translations,
    Trope,
)
from bot.domain.locales import DISCORD_LOCALES, SHIPPED_LOCALES, SOURCE_LOCALE

LOCALES_DIR = "locales"

_TEXT = FieldSpec("text", required=False)
_TEXTS = FieldSpec("texts", required=False)
FILE_SCHEMA: Schema = {
    "tropes": FieldSpec("table", required=False),
    "series": FieldSpec("table", required=False),
    "couples": FieldSpec("table", required=False),
    "snippets": FieldSpec("table", required=False),
    "people": FieldSpec("table", required=False),
}
# What each section's entries may translate; the English field each one stands for.
SECTION_SCHEMAS: dict[str, Schema] = {
    "tropes": {"name": _TEXT, "description": _TEXT, "synonyms": _TEXTS},
    "series": {"setting": _TEXT, "attribution": _TEXT},
    "couples": {"summary": _TEXT, "spotlight_note": _TEXT},
    "snippets": {"note": _TEXT},
}


@dataclass(slots=True)
class LocaleFile:
    """One locale's words, by section and id, with where each entry came from."""

    locale: str
    label: str
    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)


def locale_paths(data_dir: Path) -> list[Path]:
    folder = data_dir / LOCALES_DIR
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def read_locale(
    doc: dict[str, Any], locale: str, label: str, catalog: Catalog, problems: Problems
) -> LocaleFile:
    """The file's entries that name something the catalog has; every other one is a problem."""
    found = LocaleFile(locale, label)
    if locale not in DISCORD_LOCALES or locale == SOURCE_LOCALE:
        problems.add(Where(label), _not_a_locale(locale))
        return found
    top = read_table(doc, FILE_SCHEMA, Where(label), problems)
    known = _known_ids(catalog)
    for section, schema in SECTION_SCHEMAS.items():
        found.entries[section] = {}
        for ident, raw in top.get(section, {}).items():
            where = Where(label, f"[{section}.{ident}]")
            if ident not in known[section]:
                problems.add(where, _unknown(section, ident, known[section]))
                continue
            found.entries[section][ident] = read_table(raw, schema, where, problems)
    found.people = _read_people(top.get("people", {}), label, catalog, problems)
    return found


def _not_a_locale(locale: str) -> str:
    shipped = ", ".join(f"{code}.toml" for code in SHIPPED_LOCALES)
    return (
        f"'{locale}' is not a Discord locale; name the file after one in Discord's spelling"
        f" (the shipped ones are {shipped}); English is the series and tropes files themselves"
    )


def _known_ids(catalog: Catalog) -> dict[str, list[str]]:
    return {
        "tropes": list(catalog.tropes),
        "series": list(catalog.series),
        "couples": list(catalog.couples),
        "snippets": [snippet.id for snippet in catalog.snippets],
    }


def _unknown(section: str, ident: str, known: list[str]) -> str:
    what = section.rstrip("s")
    return f"no {what} has the id '{ident}'; {did_you_mean(ident, known)}"


def _read_people(
    raw: dict[str, Any], label: str, catalog: Catalog, problems: Problems
) -> dict[str, tuple[str, ...]]:
    names = {person.name for couple in catalog.couples.values() for person in couple.members}
    people: dict[str, tuple[str, ...]] = {}
    for name, aliases in raw.items():
        where = Where(label, f"[people] {name}")
        if name not in names:
            problems.add(where, f"nobody is named '{name}'; {did_you_mean(name, sorted(names))}")
        elif not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.add(where, f'must be a list of names in quotes, e.g. {name} = ["..."]')
        else:
            people[name] = tuple(alias for alias in aliases if alias.strip())
    return people


# --- putting the words into the catalog ----------------------------------------------------


def translated(catalog: Catalog, files: list[LocaleFile], problems: Problems) -> Catalog:
    """The catalog with each locale's words on its entries, and the ways to type a trope or a
    name added to the ones it matches, once they are checked to lead to one entry each."""
    _check_typed_words(catalog, files, problems)
    _check_people(catalog, files, problems)
    words = {
        section: _by_id(files, section) for section in SECTION_SCHEMAS
    }  # section -> id -> locale -> field -> text
    return catalog._replace(
        tropes={i: _trope(t, words["tropes"].get(i)) for i, t in catalog.tropes.items()},
        series={i: _with(s, words["series"].get(i)) for i, s in catalog.series.items()},
        couples={i: _couple(c, words["couples"].get(i), files) for i, c in catalog.couples.items()},
        snippets=tuple(_with(s, words["snippets"].get(s.id)) for s in catalog.snippets),
        locales=tuple(f.locale for f in files),
    )


def _by_id(files: list[LocaleFile], section: str) -> dict[str, dict[str, dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for locale_file in files:
        for ident, values in locale_file.entries.get(section, {}).items():
            found.setdefault(ident, {})[locale_file.locale] = values
    return found


def _texts(values: Mapping[str, Mapping[str, Any]] | None) -> Translations:
    """Each locale's text fields (lists, such as synonyms, are merged elsewhere)."""
    return FrozenMap(
        {
            locale: FrozenMap({k: v for k, v in fields.items() if isinstance(v, str)})
            for locale, fields in (values or {}).items()
        }
    )


def _with(entry: Series | Snippet, values: Mapping[str, Mapping[str, Any]] | None) -> Any:
    return entry._replace(translations=_texts(values)) if values else entry


def _trope(trope: Trope, values: Mapping[str, Mapping[str, Any]] | None) -> Trope:
    if not values:
        return trope
    typed = [trope.synonyms, *(_typed_forms(fields) for fields in values.values())]
    return trope._replace(synonyms=_unique(typed), translations=_texts(values))


def _couple(
    couple: Couple, values: Mapping[str, Mapping[str, Any]] | None, files: list[LocaleFile]
) -> Couple:
    members = tuple(_person(person, files) for person in couple.members)
    couple = couple._replace(members=members)  # type: ignore[arg-type]  # still two people
    return couple._replace(translations=_texts(values)) if values else couple


def _person(person: Character, files: list[LocaleFile]) -> Character:
    more = [f.people.get(person.name, ()) for f in files]
    return person._replace(aliases=_unique([person.aliases, *more]))


def _unique(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word for group in groups for word in group))


# --- checks across files ---------------------------------------------------------------------


def _check_typed_words(catalog: Catalog, files: list[LocaleFile], problems: Problems) -> None:
    """A trope's name or synonym in any language must lead to that trope only."""
    owner: dict[str, str] = {}
    for trope in catalog.tropes.values():
        for word in (trope.id, trope.name, *trope.synonyms):
            owner.setdefault(_typed(word), trope.id)
    for locale_file in files:
        for ident, values in locale_file.entries.get("tropes", {}).items():
            for word in _typed_forms(values):
                first = owner.setdefault(_typed(word), ident)
                if first != ident:
                    problems.add(
                        Where(locale_file.label, f"[tropes.{ident}]"),
                        f"'{word}' already leads to trope '{first}'; members typing it must"
                        " find one trope, so keep it in one entry only",
                    )


def _typed_forms(fields: Mapping[str, Any]) -> tuple[str, ...]:
    """A trope's name and synonyms in one locale: the ways members of it type the trope."""
    name = fields.get("name")
    return (*((name,) if name else ()), *fields.get("synonyms", ()))


def _typed(word: str) -> str:
    return name_key(word)


def _check_people(catalog: Catalog, files: list[LocaleFile], problems: Problems) -> None:
    """A person's name in another script must lead to that person only, in each series."""
    for series_id in catalog.series:
        owner: dict[str, str] = {}
        people = [
            person
            for couple in catalog.couples.values()
            if couple.series_id == series_id
            for person in couple.members
        ]
        for person in people:
            for name in person.names:
                owner.setdefault(name_key(name), person.name)
        for locale_file in files:
            for person in people:
                for alias in locale_file.people.get(person.name, ()):
                    first = owner.setdefault(name_key(alias), person.name)
                    if first != person.name:
                        problems.add(
                            Where(locale_file.label, f"[people] {person.name}"),
                            f"'{alias}' already leads to {first}; keep it on one person only",
                        )


def missing_translations(catalog: Catalog) -> list[str]:
    """What each shipped locale still shows in English: `locale: section.id field` lines."""
    missing: list[str] = []
    for locale in SHIPPED_LOCALES:
        for section, ident, name, entry in _translatable(catalog):
            if not entry.translations.get(locale, {}).get(name):
                missing.append(f"data/locales/{locale}.toml: [{section}.{ident}] {name}")
    return missing


def _translatable(catalog: Catalog) -> Iterable[tuple[str, str, str, Any]]:
    for trope in catalog.tropes.values():
        yield "tropes", trope.id, "name", trope
        yield "tropes", trope.id, "description", trope
    for series in catalog.series.values():
        yield "series", series.id, "setting", series
        yield "series", series.id, "attribution", series
    for couple in catalog.couples.values():
        yield "couples", couple.id, "summary", couple
        if couple.spotlight_note:
            yield "couples", couple.id, "spotlight_note", couple
    for snippet in catalog.snippets:
        if snippet.note:
            yield "snippets", snippet.id, "note", snippet
