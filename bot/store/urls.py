"""Database URLs: where the store keeps its data, as DATABASE_URL names it.

A URL may carry a password. A DatabaseUrl never shows one: its str() and repr() replace it with
asterisks, and only the backend that connects reads the full text (reveal()). Which schemes
exist is open_store's business (bot.store); here are the pieces that know no scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)
# user:password@ in the authority (up to the last "@": a password may hold one), and a
# password=... option.
_PASSWORD_IN_AUTHORITY = re.compile(r"(?P<user>://[^:/@]*:).*@", re.DOTALL)
_PASSWORD_OPTION = re.compile(r"(?P<key>password=)[^&#]*", re.IGNORECASE)
HIDDEN = "********"


class DatabaseUrlError(ValueError):
    """A URL the store can't use; ``problem`` says what is wrong and ``fix`` what to write
    instead. Neither repeats the URL (it may hold a password)."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem, fix)
        self.problem, self.fix = problem, fix

    def __str__(self) -> str:
        return f"{self.problem}: {self.fix}"


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    """A checked database URL: its scheme, and the file it names for a file database."""

    scheme: str  # lowercase
    path: Path | None  # the database file, for a backend that keeps one
    _text: str = field(repr=False)

    def reveal(self) -> str:
        """The URL as given, password and all: for connecting, never for a log."""
        return self._text

    def __str__(self) -> str:
        return redacted(self._text)

    def __repr__(self) -> str:
        return f"DatabaseUrl({redacted(self._text)!r})"


def redacted(text: str) -> str:
    """text with any password in it replaced by asterisks (also when text isn't a valid URL)."""
    shown = _PASSWORD_IN_AUTHORITY.sub(rf"\g<user>{HIDDEN}@", text, count=1)
    if shown == text and "@" in text:
        # Not where a URL keeps user:password@, yet something like it: hide all of it.
        head, _, host = text.rpartition("@")
        scheme, _, credentials = head.partition(":")
        if ":" in credentials:
            shown = f"{scheme}:{HIDDEN}@{host}"
    return _PASSWORD_OPTION.sub(rf"\g<key>{HIDDEN}", shown)


def scheme_of(text: str) -> str | None:
    """The scheme of a ``scheme://...`` URL, lowercase; None if text isn't one."""
    match = _SCHEME.match(text)
    return None if match is None else match["scheme"].lower()


def file_url(text: str, scheme: str) -> DatabaseUrl:
    """A ``scheme:///relative/path`` or ``scheme:////absolute/path`` URL (no host, no options):
    the form of a database kept in one file."""
    example = f"{scheme}:///data/ratings.db (relative) or {scheme}:////srv/bot/ratings.db"
    rest = text.split("://", 1)[1]
    if not rest.startswith("/"):
        raise DatabaseUrlError(
            f"has a host, but a {scheme} URL names only a file", f"write {example}"
        )
    if "?" in rest or "#" in rest:
        raise DatabaseUrlError(
            f"has options, but a {scheme} URL names only a file", f"write {example}"
        )
    path = unquote(rest[1:])
    if not path.strip("/"):
        raise DatabaseUrlError("names no file", f"write {example}")
    return DatabaseUrl(scheme, Path(path).expanduser(), text)


def file_url_of(path: Path | str, scheme: str) -> DatabaseUrl:
    """The URL of the database file at path."""
    path = Path(path)
    return DatabaseUrl(scheme, path, f"{scheme}:///{quote(path.as_posix())}")


def server_url(text: str, scheme: str, example: str) -> DatabaseUrl:
    """A ``scheme://user:password@host:port/database`` URL of a database server (options after
    "?" are the driver's). The problems named never quote the URL: it may hold a password."""
    fix = f"write {example}"
    try:
        parts = urlsplit(text)
        port = parts.port  # raises for a port that isn't a number from 0 to 65535
    except ValueError:
        raise DatabaseUrlError("has a host or port that can't be read", fix) from None
    if port == 0:
        raise DatabaseUrlError("has port 0", fix)
    if not parts.hostname and "host=" not in parts.query:
        raise DatabaseUrlError("names no host", fix)
    database = unquote(parts.path.removeprefix("/"))
    if not database:
        raise DatabaseUrlError("names no database", fix)
    if "/" in database:
        raise DatabaseUrlError("has more than a database name after the host", fix)
    return DatabaseUrl(scheme, None, text)
