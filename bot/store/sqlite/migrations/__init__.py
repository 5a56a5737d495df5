"""The SQLite backend's schema as numbered migrations: ``NNNN_description.sql``, applied in order.

Each file runs inside one transaction and must never change once released: a schema change is
a new file with the next number. The files ship in the package, beside this module.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

from bot.store.migration_files import numbered_files


class Migration(NamedTuple):
    version: int
    name: str
    statements: tuple[str, ...]


def bundled_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with this bot."""
    # A plain path, not importlib.resources: its first use is a noticeable part of start-up
    # (docs/performance.md), and the bot is always installed as files, never run from a zip.
    return load_migrations(Path(__file__).parent)


def load_migrations(folder: Path) -> tuple[Migration, ...]:
    """Every ``NNNN_description.sql`` in folder, numbered 1, 2, 3 ... with no gaps."""
    return tuple(
        Migration(found.version, found.name, split_statements(found.text, source=found.file_name))
        for found in numbered_files(folder)
    )


def split_statements(script: str, *, source: str = "script") -> tuple[str, ...]:
    """Split a script into single statements.

    sqlite3's executescript() would COMMIT any open transaction first, so a migration could not
    run atomically; splitting lets each statement run inside our own transaction. SQLite's own
    complete_statement() decides where a statement ends, so semicolons inside strings, comments
    or trigger bodies are handled.
    """
    *pieces, remainder = script.split(";")
    statements: list[str] = []
    pending = ""
    for piece in pieces:
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    leftover = pending + remainder  # only comments may follow the last statement
    if not _is_blank(leftover):
        raise ValueError(f"{source} ends with an incomplete statement: {leftover.strip()[:60]!r}")
    return tuple(statements)


def _is_blank(sql: str) -> bool:
    """True when sql holds only whitespace and ``--`` comments."""
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())
