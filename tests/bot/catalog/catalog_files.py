"""Shared by the catalog tests: the files of a catalog, and how a test breaks a copy of one.

A test breaks a copy of a test catalog (tests/fixtures/catalogs, see support.catalogs), made
under the name "data" so that its problems name files as an admin sees them ("data/tropes.toml");
only test_shipped_catalog.py reads the shipped data/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.catalog import CatalogError, load_catalog

SERIES_FILE = "series/twilight-out-of-focus.toml"
SERIES_LABEL = f"data/{SERIES_FILE}"
LANTERNS_FILE = "series/paper-lanterns.toml"
LANTERNS_LABEL = f"data/{LANTERNS_FILE}"
SNIPPET_TABLE = re.compile(r"^\[\[snippets\]\]$", re.MULTILINE)  # not the comments naming it


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_snippet(path: Path, ident: str, text: str) -> int:
    """Append a snippet quoting `text` (JSON's escapes are TOML's); its position in the file."""
    position = len(SNIPPET_TABLE.findall(path.read_text(encoding="utf-8")))
    with path.open("a", encoding="utf-8") as file:
        file.write(
            f'\n[[snippets]]\nid = "{ident}"\ntext = {json.dumps(text, ensure_ascii=False)}\n'
        )
    return position


def snippet_position(path: Path, ident: str) -> int:
    """Where the snippet with this id is among the file's snippets, as messages count them."""
    text = path.read_text(encoding="utf-8")
    return len(SNIPPET_TABLE.findall(text[: text.index(f'id = "{ident}"')])) - 1


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_dir)
    return caught.value.problems


def only_problem(data_dir: Path) -> str:
    problems = problems_of(data_dir)
    assert len(problems) == 1, problems
    return problems[0]
