"""SQLite's failures as the store's typed errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from bot.store.errors import (
    DamagedDatabase,
    StoreError,
    StoreFailed,
    StoreUnavailable,
    Unavailability,
)

ENGINE: Final = "SQLite"

# Primary SQLite result codes; exceptions carry extended codes, whose low byte is the primary one.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 11, 13, 26
_TRY_AGAIN: Final = {
    SQLITE_BUSY: Unavailability.LOCKED_ELSEWHERE,
    SQLITE_LOCKED: Unavailability.LOCKED,
    SQLITE_READONLY: Unavailability.READ_ONLY,
    SQLITE_IOERR: Unavailability.DISK_ERROR,
    SQLITE_FULL: Unavailability.FULL,
}
_UNUSABLE_CODES: Final = frozenset({SQLITE_CORRUPT, SQLITE_NOTADB})


def primary_code(exc: sqlite3.Error) -> int:
    return getattr(exc, "sqlite_errorcode", -1) & 0xFF


def translate(exc: sqlite3.Error, path: Path, *, opening: bool = False) -> StoreError:
    """The StoreError a caller should see for a SQLite failure on the file at path."""
    code = primary_code(exc)
    if code in _TRY_AGAIN:
        return StoreUnavailable(_TRY_AGAIN[code])
    if code in _UNUSABLE_CODES:
        return DamagedDatabase(str(path), ENGINE, str(exc), opening=opening)
    return StoreFailed(getattr(exc, "sqlite_errorname", type(exc).__name__))
