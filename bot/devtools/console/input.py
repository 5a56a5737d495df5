"""Reading the console's lines: a prompt with readline (Tab completion, history) when a person
types, plain lines when commands are piped in.

``input()`` blocks, so it runs in a daemon thread that reads one line per request: the event loop
(and the bot on it) keeps running meanwhile, and Ctrl+C or the end of the console never waits for
a line nobody will type.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from bot.devtools.console.parse import Completion

HISTORY_LENGTH = 1000
# Private-use characters: nobody types them, so they mark candidates that must not share a start.
_UNSHARED_FIRST = 0xE000
Completer = Callable[[str], list[Completion]]  # the line before the cursor -> candidates


class LineReader:
    """One line per ``read``; None at the end of input (Ctrl+D, or the end of a pipe)."""

    def __init__(self) -> None:
        self._requests: queue.Queue[tuple[str, concurrent.futures.Future[str | None]]] = (
            queue.Queue()
        )
        threading.Thread(target=self._serve, name="console-input", daemon=True).start()

    async def read(self, prompt: str = "") -> str | None:
        future: concurrent.futures.Future[str | None] = concurrent.futures.Future()
        self._requests.put((prompt, future))
        return await asyncio.wrap_future(future)

    def _serve(self) -> None:
        while True:
            prompt, future = self._requests.get()
            try:
                line: str | None = input(prompt)
            except EOFError:
                line = None
            except Exception as error:  # handed to the reader, not lost
                _settle(future, error=error)
                continue
            _settle(future, line)


def _settle(
    future: concurrent.futures.Future[str | None],
    line: str | None = None,
    error: BaseException | None = None,
) -> None:
    if future.cancelled():
        return  # the console stopped waiting (Ctrl+C)
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(line)


class ReadlineCompletion:
    """Tab completion over whole lines (a value may hold spaces: "enemies to lovers"), showing
    each candidate's label (``couple:rei-shion  (Rei & Shion — …)``) in the list."""

    def __init__(self, readline: ModuleType, completer: Completer, prompt: Callable[[], str]):
        self._readline = readline
        self._completer = completer
        self._prompt = prompt
        self._offered: dict[str, Completion] = {}  # what readline was given -> the candidate
        self._lists_labels = False

    def install(self) -> None:
        readline = self._readline
        readline.set_completer_delims("")  # complete the whole line, not the last word
        readline.set_completer(self._complete)
        if "libedit" in (readline.__doc__ or ""):
            readline.parse_and_bind("bind ^I rl_complete")
        else:
            readline.parse_and_bind("tab: complete")
            readline.set_completion_display_matches_hook(self._show)
            self._lists_labels = True

    def _complete(self, _text: str, state: int) -> str | None:
        if state == 0:
            before_cursor = self._readline.get_line_buffer()[: self._readline.get_endidx()]
            try:
                found = self._completer(before_cursor)
            except Exception:  # readline would swallow it and show nothing
                found = []
            self._offered = self._keeping_typed_text(before_cursor, found)
        offered = list(self._offered)
        return offered[state] if state < len(offered) else None

    def _keeping_typed_text(
        self, before_cursor: str, found: list[Completion]
    ) -> dict[str, Completion]:
        """The strings readline gets for the candidates, so that Tab never erases typed text.

        Given several candidates, readline replaces the line with their longest common start.
        A candidate is a whole line that may replace what was typed (the bot's autocomplete
        offers ``enemies-to-lovers`` and ``friends-to-lovers`` for ``lovers``), so that common
        start can be shorter than the line: Tab would erase the value. When candidates share no
        first character at all, readline keeps the line as typed instead and lists them on the
        next Tab; the display hook shows their labels, never these strings."""
        if len(found) < 2 or all(c.line.startswith(before_cursor) for c in found):
            return {c.line: c for c in found}
        if not self._lists_labels:  # libedit would list the marked strings as they are
            return {}  # Tab then does nothing, which still keeps the line
        return {chr(_UNSHARED_FIRST + i) + c.line: c for i, c in enumerate(found)}

    def _show(self, _substitution: str, matches: list[str], _longest: int) -> None:
        print()
        for match in matches:
            found = self._offered.get(match)
            print(f"  {found.label if found else match}")
        print(self._prompt() + self._readline.get_line_buffer(), end="", flush=True)


def load_readline() -> ModuleType | None:
    """readline if this Python has it (not on plain Windows)."""
    try:
        import readline  # only an interactive console needs it
    except ImportError:
        return None
    return readline


def history_path() -> Path:
    """The history lives in the user's state directory, never in the project."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "twilight-bot" / "console_history"


@contextlib.contextmanager
def kept_history(readline: ModuleType, path: Path) -> Iterator[None]:
    readline.set_history_length(HISTORY_LENGTH)
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)


@contextlib.contextmanager
def restored_terminal() -> Iterator[None]:
    """Leaves the terminal as it was, even when Ctrl+C ends the console in mid-line (readline
    changes the terminal's modes while it reads)."""
    try:
        import termios  # POSIX only
    except ImportError:
        yield
        return
    try:
        saved = termios.tcgetattr(sys.stdin.fileno())
    except (termios.error, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)
