"""The tests' PostgreSQL server: found where Debian and pg_config put it, and, when it can't be
had, a failure in CI (never a silent skip) and a skip with the reason elsewhere."""

from __future__ import annotations

import pytest
from support.postgres import PostgresServer, find_bindir, missing_server


def test_a_missing_server_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="no initdb here"):
        missing_server("no initdb here")


def test_a_missing_server_is_skipped_with_the_reason_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="no initdb here"):
        missing_server("no initdb here")


def test_the_server_runs_from_binaries_found_on_this_machine(
    postgres_server: PostgresServer,
) -> None:
    assert find_bindir() == postgres_server.bindir
    assert (postgres_server.bindir / "initdb").is_file()
    ((version,),) = postgres_server.admin("SHOW server_version_num")
    assert int(version) >= 130000
