"""Running a command with its stderr on a real terminal (a pty), as an admin's shell does."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 120


@dataclass(frozen=True)
class OnATerminal:
    returncode: int
    shown: str  # what reached the terminal (stderr)
    stdout: str


def on_a_terminal(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> OnATerminal:
    """Run argv with stderr on a new pty and stdout in a pipe, until it exits."""
    terminal, its_other_end = os.openpty()
    try:
        running = subprocess.Popen(
            list(argv), cwd=cwd, env={**env, "TERM": "xterm"},
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=its_other_end,
        )  # fmt: skip
        os.close(its_other_end)  # the child holds it now: EOF comes when the child is done
        shown = _read_until_closed(terminal).decode()
        stdout, _ = running.communicate(timeout=TIMEOUT)
    finally:
        os.close(terminal)
    return OnATerminal(running.returncode, shown, stdout.decode())


def _read_until_closed(fd: int) -> bytes:
    """Everything written to the terminal, until the last process holding it has exited."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: no process has the terminal open any more
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
