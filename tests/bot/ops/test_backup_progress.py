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

from support.terminal import on_a_terminal

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


def environment(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_PATH")}
    return {**clean, "DATABASE_PATH": str(tmp_path / "ratings.db")}


BACKUP = (sys.executable, "-m", "bot", "backup", "backup.sqlite3")


def test_a_terminal_shows_how_much_is_backed_up(tmp_path: Path) -> None:
    large_database(tmp_path / "ratings.db")

    ran = on_a_terminal(BACKUP, tmp_path, environment(tmp_path))
    shown, stdout = ran.shown, ran.stdout

    assert ran.returncode == 0, shown
    assert PROGRESS in shown
    assert " MB" in shown
    assert shown.endswith("\r\x1b[K")  # the line is cleared at the end
    assert PROGRESS not in stdout
    assert "200001 scores" in stdout


def test_a_terminal_gets_the_one_line_refusal_when_there_is_no_database(tmp_path: Path) -> None:
    ran = on_a_terminal(BACKUP, tmp_path, environment(tmp_path))

    assert ran.returncode == 1
    refusal = ran.shown.replace("\r\x1b[K", "\n").split("\n")
    assert [line for line in refusal if line.strip()] == [
        f"error: {tmp_path / 'ratings.db'} does not exist: there is nothing to back up\r"
    ]
    assert ran.stdout == ""


def test_a_pipe_gets_the_result_and_nothing_more(tmp_path: Path) -> None:
    large_database(tmp_path / "ratings.db")

    piped = subprocess.run(
        BACKUP, cwd=tmp_path, env=environment(tmp_path), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip

    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""
    assert PROGRESS not in piped.stdout
    assert piped.stdout.splitlines()[0].startswith("Backed up sqlite:///")
    assert len(piped.stdout.splitlines()) == 2
