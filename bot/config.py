"""Typed settings read once from the environment (and `.env`), failing fast on bad values.

The token is wrapped in `Secret` so it can't end up in a log line or a traceback by accident;
a DATABASE_URL is a `DatabaseUrl`, which never shows the password it may carry.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from bot.domain.cooldowns import MAX_COOLDOWN_SECONDS
from bot.store import DatabaseUrl, DatabaseUrlError, database_url, file_database_url
from bot.store.urls import redacted

DEFAULT_API_BASE = "https://discord.com/api/v10"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_PATH = DEFAULT_DATA_DIR / "ratings.db"
# Seconds a member waits between uses; a server admin can change them per server (/admin cooldown).
DEFAULT_RATE_COOLDOWN = 2
DEFAULT_RECOMMEND_COOLDOWN = 3
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and the fix."""


class Secret:
    """A string that never prints itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('********')" if self._value else "Secret('')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Settings:
    token: Secret = field(default_factory=lambda: Secret(""))
    database_path: Path = DEFAULT_DATABASE_PATH
    database_url: DatabaseUrl | None = None  # DATABASE_URL; None: the SQLite file database_path
    data_dir: Path = DEFAULT_DATA_DIR
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    api_base: str = DEFAULT_API_BASE
    rate_cooldown: int = DEFAULT_RATE_COOLDOWN
    recommend_cooldown: int = DEFAULT_RECOMMEND_COOLDOWN

    @property
    def store_url(self) -> DatabaseUrl:
        """Where the rating store is: DATABASE_URL, else the SQLite file at DATABASE_PATH."""
        return self.database_url or file_database_url(self.database_path)

    @property
    def default_cooldowns(self) -> dict[str, int]:
        return {"rate": self.rate_cooldown, "recommend": self.recommend_cooldown}

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Settings from `environ` (default: the process environment) over the `.env` file's values."""
    merged = _dotenv(env_file)
    merged.update(os.environ if environ is None else environ)
    url = _database_url(merged)
    return Settings(
        token=Secret(merged.get("DISCORD_TOKEN", "").strip()),
        # A file URL names the database file too, so whatever shows the path shows that one.
        database_path=(url and url.path) or _path(merged, "DATABASE_PATH", DEFAULT_DATABASE_PATH),
        database_url=url,
        data_dir=_path(merged, "CATALOG_DIR", DEFAULT_DATA_DIR),
        dev_guild_id=_snowflake(merged, "DEV_GUILD_ID"),
        log_level=_log_level(merged),
        api_base=_api_base(merged),
        rate_cooldown=_seconds(merged, "RATE_COOLDOWN", DEFAULT_RATE_COOLDOWN),
        recommend_cooldown=_seconds(merged, "RECOMMEND_COOLDOWN", DEFAULT_RECOMMEND_COOLDOWN),
    )


def _dotenv(env_file: Path | None) -> dict[str, str]:
    path = env_file if env_file is not None else Path.cwd() / ".env"
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    raw = env.get(name, "").strip()
    return Path(raw).expanduser() if raw else default


def _database_url(env: Mapping[str, str]) -> DatabaseUrl | None:
    raw = env.get("DATABASE_URL", "").strip()
    if not raw:
        return None
    try:
        return database_url(raw)
    except DatabaseUrlError as error:
        # Shown redacted: a URL may carry a password, and this line goes to the terminal or a log.
        raise ConfigError(
            f"DATABASE_URL={redacted(raw)!r} {error.problem}: {error.fix}, or leave DATABASE_URL "
            "unset to use DATABASE_PATH."
        ) from None


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 2**64:
        raise ConfigError(
            f"{name}={raw!r} is not a Discord server id: copy the id with Developer Mode on "
            "(right-click the server > Copy Server ID), or leave it empty."
        )
    return int(raw)


def _seconds(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) > MAX_COOLDOWN_SECONDS:
        raise ConfigError(f"{name}={raw!r} must be whole seconds from 0 to {MAX_COOLDOWN_SECONDS}.")
    return int(raw)


def _log_level(env: Mapping[str, str]) -> str:
    raw = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if raw not in LOG_LEVELS:
        raise ConfigError(
            f"LOG_LEVEL={raw!r} is not a log level; use one of {', '.join(LOG_LEVELS)}."
        )
    return raw


def _api_base(env: Mapping[str, str]) -> str:
    raw = env.get("DISCORD_API_BASE", "").strip().rstrip("/") or DEFAULT_API_BASE
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(
            f"DISCORD_API_BASE={raw!r} must be an http(s) URL such as {DEFAULT_API_BASE}."
        )
    return raw
