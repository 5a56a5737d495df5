"""The command line as an admin meets it: `python -m bot ...` in a folder with no `.env`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SETTINGS = ("DISCORD_TOKEN", "DATABASE_PATH", "CATALOG_DIR", "DEV_GUILD_ID", "LOG_LEVEL")


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**clean, "DATABASE_PATH": str(tmp_path / "r.db"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_summarises_the_shipped_catalog(tmp_path: Path) -> None:
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
