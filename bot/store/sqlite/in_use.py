"""Who has a SQLite database open: every store holds a shared lock on a file beside it.

A restore must not swap the file under a running bot, and SQLite can't say whether another
process has the database open. So each store that opens the file holds a shared flock on
``<database>.in-use`` for as long as it is open; a restore asks for the exclusive lock, which it
gets only when no store has the file open. The lock goes with the process, so a bot that was
killed holds nothing. (A flock on a file of our own: SQLite's POSIX locks on the database
itself would be released by any close() of it in the same process.)
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; the check is skipped there
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


def marker_of(database: Path) -> Path:
    return database.with_name(database.name + ".in-use")


class InUse:
    """A shared hold on the database: the store that holds it is open."""

    def __init__(self, database: Path) -> None:
        self._fd: int | None = None
        if fcntl is None:
            return
        try:
            self._fd = os.open(marker_of(database), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:  # a folder the bot may read but not write: it can't be restored
            log.warning("can't mark %s as in use (%s); a restore can't see it", database, exc)
            return
        # Waits while a restore holds the file: the bot starts on the restored database.
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases its lock
            self._fd = None


class DatabaseInUseError(Exception):
    """Another process has the database open."""


@contextlib.contextmanager
def nobody_using(database: Path) -> Iterator[None]:
    """Hold the database so that no store can open it meanwhile; DatabaseInUseError at once if
    one has it open now."""
    if fcntl is None:
        yield
        return
    fd = os.open(marker_of(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise DatabaseInUseError(str(database)) from busy
        yield
    finally:
        os.close(fd)
