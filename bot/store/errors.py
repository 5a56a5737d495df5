"""The store's failures, as typed values with their parameters.

Whoever answers a member words the answer from the values (the score refused, the limits); the
``str()`` of each is one line for logs and for the operator starting the bot, never a sentence
meant for members. Every error keeps its constructor arguments in ``args``, so a copy of it
(one per caller of a shared batch or read) is ``copy.copy(error)``.

The exception names are the interface the cogs were promised, hence no "Error" suffix.
"""

from __future__ import annotations

from enum import Enum
from typing import Final


class StoreError(Exception):
    """Base of every store failure."""


# --- the database ------------------------------------------------------------------------------


class Unavailability(Enum):
    """Why the database can't take this right now."""

    LOCKED_ELSEWHERE = "locked-elsewhere"  # another process holds the lock past the wait
    LOCKED = "locked"
    READ_ONLY = "read-only"
    DISK_ERROR = "disk-error"
    FULL = "full"  # the disk, or the database's own size limit
    UNREACHABLE = "unreachable"  # a database server that doesn't answer, or a connection lost
    RESTARTING = "restarting"  # a server shutting down, restarting or still starting up
    BUSY = "busy"  # every connection in use past the wait, or the server out of connections
    TIMED_OUT = "timed-out"  # a statement ran past its time limit and was cancelled
    CONFLICT = "conflict"  # a deadlock or a serialization failure with another writer


_UNAVAILABLE_BECAUSE: Final = {
    Unavailability.LOCKED_ELSEWHERE: "it is locked by another process",
    Unavailability.LOCKED: "it is locked",
    Unavailability.READ_ONLY: "it is read-only",
    Unavailability.DISK_ERROR: "the disk reported an error",
    Unavailability.FULL: "the disk or the database is full",
    Unavailability.UNREACHABLE: "the database server can't be reached",
    Unavailability.RESTARTING: "the database server is restarting",
    Unavailability.BUSY: "every database connection is busy",
    Unavailability.TIMED_OUT: "the database took too long",
    Unavailability.CONFLICT: "another write got in the way",
}


class StoreUnavailable(StoreError):  # noqa: N818
    """The store can't do this right now (locked, read-only, disk full); trying later may work."""

    def __init__(self, reason: Unavailability) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return (
            f"Couldn't reach the rating database right now ({_UNAVAILABLE_BECAUSE[self.reason]})."
            " Try again in a moment."
        )


class StoreClosed(StoreError):  # noqa: N818
    """The store was closed; nothing more can be read or written through it."""

    def __str__(self) -> str:
        return "The rating store has been closed."


class StoreFailed(StoreError):  # noqa: N818
    """The database failed in a way nobody expected (a bug, or a fault with no better name)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # the database's own name for the failure

    def __str__(self) -> str:
        return f"The rating database failed unexpectedly ({self.code})."


class OpenStep(Enum):
    """What opening a database couldn't do."""

    MAKE_FOLDER = "make-folder"
    CONNECT = "connect"


class CannotOpen(StoreError):  # noqa: N818
    """The database can't be opened where it was asked for (no folder, a folder for a file)."""

    def __init__(self, location: str, step: OpenStep, detail: str) -> None:
        super().__init__(location, step, detail)
        self.location, self.step, self.detail = location, step, detail

    def __str__(self) -> str:
        if self.step is OpenStep.MAKE_FOLDER:
            return f"Can't create the folder for {self.location}: {self.detail}."
        return f"Can't open the rating database {self.location} ({self.detail})."


class IncompatibleDatabase(StoreError):  # noqa: N818
    """The database can't be used at all (corrupt, not a database, too new): refuse to start.
    Opening one leaves it untouched."""


_LEFT_UNTOUCHED: Final = "It was left untouched"
_RESTORE_OR_MOVE: Final = "restore it from a backup or point DATABASE_PATH elsewhere"


class DamagedDatabase(IncompatibleDatabase):
    """The database is damaged, or the file is not a database of this engine at all."""

    def __init__(self, location: str, engine: str, detail: str, *, opening: bool) -> None:
        super().__init__(location, engine, detail, opening)
        self.location, self.engine, self.detail = location, engine, detail
        self.opening = opening  # found while opening (and so left untouched) or while in use

    def __str__(self) -> str:
        if not self.opening:
            return f"The rating database is damaged or not a database ({self.detail})."
        return (
            f"{self.location} is not a usable {self.engine} database ({self.detail}). "
            f"{_LEFT_UNTOUCHED}: {_RESTORE_OR_MOVE}."
        )


class FailedIntegrityCheck(IncompatibleDatabase):
    """The database's own integrity check found problems."""

    def __init__(self, location: str, engine: str, problems: tuple[str, ...]) -> None:
        super().__init__(location, engine, problems)
        self.location, self.engine, self.problems = location, engine, problems

    def __str__(self) -> str:
        return (
            f"{self.location} failed {self.engine}'s integrity check "
            f"({_first_problems(self.problems)}). {_LEFT_UNTOUCHED}: {_RESTORE_OR_MOVE}."
        )


class DatabaseTooNew(IncompatibleDatabase):
    """The database's schema is newer than this bot knows: a newer bot wrote it."""

    def __init__(self, location: str, version: int, known: int) -> None:
        super().__init__(location, version, known)
        self.location, self.version, self.known = location, version, known

    def __str__(self) -> str:
        return (
            f"{self.location} has schema version {self.version}, but this bot only knows "
            f"versions up to {self.known}. {_LEFT_UNTOUCHED}: upgrade the bot or point "
            f"{_setting_naming(self.location)} elsewhere."
        )


class ForeignDatabase(IncompatibleDatabase):
    """A database of something else: it has tables, but no rating schema."""

    def __init__(self, location: str, engine: str) -> None:
        super().__init__(location, engine)
        self.location, self.engine = location, engine

    def __str__(self) -> str:
        return (
            f"{self.location} is a {self.engine} database of something else (it has tables but "
            f"no rating schema). {_LEFT_UNTOUCHED}: point {_setting_naming(self.location)} "
            "elsewhere."
        )


def _setting_naming(location: str) -> str:
    """The setting that names a database: a server's URL, or a file's path."""
    return "DATABASE_URL" if "://" in location else "DATABASE_PATH"


def _first_problems(problems: tuple[str, ...], limit: int = 300) -> str:
    summary = "; ".join(" ".join(problem.split()) for problem in problems)
    return summary if len(summary) <= limit else summary[: limit - 1] + "…"


# --- what was asked ----------------------------------------------------------------------------


def _shown(value: object, limit: int = 40) -> str:
    """The refused value for a log line, cut short: a target may be 6,000 characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InvalidScore(StoreError, ValueError):  # noqa: N818
    """A score that isn't a whole number from low to high."""

    def __init__(self, score: object, low: int, high: int) -> None:
        super().__init__(score, low, high)
        self.score, self.low, self.high = score, low, high

    def __str__(self) -> str:
        return (
            f"{_shown(self.score)} is not a score: use a whole number from {self.low} to "
            f"{self.high}."
        )


class InvalidTarget(StoreError, ValueError):  # noqa: N818
    """A target key that isn't "series:<id>" or "couple:<id>", or a walk or couple id that
    isn't a catalog id (``kind`` says which was asked for)."""

    def __init__(self, value: object, kind: str = "target") -> None:
        super().__init__(value, kind)
        self.value, self.kind = value, kind

    def __str__(self) -> str:
        if self.kind == "target":
            return f"{_shown(self.value)} is not a target: use 'series:<id>' or 'couple:<id>'."
        return f"{_shown(self.value)} is not a {self.kind}: use a catalog id like 'rei-shion'."


class ReviewProblem(Enum):
    NOT_TEXT = "not-text"
    EMPTY = "empty"  # nothing but whitespace
    TOO_LONG = "too-long"
    CONTROL_CHARACTERS = "control-characters"  # line breaks, NUL...


class InvalidReview(StoreError, ValueError):  # noqa: N818
    """A review that isn't text, is blank, is longer than the limit, or holds control
    characters (the cogs clean what members type before it gets here; this is the last guard).
    ``length`` is the review's length once trimmed (0 when it isn't text)."""

    def __init__(self, problem: ReviewProblem, length: int, limit: int) -> None:
        super().__init__(problem, length, limit)
        self.problem, self.length, self.limit = problem, length, limit

    def __str__(self) -> str:
        if self.problem is ReviewProblem.TOO_LONG:
            return f"A review of {self.length} characters is over the limit of {self.limit}."
        return f"Not a review ({self.problem.value})."


class MarkProblem(Enum):
    NO_REVIEW = "no-review"  # none given and none stored
    BEING_REMOVED = "being-removed"  # the same call removes the review


class NoReviewToMark(StoreError, ValueError):  # noqa: N818
    """A spoiler flag with no review to apply to."""

    def __init__(self, problem: MarkProblem) -> None:
        super().__init__(problem)
        self.problem = problem

    def __str__(self) -> str:
        return f"No review to mark as a spoiler ({self.problem.value})."


class InvalidSetting(StoreError, ValueError):  # noqa: N818
    """A server setting outside what the bot accepts."""


class InvalidCommandName(InvalidSetting):
    """Not a command name (1 to ``longest`` lowercase letters or hyphens)."""

    def __init__(self, command: object, longest: int) -> None:
        super().__init__(command, longest)
        self.command, self.longest = command, longest

    def __str__(self) -> str:
        return (
            f"{_shown(self.command)} is not a command name: 1 to {self.longest} lowercase "
            "letters or hyphens, such as 'rate'."
        )


class InvalidLanguage(InvalidSetting):
    """Not a language the bot speaks (``known``: the Discord locales it ships)."""

    def __init__(self, language: object, known: tuple[str, ...]) -> None:
        super().__init__(language, known)
        self.language, self.known = language, known

    def __str__(self) -> str:
        known = ", ".join(self.known)
        return f"{_shown(self.language)} is not a language the bot speaks: one of {known}."


class InvalidCooldown(InvalidSetting):
    """A cooldown that isn't whole seconds from low to high."""

    def __init__(self, seconds: object, low: int, high: int) -> None:
        super().__init__(seconds, low, high)
        self.seconds, self.low, self.high = seconds, low, high

    def __str__(self) -> str:
        return (
            f"{_shown(self.seconds)} is not a cooldown: use whole seconds from {self.low} (off) "
            f"to {self.high}."
        )
