"""Copying every server's data from one store to another, on any backends, and checking the copy.

Each table of the snapshot (bot.store.snapshot) is read a page at a time from the source and
written into the target, a page per transaction, replacing rows with the same key. So a copy
that was interrupted can be run again: rows already copied are written over, none twice. Then
both sides are counted and checksummed table by table; the copy is good only if every table
agrees.

A PostgreSQL source is read in one transaction, as of the moment the copy began, so it may be
copied while the bot runs. A SQLite source should be still (the bot stopped; its backups use
SQLite's own online backup): rows written to it meanwhile may be missed, which the check reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.store.core import CoreStore
from bot.store.errors import StoreError
from bot.store.snapshot import TABLES, SnapshotTable, TableDigest

# Told after each page is written: the table, and how many of its rows are copied so far.
Progress = Callable[[SnapshotTable, int], None]


class CopyRefused(StoreError):  # noqa: N818  # the reason is the message
    """A copy that would harm the target, not started; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One table on both sides after the copy."""

    table: SnapshotTable
    source: TableDigest
    target: TableDigest

    @property
    def agrees(self) -> bool:
        return (self.source.rows, self.source.checksum) == (self.target.rows, self.target.checksum)


@dataclass(frozen=True, slots=True)
class CopyReport:
    tables: tuple[TableCheck, ...]

    @property
    def verified(self) -> bool:
        return all(check.agrees for check in self.tables)

    @property
    def rows(self) -> int:
        return sum(check.source.rows for check in self.tables)


async def copy_store(
    source: CoreStore,
    target: CoreStore,
    *,
    into_non_empty: bool = False,
    progress: Progress | None = None,
) -> CopyReport:
    """Copy every table from source to target, then check both sides agree.

    Raises CopyRefused, changing nothing, if the target holds data and into_non_empty is False.
    """
    if not into_non_empty:
        await _refuse_non_empty(target)
    # The copy and the source's side of the check read the same moment (where the backend
    # can: PostgreSQL), so a copy of a running bot's database agrees with what it was copied from.
    async with source.consistent_reads():
        for table in TABLES:
            await _copy_table(source, target, table, progress)
        copied = [await digest(source, table) for table in TABLES]
    checks = [
        TableCheck(table, found, await digest(target, table))
        for table, found in zip(TABLES, copied, strict=True)
    ]
    return CopyReport(tuple(checks))


async def digest(store: CoreStore, table: SnapshotTable) -> TableDigest:
    """How many rows the table holds in store, and their checksum."""
    found = TableDigest()
    async for rows in store.snapshot_rows(table):
        found.add(rows)
    return found


async def check_table(source: CoreStore, target: CoreStore, table: SnapshotTable) -> TableCheck:
    return TableCheck(table, await digest(source, table), await digest(target, table))


async def _refuse_non_empty(target: CoreStore) -> None:
    for table in TABLES:
        async for _rows in target.snapshot_rows(table, page_size=1):
            raise CopyRefused(
                f"the target already holds data ({table.name} has rows), so nothing was "
                "copied: copy into an empty database, or pass --into-non-empty to continue "
                "a copy that was interrupted (rows with the same key are replaced)"
            ) from None


async def _copy_table(
    source: CoreStore, target: CoreStore, table: SnapshotTable, progress: Progress | None
) -> None:
    copied = 0
    async for rows in source.snapshot_rows(table):
        await target.put_snapshot_rows(table, rows)
        copied += len(rows)
        if progress is not None:
            progress(table, copied)
