"""Numbered migration files, as every backend keeps its schema: ``NNNN_description.sql`` in the
backend's migrations folder, numbered 1, 2, 3 ... without gaps. How a file runs is the backend's
(SQLite splits it into statements; PostgreSQL runs it as one script)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

_FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")


class MigrationFile(NamedTuple):
    version: int
    name: str
    text: str
    file_name: str


def numbered_files(folder: Path) -> tuple[MigrationFile, ...]:
    """Every ``NNNN_description.sql`` in folder, in order; ValueError if one is misnamed or the
    numbers have a gap."""
    found = sorted(
        (_read(entry) for entry in folder.iterdir() if entry.name.endswith(".sql")),
        key=lambda migration: migration.version,
    )
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3 ... without gaps, got {versions}")
    return tuple(found)


def _read(entry: Path) -> MigrationFile:
    match = _FILE_NAME.match(entry.name)
    if match is None:
        raise ValueError(f"migration file {entry.name!r} is not named NNNN_description.sql")
    text = entry.read_text(encoding="utf-8")
    return MigrationFile(int(match["version"]), match["name"], text, entry.name)
