"""A portable snapshot of a store: every table as plain rows, the same on every backend.

Copying a store to another backend (bot.store.copying), and later backups, read each table page
by page from one backend and write the same rows into another. The tables and their columns are
named here once, in the order they must be written (a review needs its rating first), so that
every backend reads and writes the same thing and a checksum taken on either side agrees.

Values are Python ints and strs. A flag column is an int 0 or 1 here whatever the database keeps
(SQLite an INTEGER, PostgreSQL a boolean): the backend converts both ways.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

Value = int | str
Row = tuple[Value, ...]
# Where a page of rows ended, to read the next one from: the backend's own (its write order, or
# a table's key). Opaque to everything but the backend that made it.
Cursor = tuple[Value, ...]

_DIGEST_BITS = 64


@dataclass(frozen=True, slots=True)
class SnapshotTable:
    """A table as the snapshot keeps it: its columns, the first ``key`` of which identify a row."""

    name: str
    columns: tuple[str, ...]
    key: int
    flags: tuple[str, ...] = ()  # columns holding 0 or 1

    @property
    def key_columns(self) -> tuple[str, ...]:
        return self.columns[: self.key]

    @property
    def value_columns(self) -> tuple[str, ...]:
        return self.columns[self.key :]


@dataclass(frozen=True, slots=True)
class SnapshotPage:
    """Rows of one table in the order the backend keeps them, and where to read on from (None
    after the last page)."""

    rows: tuple[Row, ...]
    next: Cursor | None


TABLES: tuple[SnapshotTable, ...] = (
    SnapshotTable(
        "ratings", ("guild_id", "user_id", "target", "score", "created_at", "updated_at"), 3
    ),
    # Reviews are read in the order they were written, so that a copy keeps the order of reviews
    # written in the same second (the store lists the last written first).
    SnapshotTable(
        "reviews",
        ("guild_id", "user_id", "target", "text", "spoiler", "created_at", "updated_at"),
        3,
        flags=("spoiler",),
    ),
    SnapshotTable("members", ("guild_id", "user_id", "display_name", "updated_at"), 2),
    SnapshotTable(
        "guild_settings",
        ("guild_id", "reviews_enabled", "updated_at", "language"),
        1,
        ("reviews_enabled",),
    ),
    SnapshotTable("cooldowns", ("guild_id", "command", "seconds"), 2),
    SnapshotTable("last_shown", ("guild_id", "user_id", "target", "shown_at"), 2),
    SnapshotTable("pick_walks", ("guild_id", "user_id", "walk", "couple", "shown_at"), 4),
    SnapshotTable("score_counts", ("guild_id", "target", "score", "votes"), 3),
)


def canonical(table: SnapshotTable, row: Iterable[object]) -> Row:
    """row as the snapshot keeps it: flags as 0 or 1, whatever type the database gave them."""
    values = tuple(row)
    if not table.flags:
        return values  # type: ignore[return-value]  # ints and strs, as every backend reads them
    flagged = {table.columns.index(name) for name in table.flags}
    return tuple(
        int(bool(value)) if index in flagged else value  # type: ignore[misc]
        for index, value in enumerate(values)
    )


@dataclass(slots=True)
class TableDigest:
    """How many rows a table holds and a checksum of them that doesn't depend on their order,
    so two databases that keep rows in different orders agree when they hold the same rows."""

    rows: int = 0
    checksum: int = 0

    def add(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.rows += 1
            self.checksum = (self.checksum + _row_hash(row)) % (1 << _DIGEST_BITS)

    @property
    def hex(self) -> str:
        return f"{self.checksum:016x}"


def _row_hash(row: Row) -> int:
    # repr keeps 1 and "1" apart; each value's type and text decide the hash.
    digest = hashlib.blake2b(repr(row).encode("utf-8"), digest_size=_DIGEST_BITS // 8).digest()
    return int.from_bytes(digest, "big")
