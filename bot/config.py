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
from typing import Any

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
LOG_FORMATS = ("text", "json")
DEFAULT_BACKUP_INTERVAL_S = 24 * 3600
DEFAULT_BACKUP_KEEP = 7
_INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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
    shard_count: int | None = None  # SHARD_COUNT: the shards of every process together
    shard_ids: tuple[int, ...] | None = None  # SHARD_IDS: the ones this process runs
    log_format: str = "text"  # LOG_FORMAT: text, or json for log shippers
    metrics_addr: tuple[str, int] | None = None  # METRICS_ADDR host:port; None: not served
    backup_dir: Path | None = None  # BACKUP_DIR: scheduled backups go there; None: none taken
    backup_interval_s: int = DEFAULT_BACKUP_INTERVAL_S
    backup_keep: int = DEFAULT_BACKUP_KEEP

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
        **_shards(merged),
        log_format=_log_format(merged),
        metrics_addr=_metrics_addr(merged),
        backup_dir=_optional_path(merged, "BACKUP_DIR"),
        backup_interval_s=_interval(merged, "BACKUP_INTERVAL", DEFAULT_BACKUP_INTERVAL_S),
        backup_keep=_count(merged, "BACKUP_KEEP", DEFAULT_BACKUP_KEEP),
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


SHARD_IDS_EXAMPLE = "0-3, 0,2 or 0-1,3"


def _shards(env: Mapping[str, str]) -> dict[str, Any]:
    """SHARD_COUNT and SHARD_IDS: unset, one shard as a small bot runs; SHARD_COUNT alone, every
    shard in this process; both, the listed shards of SHARD_COUNT (the others run elsewhere)."""
    count = _shard_count(env)
    raw_ids = env.get("SHARD_IDS", "").strip()
    if count is None:
        if raw_ids:
            raise ConfigError(
                f"SHARD_IDS={raw_ids!r} needs SHARD_COUNT, the number of shards of every process "
                "together: set SHARD_COUNT too, or leave both unset for one shard."
            )
        return {}
    ids = _shard_ids(raw_ids, count) if raw_ids else tuple(range(count))
    return {"shard_count": count, "shard_ids": ids}


def _shard_count(env: Mapping[str, str]) -> int | None:
    raw = env.get("SHARD_COUNT", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(
            f"SHARD_COUNT={raw!r} must be a whole number of shards, 1 or more (all processes "
            "together), or leave it unset for one shard."
        )
    return int(raw)


def _shard_ids(raw: str, count: int) -> tuple[int, ...]:
    ids: list[int] = []
    for part in raw.split(","):
        ids += _shard_range(part.strip(), raw, count)
    if twice := sorted({shard_id for shard_id in ids if ids.count(shard_id) > 1}):
        raise ConfigError(
            f"SHARD_IDS={raw!r} names shard {twice[0]} more than once: list each shard once."
        )
    return tuple(ids)


def _shard_range(part: str, raw: str, count: int) -> range:
    """``3`` or ``0-3`` (both ends included), within the SHARD_COUNT shards."""
    first, dash, last = part.partition("-")
    ends = (first.strip(), last.strip()) if dash else (first.strip(), first.strip())
    if not all(end.isdigit() for end in ends) or int(ends[0]) > int(ends[1]):
        raise ConfigError(
            f"SHARD_IDS={raw!r} is not a list of shard ids: write ids and ranges from low to "
            f"high, such as {SHARD_IDS_EXAMPLE}."
        )
    low, high = int(ends[0]), int(ends[1])
    if high >= count:
        raise ConfigError(
            f"SHARD_IDS={raw!r} names shard {high}, but SHARD_COUNT={count} has shards 0 "
            f"to {count - 1}: use ids from 0 to {count - 1}, or raise SHARD_COUNT."
        )
    return range(low, high + 1)


def _log_format(env: Mapping[str, str]) -> str:
    raw = env.get("LOG_FORMAT", "").strip().lower() or "text"
    if raw not in LOG_FORMATS:
        raise ConfigError(
            f"LOG_FORMAT={raw!r} is not a log format: use text (readable, the default) or json "
            "(one object a line, for log shippers)."
        )
    return raw


def _metrics_addr(env: Mapping[str, str]) -> tuple[str, int] | None:
    raw = env.get("METRICS_ADDR", "").strip()
    if not raw:
        return None
    host, colon, port = raw.rpartition(":")
    host = host.strip("[]") if colon else ""
    if not port.isdigit() or not 0 <= int(port) < 65536:
        raise ConfigError(
            f"METRICS_ADDR={raw!r} must be host:port, e.g. 127.0.0.1:9108 (a port up to 65535; 0 "
            "picks a free one and logs it), or leave it unset to serve no metrics."
        )
    return host or "127.0.0.1", int(port)


def _optional_path(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    return Path(raw).expanduser() if raw else None


def _interval(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    number, unit = raw[:-1], raw[-1]
    if unit.isdigit():
        number, unit = raw, "s"
    if not number.isdigit() or unit not in _INTERVAL_UNITS or int(number) == 0:
        raise ConfigError(
            f"{name}={raw!r} must be a time such as 30m, 6h or 1d (s, m, h or d after a whole "
            "number above 0)."
        )
    return int(number) * _INTERVAL_UNITS[unit]


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name}={raw!r} must be a whole number, 1 or more.")
    return int(raw)
