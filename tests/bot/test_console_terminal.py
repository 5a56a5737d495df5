"""The console as a person meets it at a terminal: the real `python -m bot console` on a
pseudo-terminal, so readline's Tab completion, the prompt and typed-in cooldowns are the real ones.
"""

from __future__ import annotations

import codecs
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.catalogs import ONE_SERIES

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")
termios = pytest.importorskip("termios")

REPO = Path(__file__).resolve().parents[2]
SETTINGS_VARIABLES = ("DISCORD_TOKEN", "DATABASE_PATH", "CATALOG_DIR", "DISCORD_API_BASE")
PROMPT = re.compile(r"\w+@(?:Console|DM)> ")
OUTPUT_TIMEOUT = 30  # a guard against a hung console, not a pace: reads return as output comes


class Terminal:
    """The console on a pseudo-terminal: type keys, read what the screen shows."""

    def __init__(self, tmp_path: Path, **env: str) -> None:
        clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
        clean.update(
            DATABASE_PATH=str(tmp_path / "ratings.db"),
            CATALOG_DIR=str(ONE_SERIES),  # the test catalog: an edit of data/ changes nothing here
            XDG_STATE_HOME=str(tmp_path / "state"),  # the history file stays in the test
            INPUTRC=os.devnull,  # no personal readline settings
            NO_COLOR="1",
            TERM="xterm",
            PYTHONPATH=str(REPO),
            **env,
        )
        self._fd, child = pty.openpty()
        termios.tcsetwinsize(self._fd, (50, 200))  # wide enough that answers aren't wrapped
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console"],
            stdin=child,
            stdout=child,
            stderr=child,
            cwd=tmp_path,
            env=clean,
        )
        os.close(child)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._screen = ""
        self._read_up_to = 0

    def type(self, keys: str) -> None:
        os.write(self._fd, keys.encode())

    def until(self, pattern: str | re.Pattern[str]) -> str:
        """What the console printed from the last call up to and including ``pattern``."""
        wanted = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + OUTPUT_TIMEOUT
        while (found := wanted.search(self._screen, self._read_up_to)) is None:
            left = deadline - time.monotonic()
            assert left > 0, f"never printed {wanted.pattern!r}: {self._screen[-2000:]!r}"
            if select.select([self._fd], [], [], left)[0]:
                self._screen += self._decoder.decode(self._chunk())
        shown, self._read_up_to = self._screen[self._read_up_to : found.end()], found.end()
        return shown

    def answer(self, keys: str) -> str:
        """Type ``keys`` (ending in Enter) and return what came before the next prompt."""
        self.type(keys)
        return self.until(PROMPT)

    def close(self) -> None:
        if self.process.poll() is None:
            self.type("\x15quit\r")  # Ctrl+U first: whatever a failed test left on the line goes
            try:
                self.process.wait(OUTPUT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self._fd)

    def _chunk(self) -> bytes:
        try:
            chunk = os.read(self._fd, 4096)
        except OSError:  # EIO: the console closed the terminal
            chunk = b""
        assert chunk, f"the console ended: {self._screen[-2000:]!r}"
        return chunk


@pytest.fixture
def open_terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """Opens the console with these settings, at its first prompt; closes it after the test."""
    opened: list[Terminal] = []

    def open_with(**env: str) -> Terminal:
        opened.append(Terminal(tmp_path, **env))
        opened[-1].until(PROMPT)
        return opened[-1]

    yield open_with
    for terminal in opened:
        terminal.close()


@pytest.fixture
def terminal(open_terminal: Callable[..., Terminal]) -> Terminal:
    return open_terminal()


def test_tab_on_a_completed_value_keeps_it(terminal: Terminal) -> None:
    answer = terminal.answer("/recommend enem\t\t\r")

    assert "/recommend enemies-to-lovers" in answer
    assert "Enemies to lovers: Jin & Giichi" in answer


def test_tab_among_several_choices_keeps_what_was_typed_and_lists_them(
    terminal: Terminal,
) -> None:
    terminal.type("/recommend lovers\t\t")
    listed = terminal.until("you@Console> /recommend lovers")

    assert "enemies-to-lovers  (Enemies to lovers — Jin & Giichi)" in listed
    assert "friends-to-lovers  (Friends to lovers — Mao & Hisashi)" in listed
    assert "I don't know the trope “lovers” yet" in terminal.answer("\r")


def test_typed_commands_have_cooldowns_each_member_and_place_its_own(
    open_terminal: Callable[..., Terminal],
) -> None:
    terminal = open_terminal(RECOMMEND_COOLDOWN="3600")  # no test machine is that slow

    first = terminal.answer("/recommend\r")
    again = terminal.answer("/recommend\r")
    terminal.answer("as Mika\r")
    mika = terminal.answer("/recommend\r")
    terminal.answer("as you\r")
    terminal.answer("dm\r")
    in_a_dm = terminal.answer("/recommend\r")

    assert "Watch Mao & Hisashi" in first
    assert "Easy there!" in again
    assert "Try again in 3600 s." in again
    assert "Watch " in mika
    assert "Watch " in in_a_dm
