"""`twilight-bot backup` on a large database: a progress line on a terminal, and not a byte
more than the result where its output goes to a pipe (a script, cron, the journal)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from bot.store import open_store

GUILD = 111_111_111_111_111_111
RATINGS = 200_000  # some megabytes: a server's years of scores
PROGRESS = "backing up: "


def large_database(path: Path) -> Path:
    async def create() -> None:
        async with await open_store(f"sqlite:///{path}") as store:
            await store.rate(GUILD, 1, "couple:mao-hisashi", 8)

    asyncio.run(create())
    rows = ((GUILD, 10 + n, f"couple:{n % 50}", 1 + n % 10, 0, 0) for n in range(RATINGS))
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?)", rows)
    return path


def backup_command(tmp_path: Path, stderr: int) -> subprocess.Popen[bytes]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_PATH")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "backup", str(tmp_path / "backup.sqlite3")],
        cwd=tmp_path,
        env={**clean, "DATABASE_PATH": str(tmp_path / "ratings.db"), "TERM": "xterm"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )


def read_until_closed(fd: int) -> bytes:
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


def on_a_terminal(tmp_path: Path) -> tuple[int, str, str]:
    """`backup` with its stderr on a terminal: its exit code, what the terminal showed, stdout."""
    terminal, its_other_end = os.openpty()
    try:
        backing_up = backup_command(tmp_path, stderr=its_other_end)
        os.close(its_other_end)  # the child holds it now: EOF comes when the child is done
        shown = read_until_closed(terminal).decode()
        stdout, _ = backing_up.communicate(timeout=120)
    finally:
        os.close(terminal)
    return backing_up.returncode, shown, stdout.decode()


def test_a_terminal_shows_how_much_is_backed_up(tmp_path: Path) -> None:
    large_database(tmp_path / "ratings.db")

    code, shown, stdout = on_a_terminal(tmp_path)

    assert code == 0, shown
    assert PROGRESS in shown
    assert " MB" in shown
    assert shown.endswith("\r\x1b[K")  # the line is cleared at the end
    assert PROGRESS not in stdout
    assert "200001 scores" in stdout


def test_a_terminal_gets_the_one_line_refusal_when_there_is_no_database(tmp_path: Path) -> None:
    code, shown, stdout = on_a_terminal(tmp_path)

    assert code == 1
    refusal = shown.replace("\r\x1b[K", "\n").split("\n")
    assert [line for line in refusal if line.strip()] == [
        f"error: {tmp_path / 'ratings.db'} does not exist: there is nothing to back up\r"
    ]
    assert stdout == ""


def test_a_pipe_gets_the_result_and_nothing_more(tmp_path: Path) -> None:
    large_database(tmp_path / "ratings.db")

    backing_up = backup_command(tmp_path, stderr=subprocess.PIPE)
    stdout, stderr = backing_up.communicate(timeout=120)

    assert backing_up.returncode == 0, stderr
    assert stderr == b""
    assert PROGRESS not in stdout.decode()
    assert stdout.decode().splitlines()[0].startswith("Backed up sqlite:///")
    assert len(stdout.decode().splitlines()) == 2
