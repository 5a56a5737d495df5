"""Load the catalog from `data/` (TOML files an admin edits) and validate all of it.

`load_catalog` either returns a complete, consistent Catalog or raises CatalogError listing
every problem found, each naming the file, the entry, what is wrong and how to fix it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from bot.catalog.duplicates import check_unique_ids
from bot.catalog.locales import LocaleFile, locale_paths, read_locale, translated
from bot.catalog.names import check_names
from bot.catalog.references import KnownTropes, SeriesFile, check_references
from bot.catalog.schema import FieldSpec, Placed, Problems, Where, check_id, read_table
from bot.domain.catalog import Catalog, Character, Couple, Review, Series, Snippet, Trope

TROPES_FILE = "tropes.toml"
SERIES_DIR = "series"

_TEXT = FieldSpec("text")
_OPTIONAL_TEXT = FieldSpec("text", required=False)
_OPTIONAL_TEXTS = FieldSpec("texts", required=False)
_INT = FieldSpec("int")

TROPES_FILE_SCHEMA = {"tropes": FieldSpec("tables")}
TROPE_SCHEMA = {
    "id": _TEXT,
    "name": _TEXT,
    "kind": _OPTIONAL_TEXT,
    "description": _TEXT,
    "synonyms": _OPTIONAL_TEXTS,
}
SERIES_FILE_SCHEMA = {
    "series": FieldSpec("table"),
    "review": FieldSpec("table"),
    "couples": FieldSpec("tables"),
    "snippets": FieldSpec("tables", required=False),
}
SERIES_SCHEMA = {
    "id": _TEXT,
    "title": _TEXT,
    "aliases": _OPTIONAL_TEXTS,
    "episodes": _INT,
    "episode_minutes": _INT,
    "setting": _TEXT,
}
REVIEW_SCHEMA = {
    "text": _TEXT,
    "attribution": _TEXT,
    "score": _INT,
    "scale": FieldSpec("int", required=False),
}
COUPLE_SCHEMA = {
    "id": _TEXT,
    "members": FieldSpec("tables"),
    "tropes": FieldSpec("texts"),
    "tags": _OPTIONAL_TEXTS,
    "summary": _TEXT,
    "spotlight": FieldSpec("bool", required=False),
    "spotlight_note": _OPTIONAL_TEXT,
}
MEMBER_SCHEMA = {"name": _TEXT, "aliases": _OPTIONAL_TEXTS}
SNIPPET_SCHEMA = {
    "id": _TEXT,
    "text": _TEXT,
    "couples": _OPTIONAL_TEXTS,
    "tropes": _OPTIONAL_TEXTS,
    "aspects": _OPTIONAL_TEXTS,
    "spoiler": FieldSpec("bool", required=False),
    "note": _OPTIONAL_TEXT,
    "tone": _OPTIONAL_TEXT,
}
TROPE_KINDS = ("trope", "tag")


class CatalogError(Exception):
    """The catalog cannot be used; `problems` lists everything that needs fixing."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        heading = f"The catalog has {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([heading, *(f"  - {p}" for p in self.problems)])


def load_catalog(data_dir: Path) -> Catalog:
    problems = Problems()
    tropes_label = _label(data_dir / TROPES_FILE, data_dir)
    known = _load_tropes(data_dir / TROPES_FILE, tropes_label, problems)
    files = [
        _load_series_file(path, _label(path, data_dir), problems)
        for path in _series_paths(data_dir, problems)
    ]
    known = check_unique_ids(files, known, problems)
    for series_file in files:
        check_references(series_file, known, problems)
        check_names(series_file, problems)
    if problems:
        raise CatalogError(problems.items)
    catalog = _assemble(known.tropes, files, (tropes_label, *(f.label for f in files)))
    return _with_locales(catalog, data_dir, problems)


def _with_locales(catalog: Catalog, data_dir: Path, problems: Problems) -> Catalog:
    """The catalog with its own words in every locale data/locales/ has (see locales.py)."""
    found: list[LocaleFile] = []
    for path in locale_paths(data_dir):
        label = _label(path, data_dir)
        doc = _read_toml(path, label, problems)
        if doc is not None:
            found.append(read_locale(doc, path.stem, label, catalog, problems))
    catalog = translated(catalog, found, problems)
    if problems:
        raise CatalogError(problems.items)
    return catalog._replace(sources=(*catalog.sources, *(f.label for f in found)))


def _label(path: Path, data_dir: Path) -> str:
    """The path as the admin knows it: relative to the folder holding `data_dir`."""
    try:
        return path.relative_to(data_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _series_paths(data_dir: Path, problems: Problems) -> list[Path]:
    folder = data_dir / SERIES_DIR
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not paths:
        problems.add(
            Where(_label(folder, data_dir)),
            "no series files found; add at least one <series-id>.toml file to this folder",
        )
    return paths


def _read_toml(path: Path, label: str, problems: Problems) -> dict[str, Any] | None:
    where = Where(label)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(where, "file not found; restore it (every catalog needs one)")
        return None
    except (OSError, UnicodeDecodeError) as err:
        problems.add(where, f"cannot be read as UTF-8 text ({err}); save it as UTF-8")
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        problems.add(where, f"invalid TOML: {err}{_offending_line(text, str(err))}")
        return None


def _offending_line(text: str, message: str) -> str:
    found = re.search(r"line (\d+)", message)
    if found is None:
        return ""
    number = int(found.group(1))
    lines = text.splitlines()
    if not 1 <= number <= len(lines):
        return ""
    return f"; line {number} reads: {lines[number - 1].strip()[:80]!r} — fix the syntax there"


def _entry(section: str, index: int, raw: object) -> str:
    """`couples[2] (rei-shion)`, or `couples[2]` when the entry has no usable id."""
    ident = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(ident, str) and ident:
        return f"{section}[{index}] ({ident})"
    return f"{section}[{index}]"


# --- tropes.toml ---------------------------------------------------------------------------


def _load_tropes(path: Path, label: str, problems: Problems) -> KnownTropes:
    doc = _read_toml(path, label, problems)
    if doc is None:
        return KnownTropes({}, label, readable=False)
    top = read_table(doc, TROPES_FILE_SCHEMA, Where(label), problems)
    tropes: dict[str, Trope] = {}
    placed: list[Placed] = []
    broken: set[str] = set()
    for index, raw in enumerate(top.get("tropes", ())):
        where = Where(label, _entry("tropes", index, raw))
        trope = _build_trope(read_table(raw, TROPE_SCHEMA, where, problems), where, problems)
        if trope is None:
            broken.add(str(raw.get("id")))
            continue
        # A duplicate is reported once the series files are read (see duplicates.py);
        # the first entry with the id is the one used.
        placed.append(Placed(trope.id, where))
        tropes.setdefault(trope.id, trope)
    _check_synonyms_unique(tropes, label, problems)
    return KnownTropes(tropes, label, frozenset(broken), placed=tuple(placed))


def _build_trope(values: dict[str, Any], where: Where, problems: Problems) -> Trope | None:
    if not {"id", "name", "description"} <= values.keys():
        return None
    if not check_id(values["id"], "trope", where, problems):
        return None
    kind = values.get("kind", "trope")
    if kind not in TROPE_KINDS:
        problems.add(where, f'unknown kind \'{kind}\'; use "trope" or "tag"')
        return None
    return Trope(
        id=values["id"],
        name=values["name"],
        synonyms=values.get("synonyms", ()),
        description=values["description"],
        kind=kind,
    )


def _check_synonyms_unique(tropes: dict[str, Trope], label: str, problems: Problems) -> None:
    """A typed word must lead to one trope, so no two entries may share a name or synonym."""
    owner: dict[str, str] = {}
    for trope in tropes.values():
        for word in {trope.id, trope.name.casefold(), *(s.casefold() for s in trope.synonyms)}:
            first = owner.setdefault(word, trope.id)
            if first != trope.id:
                problems.add(
                    Where(label, f"tropes ({trope.id})"),
                    f"'{word}' is already used by trope '{first}'; keep it in one entry only",
                )


# --- series/*.toml -------------------------------------------------------------------------


def _load_series_file(path: Path, label: str, problems: Problems) -> SeriesFile:
    result = SeriesFile(label)
    doc = _read_toml(path, label, problems)
    if doc is None:
        return result
    top = read_table(doc, SERIES_FILE_SCHEMA, Where(label), problems)
    result.series = _build_series(top, label, problems)
    series_id = result.series.id if result.series else _raw_series_id(top)
    for index, raw in enumerate(top.get("couples", ())):
        where = Where(label, _entry("couples", index, raw))
        if isinstance(raw.get("id"), str):
            result.declared_couples.append(raw["id"])
        couple = _build_couple(raw, series_id, where, problems)
        if couple is not None:
            result.couples.append((where, couple))
    for index, raw in enumerate(top.get("snippets", ())):
        where = Where(label, _entry("snippets", index, raw))
        snippet = _build_snippet(raw, series_id, where, problems)
        if snippet is not None:
            result.snippets.append((where, snippet))
    return result


def _raw_series_id(top: dict[str, Any]) -> str:
    ident = top.get("series", {}).get("id")
    return ident if isinstance(ident, str) else ""


def _build_series(top: dict[str, Any], label: str, problems: Problems) -> Series | None:
    if "series" not in top:
        return None
    where = Where(label, "[series]")
    values = read_table(top["series"], SERIES_SCHEMA, where, problems)
    review = _build_review(top.get("review"), label, problems)
    if review is None or not SERIES_SCHEMA.keys() - {"aliases"} <= values.keys():
        return None
    if not check_id(values["id"], "series", where, problems):
        return None
    for name in ("episodes", "episode_minutes"):
        if values[name] < 1:
            problems.add(where, f"'{name}' must be at least 1, got {values[name]}")
            return None
    return Series(
        id=values["id"],
        title=values["title"],
        aliases=values.get("aliases", ()),
        episodes=values["episodes"],
        episode_minutes=values["episode_minutes"],
        setting=values["setting"],
        review=review,
    )


def _build_review(raw: object, label: str, problems: Problems) -> Review | None:
    if raw is None:
        return None
    where = Where(label, "[review]")
    values = read_table(raw, REVIEW_SCHEMA, where, problems)
    if not {"text", "attribution", "score"} <= values.keys():
        return None
    scale = values.get("scale", 10)
    if scale < 1:
        problems.add(where, f"'scale' must be at least 1, got {scale}")
        return None
    if not 0 <= values["score"] <= scale:
        problems.add(where, f"'score' {values['score']} is outside the scale; use 0 to {scale}")
        return None
    return Review(values["text"], values["attribution"], values["score"], scale)


def _build_couple(raw: object, series_id: str, where: Where, problems: Problems) -> Couple | None:
    values = read_table(raw, COUPLE_SCHEMA, where, problems)
    members = _build_members(values.get("members"), where, problems)
    if members is None or not {"id", "tropes", "summary"} <= values.keys():
        return None
    if not check_id(values["id"], "couple", where, problems):
        return None
    return Couple(
        id=values["id"],
        series_id=series_id,
        members=members,
        tropes=values["tropes"],
        tags=values.get("tags", ()),
        summary=values["summary"],
        spotlight=values.get("spotlight", False),
        spotlight_note=values.get("spotlight_note", ""),
    )


def _build_members(
    raw: tuple[dict, ...] | None, where: Where, problems: Problems
) -> tuple[Character, Character] | None:
    if raw is None:
        return None
    if len(raw) != 2:
        problems.add(
            where,
            f"a couple must have exactly two members, found {len(raw)};"
            ' write members = [{ name = "..." }, { name = "..." }]',
        )
        return None
    people = [_build_member(person, where, i, problems) for i, person in enumerate(raw)]
    if people[0] is None or people[1] is None:
        return None
    return people[0], people[1]


def _build_member(raw: dict, where: Where, index: int, problems: Problems) -> Character | None:
    member_where = Where(where.file, f"{where.entry} members[{index}]")
    values = read_table(raw, MEMBER_SCHEMA, member_where, problems)
    if "name" not in values:
        return None
    return Character(values["name"].strip(), tuple(a.strip() for a in values.get("aliases", ())))


def _build_snippet(raw: object, series_id: str, where: Where, problems: Problems) -> Snippet | None:
    values = read_table(raw, SNIPPET_SCHEMA, where, problems)
    if not {"id", "text"} <= values.keys():
        return None
    if not check_id(values["id"], "snippet", where, problems):
        return None
    return Snippet(
        id=values["id"],
        series_id=series_id,
        text=values["text"],
        couples=values.get("couples", ()),
        tropes=values.get("tropes", ()),
        aspects=values.get("aspects", ()),
        spoiler=values.get("spoiler", False),
        note=values.get("note", ""),
        tone=values.get("tone", "neutral"),
    )


def _assemble(
    tropes: dict[str, Trope], files: list[SeriesFile], sources: tuple[str, ...]
) -> Catalog:
    series = {f.series.id: f.series for f in files if f.series is not None}
    couples = {c.id: c for f in files for _, c in f.couples}
    snippets = tuple(s for f in files for _, s in f.snippets)
    return Catalog(
        series=series, couples=couples, tropes=tropes, snippets=snippets, sources=sources
    )
