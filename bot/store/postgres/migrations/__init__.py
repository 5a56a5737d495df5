"""The PostgreSQL backend's schema as numbered migrations: ``NNNN_description.sql``, in order.

Each file runs as one script inside one transaction, and is recorded in schema_migrations in the
same transaction. A file never changes once released: a schema change is a new file with the
next number. The files ship in the package, beside this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from bot.store.migration_files import numbered_files


class Migration(NamedTuple):
    version: int
    name: str
    script: str


def bundled_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with this bot."""
    return load_migrations(Path(__file__).parent)


def load_migrations(folder: Path) -> tuple[Migration, ...]:
    """Every ``NNNN_description.sql`` in folder, numbered 1, 2, 3 ... with no gaps."""
    return tuple(
        Migration(found.version, found.name, found.text) for found in numbered_files(folder)
    )
