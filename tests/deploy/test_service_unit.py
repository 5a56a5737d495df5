"""The systemd unit in deploy/: valid for systemd, and the promises its comments make (a user of
its own, restart on failure, settings from a file, one writable folder, a clean stop)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "deploy" / "twilight-bot.service"


def settings() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key, []).append(value)
    return found


def test_the_unit_runs_the_bot_hardened_and_restarts_it_on_failure() -> None:
    unit = settings()

    assert unit["User"] == ["twilight-bot"]
    assert unit["Restart"] == ["on-failure"]
    assert unit["EnvironmentFile"] == ["/etc/twilight-bot.env"]
    assert unit["ExecStart"][0].endswith("twilight-bot run")
    assert unit["KillSignal"] == ["SIGTERM"]
    for hardening in ("NoNewPrivileges", "PrivateTmp"):
        assert unit[hardening] == ["yes"]
    assert unit["ProtectSystem"] == ["strict"]
    assert unit["ReadWritePaths"] == ["/var/lib/twilight-bot"]


# systemd ships on the machines CI runs on; elsewhere (a laptop without systemd) it may be absent.
@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None and not os.environ.get("CI"),
    reason="systemd-analyze is not installed here",
)
def test_systemd_finds_nothing_wrong_with_the_unit() -> None:
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(UNIT)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == ""
