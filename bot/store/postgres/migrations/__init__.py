"""The PostgreSQL backend's schema as numbered migrations: ``NNNN_description.sql``, in order.

Each file runs as one script inside one transaction, and is recorded in schema_migrations in the
same transaction. A file never changes once released: a schema change is a new file with the
next number. The files ship in the package, beside this module.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

_FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")


class Migration(NamedTuple):
    version: int
    name: str
    script: str


def bundled_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with this bot."""
    return load_migrations(Path(__file__).parent)


def load_migrations(folder: Path) -> tuple[Migration, ...]:
    """Every ``NNNN_description.sql`` in folder, numbered 1, 2, 3 ... with no gaps."""
    found = sorted(
        (_read(entry) for entry in folder.iterdir() if entry.name.endswith(".sql")),
        key=lambda migration: migration.version,
    )
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3 ... without gaps, got {versions}")
    return tuple(found)


def _read(entry: Path) -> Migration:
    match = _FILE_NAME.match(entry.name)
    if match is None:
        raise ValueError(f"migration file {entry.name!r} is not named NNNN_description.sql")
    return Migration(int(match["version"]), match["name"], entry.read_text(encoding="utf-8"))
