"""The tests' PostgreSQL server: found where Debian and pg_config put it, and, when it can't be
had, a failure in CI (never a silent skip) and a skip with the reason elsewhere."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from support.postgres import PostgresServer, missing_server, start_server

from bot.devtools.postgres import find_bindir, packaged_bindir


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
    found = find_bindir()
    # Run as found, or from a copy where the server's unprivileged user can reach them.
    assert postgres_server.bindir in (
        found,
        postgres_server.root / "programs" / found.relative_to(found.parents[2]),
    )
    assert (postgres_server.bindir / "initdb").is_file()
    ((version,),) = postgres_server.admin("SHOW server_version_num")
    assert int(version) >= 130000


def test_the_server_the_dev_dependencies_bring_starts_too() -> None:
    """A machine without PostgreSQL still has one for `uv run pytest`: pgserver's."""
    bindir = packaged_bindir()
    assert bindir is not None, "pgserver (a dev dependency) is not installed: run `uv sync`"
    # Not under pytest's tmp_path: as root, the server's own user must reach its folder.
    root = Path(tempfile.mkdtemp(prefix="twilight-pg-packaged-"))
    try:
        server = start_server(root, bindir)
        try:
            ((version,),) = server.admin("SHOW server_version_num")
            assert int(version) >= 160000
        finally:
            server.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
