"""A PostgreSQL database that can't be reached, or that refuses the login, stops the bot with one
clear line, which never holds the password."""

from __future__ import annotations

import socket

import pytest
from support.postgres import PASSWORD, PostgresServer

from bot.store import CannotOpen, OpenStep, database_url, open_store


def _port_nobody_listens_on() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again: nothing listens there


def _assert_one_line_without_the_password(error: CannotOpen, *passwords: str) -> None:
    shown = f"{error} {error!r} {error.args}"
    assert "\n" not in str(error)
    for password in passwords:
        assert password not in shown
    assert error.step is OpenStep.CONNECT


pytestmark = pytest.mark.postgres_only


async def test_a_wrong_password_is_one_clear_line_without_either_password(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = postgres_server.url(postgres_database, password="not-the-Right-one")

    with pytest.raises(CannotOpen) as refused:
        await open_store(url)

    assert "refused the user name or password" in str(refused.value)
    _assert_one_line_without_the_password(refused.value, "not-the-Right-one", PASSWORD)


async def test_a_server_nobody_runs_is_one_clear_line_without_the_password(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    port = _port_nobody_listens_on()
    url = postgres_server.url(postgres_database, port=port)

    with pytest.raises(CannotOpen) as refused:
        await open_store(url)

    assert f"no server answers at 127.0.0.1:{port}" in str(refused.value)
    _assert_one_line_without_the_password(refused.value, PASSWORD)


async def test_a_database_the_server_lacks_is_named(postgres_server: PostgresServer) -> None:
    with pytest.raises(CannotOpen) as refused:
        await open_store(database_url(postgres_server.url("no_such_database")))

    assert "has no database 'no_such_database'" in str(refused.value)
    _assert_one_line_without_the_password(refused.value, PASSWORD)
