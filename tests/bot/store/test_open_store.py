"""open_store picks the backend a database URL names, and a URL never shows its password."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_keys import COUPLE, GUILD, MEMBER

from bot.config import Settings
from bot.store import (
    DatabaseUrl,
    DatabaseUrlError,
    database_url,
    file_database_url,
    open_store,
)
from bot.store.urls import redacted


async def test_a_sqlite_url_opens_the_file_it_names(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "ratings.db"

    async with await open_store(f"sqlite:///{path}") as store:
        await store.rate(GUILD, MEMBER, COUPLE, 8)

    assert path.is_file()
    async with await open_store(file_database_url(path)) as reopened:
        assert await reopened.user_ratings(GUILD, MEMBER) == {COUPLE: 8}


async def test_the_bots_settings_name_the_store(tmp_path: Path) -> None:
    settings = Settings(database_path=tmp_path / "from-path.db")

    async with await open_store(settings) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 3)

    assert (tmp_path / "from-path.db").is_file()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql+psycopg://bot@db.example/ratings", "unknown scheme 'postgresql+psycopg'"),
        ("redis://cache.example", "unknown scheme 'redis'"),
        ("ratings.db", "is not a URL"),
    ],
)
async def test_a_url_of_no_backend_this_bot_has_is_refused(url: str, problem: str) -> None:
    with pytest.raises(DatabaseUrlError) as refused:
        await open_store(url)

    assert problem in refused.value.problem
    assert "sqlite:///" in refused.value.fix
    assert "postgresql://" in refused.value.fix


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bot:hunter2@db.example/ratings",
        "postgres://bot:hunter2@db.example:5433/ratings",
        "postgresql+asyncpg://bot:hunter2@db.example/ratings",
        "postgresql:///ratings?host=/run/postgresql",
    ],
)
def test_a_postgresql_url_names_the_postgresql_backend(url: str) -> None:
    chosen = database_url(url)

    assert (chosen.scheme, chosen.path) == ("postgresql", None)
    assert chosen.reveal() == url
    assert "hunter2" not in str(chosen)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql://bot:hunter2@db.example:port/ratings", "host or port that can't be read"),
        ("postgresql://bot:hun/ter2@db.example/ratings", "host or port that can't be read"),
        ("postgresql://bot:hunter2@db.example:99999/ratings", "host or port that can't be read"),
        ("postgresql://bot:hunter2@db.example/", "names no database"),
        ("postgresql://bot:hunter2@/ratings", "names no host"),
        ("postgresql://bot:hunter2@db.example/ratings/more", "more than a database name"),
    ],
)
def test_a_malformed_postgresql_url_names_the_fix_and_never_the_password(
    url: str, problem: str
) -> None:
    with pytest.raises(DatabaseUrlError) as refused:
        database_url(url)

    assert problem in refused.value.problem
    assert refused.value.fix == "write postgresql://user:password@host:5432/database"
    assert "hunter2" not in str(refused.value)
    assert "ter2" not in repr(refused.value)


def test_a_file_url_reads_back_as_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "odd name #1 %.db"

    assert database_url(str(file_database_url(path))).path == path


def test_a_database_url_shows_no_password() -> None:
    url = DatabaseUrl("postgresql", None, "postgresql://bot:hunter2@db.example/ratings")

    assert "hunter2" not in repr(url)
    assert "hunter2" not in str(url)
    assert "hunter2" not in repr(Settings(database_url=url))
    assert url.reveal().endswith("hunter2@db.example/ratings")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://bot:hunter2@db/r", "postgresql://bot:********@db/r"),
        ("postgresql://bot:hun@ter2@db/r", "postgresql://bot:********@db/r"),
        (
            "postgresql://db/r?user=bot&password=hunter2",
            "postgresql://db/r?user=bot&password=********",
        ),
        ("postgresql://bot@db:5432/r", "postgresql://bot@db:5432/r"),
        ("sqlite:////srv/bot/ratings.db", "sqlite:////srv/bot/ratings.db"),
    ],
)
def test_redacting_hides_passwords_and_nothing_else(text: str, shown: str) -> None:
    assert redacted(text) == shown
