"""The command line as an admin meets it: `python -m bot ...` in a folder with no `.env`."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.catalogs import ONE_SERIES

SETTINGS = (
    "DISCORD_TOKEN",
    "DATABASE_PATH",
    "CATALOG_DIR",
    "DEV_GUILD_ID",
    "LOG_LEVEL",
    "DISCORD_API_BASE",
    "SHARD_COUNT",
    "SHARD_IDS",
)
TOKEN = "super-secret-token"  # made up; the tests check it is never printed


def run_cli(
    tmp_path: Path, *args: str, stdout: Any = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        # The test catalog unless a test names another: an edit of data/ changes no outcome here.
        env={
            **clean,
            "DATABASE_PATH": str(tmp_path / "r.db"),
            "CATALOG_DIR": str(ONE_SERIES),
            **env,
        },
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def port_where_nothing_listens() -> Iterator[int]:
    """A local port that refuses connections: bound, so nothing else takes it, but not listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


def test_check_summarises_the_catalog(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "1 series: Twilight Out of Focus" in result.stdout
    assert "3 couples: Mao & Hisashi, Jin & Giichi, Rei & Shion" in result.stdout


def test_check_fails_on_a_broken_catalog_naming_the_file(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "series").mkdir(parents=True)
    (catalog / "tropes.toml").write_text("[[tropes]]\nid = 'x'\nname = ")
    result = run_cli(tmp_path, "check", CATALOG_DIR=str(catalog))
    assert result.returncode == 1
    assert "tropes.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_a_token_says_what_to_set_in_one_line(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "run")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DISCORD_TOKEN" in lines[0]
    assert ".env" in lines[0]
    assert "console" in lines[0]
    assert not (tmp_path / "r.db").exists()


def test_the_default_command_is_run(tmp_path: Path) -> None:
    assert run_cli(tmp_path).stderr == run_cli(tmp_path, "run").stderr


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "run", DISCORD_TOKEN="x", DEV_GUILD_ID="film-club")
    assert result.returncode == 1
    assert "DEV_GUILD_ID" in result.stderr


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        ({"SHARD_IDS": "0-1"}, "SHARD_COUNT"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0-2"}, "SHARD_IDS"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-1,1"}, "SHARD_IDS"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1-"}, "SHARD_IDS"),
    ],
)
def test_bad_shard_settings_stop_the_bot_in_one_line(
    tmp_path: Path, settings: dict[str, str], variable: str
) -> None:
    result = run_cli(tmp_path, "run", DISCORD_TOKEN=TOKEN, **settings)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert variable in lines[0]
    assert TOKEN not in result.stderr
    assert not (tmp_path / "r.db").exists()


def test_sync_guild_needs_digits(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "sync", "--guild", "my-server", DISCORD_TOKEN="x")
    assert result.returncode == 2
    assert "not a server id" in result.stderr


def test_sync_guild_without_id_needs_a_dev_guild(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "sync", "--guild", DISCORD_TOKEN="x")
    assert result.returncode == 2
    assert "DEV_GUILD_ID" in result.stderr


def test_the_token_from_dotenv_is_never_printed(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=super-secret-token\nDEV_GUILD_ID=oops\n")
    result = run_cli(tmp_path, "run")
    assert result.returncode == 1
    assert "super-secret-token" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["run", "sync"])
def test_no_discord_to_reach_is_one_line_without_the_token(
    tmp_path: Path, command: str, port_where_nothing_listens: int
) -> None:
    api_base = f"http://127.0.0.1:{port_where_nothing_listens}/api/v10"
    result = run_cli(tmp_path, command, DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=api_base)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: can't reach Discord at {api_base}: connection refused; check DISCORD_API_BASE."
    )
    assert TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["run", "sync"])
def test_a_discord_name_that_does_not_resolve_is_one_line(tmp_path: Path, command: str) -> None:
    api_base = "http://discord.invalid/api/v10"  # .invalid never resolves (RFC 6761)
    result = run_cli(tmp_path, command, DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=api_base)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: can't reach Discord at {api_base}: its name doesn't resolve")
    assert TOKEN not in result.stdout + result.stderr


@pytest.fixture
def web_server_that_is_not_discord(tmp_path: Path) -> Iterator[str]:
    """A plain web server on 127.0.0.1 that answers every API call with its 404 page."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v10"
        server.shutdown()
        thread.join()


def test_an_api_base_that_is_not_discord_is_one_line(
    tmp_path: Path, web_server_that_is_not_discord: str
) -> None:
    api_base = web_server_that_is_not_discord
    result = run_cli(tmp_path, "sync", DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=api_base)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "<html" not in result.stderr.lower()
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: Discord at {api_base} answered 404 File not found."
    )


def test_check_into_a_closed_pipe_stops_quietly_as_unix_tools_do(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like `check | head -1` once head has gone
    try:
        result = run_cli(tmp_path, "check", stdout=writer)
    finally:
        os.close(writer)

    assert result.stderr == ""
    assert result.returncode == 141  # what a shell reports for a program stopped by SIGPIPE
