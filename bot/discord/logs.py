"""The bot's log lines: readable text by default, or one JSON object a line (LOG_FORMAT=json).

Both formats hold the same facts: the time, the level, the logger, the message and, inside an
interaction, its command, shard and server. Neither ever holds a secret or what a member typed:
the token and any database password are masked wherever they appear, and an error's own message
(which may quote an option a member typed) is left out unless it comes from the network, the
database or Discord's API, which never echo it; the error's type and where it happened stay.
"""

from __future__ import annotations

import contextvars
import json
import logging
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

LOG_FORMATS = ("text", "json")
MASK = "********"
WITHHELD = "(message withheld: it may hold what a member typed)"
# Errors whose message is safe to log: they describe a connection, a database or Discord's answer.
_SPOKEN_MODULES = ("discord.errors", "aiohttp", "sqlite3", "asyncpg", "bot.store")
_SPOKEN_TYPES = (OSError, TimeoutError)
_TEXT_LAYOUT = "%(asctime)s %(levelname)-8s %(name)s %(message)s%(context)s"


@dataclass(frozen=True, slots=True)
class InteractionContext:
    """What a log line inside an interaction says of it: never who, never what was typed."""

    command: str | None
    shard: int | None
    guild_id: int | None


_CURRENT: contextvars.ContextVar[InteractionContext | None] = contextvars.ContextVar(
    "interaction", default=None
)


def enter_interaction(command: str | None, shard: int | None, guild_id: int | None) -> None:
    """Mark the rest of this task as handling that interaction (each interaction has a task)."""
    _CURRENT.set(InteractionContext(command, shard, guild_id))


class _Context(logging.Filter):
    """Puts the interaction's context and the masked message on every record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        record.interaction = _CURRENT.get()
        record.safe_message = self.mask(record.getMessage())
        record.safe_error = self.mask(_error_text(record.exc_info)) if record.exc_info else ""
        if _expected_outage(record):
            # asyncpg's pool logs each failed reconnect with its stack while the database is
            # away: the bot expects that (members are told to try again), one line says it all.
            record.safe_error = record.safe_error.rsplit("\n", 1)[-1]
        return True

    def mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


def _expected_outage(record: logging.LogRecord) -> bool:
    """A library's note that the database can't be reached for now, not a fault of the bot."""
    error = record.exc_info[1] if isinstance(record.exc_info, tuple) else None
    if not record.name.startswith("asyncpg") or error is None:
        return False
    return isinstance(error, _SPOKEN_TYPES) or type(error).__module__.startswith("asyncpg")


def _error_text(exc_info: object) -> str:
    """The error's type, its message where that is safe, and the stack, innermost last."""
    if not isinstance(exc_info, tuple) or exc_info[1] is None:
        return ""
    error: BaseException = exc_info[1]
    tb: TracebackType | None = exc_info[2]
    lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
    cause = type(error)
    name = f"{cause.__module__}.{cause.__qualname__}"
    spoken = cause.__module__.startswith(_SPOKEN_MODULES) or isinstance(error, _SPOKEN_TYPES)
    lines.append(f"{name}: {error if spoken else WITHHELD}")
    return "".join(lines)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": getattr(record, "safe_message", ""),
        }
        context: InteractionContext | None = getattr(record, "interaction", None)
        if context is not None:
            line.update(command=context.command, shard=context.shard, guild_id=context.guild_id)
        if getattr(record, "safe_error", ""):
            line["error"] = record.safe_error  # type: ignore[attr-defined]
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(_TEXT_LAYOUT, "%Y-%m-%d %H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        context: InteractionContext | None = getattr(record, "interaction", None)
        record.context = "" if context is None else _described(context)
        shown = logging.LogRecord(
            record.name, record.levelno, record.pathname, record.lineno,
            getattr(record, "safe_message", ""), None, None,
        )  # fmt: skip
        shown.__dict__.update(created=record.created, msecs=record.msecs, context=record.context)
        text = super().format(shown)
        error = getattr(record, "safe_error", "")
        return f"{text}\n{error}" if error else text


def _described(context: InteractionContext) -> str:
    parts = [
        f"command=/{context.command}" if context.command else "",
        f"shard={context.shard}" if context.shard is not None else "",
        f"guild={context.guild_id}" if context.guild_id is not None else "",
    ]
    shown = " ".join(part for part in parts if part)
    return f" [{shown}]" if shown else ""


def setup_logging(level: int, log_format: str, secrets: Iterable[str]) -> logging.Handler:
    """One handler on the root logger, writing to stderr in the chosen format, masking secrets."""
    handler = logging.StreamHandler()
    handler.addFilter(_Context(secrets))
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
