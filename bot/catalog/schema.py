"""Reading one TOML table against a small schema, collecting every problem on the way.

The catalog is edited by hand, so each problem says where it is (file and entry), what is
wrong and how to fix it, and all of them are reported together rather than one per run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Where(NamedTuple):
    """A place in the catalog: a file (as shown to the admin) and an entry inside it."""

    file: str
    entry: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}" if self.entry else self.file


class Placed(NamedTuple):
    """An entry's id and where it was declared, for checks that compare entries."""

    ident: str
    where: Where


@dataclass(slots=True)
class Problems:
    items: list[str] = field(default_factory=list)

    def add(self, where: Where, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


class FieldSpec(NamedTuple):
    """One key of a table. `kind` is one of: text, int, bool, texts, table, tables."""

    kind: str
    required: bool = True


Schema = dict[str, FieldSpec]

_KIND_WORDS = {
    "text": "a text in quotes",
    "int": "a whole number",
    "bool": "true or false",
    "texts": "a list of texts in quotes",
    "table": "a table",
    "tables": "a list of tables ([[name]] sections or [{ ... }])",
}
_KIND_EXAMPLES = {
    "text": '"..."',
    "int": "1",
    "bool": "true",
    "texts": '["..."]',
}


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A "did you mean 'x'?" hint, or the whole list when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(choices)


def read_table(raw: object, schema: Schema, where: Where, problems: Problems) -> dict[str, Any]:
    """The table's values that passed their checks; missing optional keys are left out."""
    if not isinstance(raw, dict):
        problems.add(where, f"expected a table, got {_describe(raw)}")
        return {}
    _report_unknown_keys(raw, schema, where, problems)
    values: dict[str, Any] = {}
    for name, spec in schema.items():
        if name not in raw:
            if spec.required:
                problems.add(where, f"missing required key '{name}'; {_missing_hint(name, spec)}")
            continue
        value = _checked(name, raw[name], spec.kind, where, problems)
        if value is not None:
            values[name] = value
    return values


def _missing_hint(name: str, spec: FieldSpec) -> str:
    if spec.kind == "table":
        return f"add a [{name}] section"
    if spec.kind == "tables":
        return f"add a [[{name}]] section"
    return f"add {name} = {_KIND_EXAMPLES[spec.kind]}"


def check_id(ident: object, what: str, where: Where, problems: Problems) -> bool:
    if isinstance(ident, str) and ID_PATTERN.fullmatch(ident):
        return True
    problems.add(
        where,
        f"{what} id {ident!r} must be lowercase letters and digits joined by single hyphens,"
        " e.g. 'rei-shion'",
    )
    return False


def _report_unknown_keys(raw: dict, schema: Schema, where: Where, problems: Problems) -> None:
    allowed = list(schema)
    for key in raw:
        if key not in schema:
            problems.add(where, f"unknown key '{key}'; {did_you_mean(key, allowed)}")


def _checked(name: str, value: Any, kind: str, where: Where, problems: Problems) -> Any:
    """The value converted for the model (lists become tuples), or None after a problem."""
    if not _CHECKS[kind](value):
        problems.add(where, f"'{name}' must be {_KIND_WORDS[kind]}, got {_describe(value)}")
        return None
    if kind == "text" and not value.strip():
        problems.add(where, f"'{name}' must not be empty")
        return None
    if kind == "texts" and any(not item.strip() for item in value):
        problems.add(where, f"'{name}' must not contain empty texts")
        return None
    return tuple(value) if kind in ("texts", "tables") else value


_CHECKS = {
    "text": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "texts": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "table": lambda v: isinstance(v, dict),
    "tables": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
}


def _describe(value: object) -> str:
    names = {str: "text", bool: "true/false", int: "number", float: "decimal number"}
    names |= {list: "list", dict: "table"}
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{shown} ({names.get(type(value), type(value).__name__)})"
