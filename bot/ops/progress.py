"""A progress line for long work run from a terminal (copy-store, backup).

Shown only where the stream is a terminal: in a pipe, a file or the journal the commands print
their results and nothing else, so scripts and logs read the same as before.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.store.copying import Progress
from bot.store.snapshot import SnapshotTable


class TerminalProgress:
    """One line, rewritten as the work goes on, and cleared at the end."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @classmethod
    def on_stderr(cls) -> TerminalProgress | None:
        """A progress line on stderr if it is a terminal; None (show nothing) otherwise."""
        return cls(sys.stderr) if sys.stderr.isatty() else None

    def show(self, text: str) -> None:
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()

    def done(self) -> None:
        self._stream.write("\r\x1b[K")
        self._stream.flush()


def rows_copied(progress: TerminalProgress | None) -> Progress | None:
    """copy_store's progress callback, as a line saying how many rows of which table are copied."""
    if progress is None:
        return None

    def show(table: SnapshotTable, copied: int) -> None:
        progress.show(f"copying {table.name}: {copied} rows")

    return show
