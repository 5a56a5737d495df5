"""`twilight-bot check` as an admin runs it after editing: every new kind of problem, at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from catalog_files import LANTERNS_FILE, LANTERNS_LABEL, SERIES_FILE, SERIES_LABEL, edit

SETTINGS = ("DISCORD_TOKEN", "DATABASE_PATH", "CATALOG_DIR", "DEV_GUILD_ID", "LOG_LEVEL")


def check(data_dir: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        cwd=data_dir.parent,
        env={**clean, "CATALOG_DIR": str(data_dir), "DATABASE_PATH": str(data_dir.parent / "r.db")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_lists_fragments_slips_aliases_and_duplicates_together(two_series_dir: Path) -> None:
    series = two_series_dir / SERIES_FILE
    edit(series, '"Jin is always demeaning Giichi\'s work in school."', '"Jin is always demeaning"')
    edit(series, 'it doesn’t hurt their love."', "it doesn't hurt their love.\"")
    edit(series, '{ name = "Shion" }', '{ name = "Shion", aliases = ["Jin"] }')
    edit(two_series_dir / LANTERNS_FILE, 'id = "haru-sora"', 'id = "jin-giichi"')

    result = check(two_series_dir)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: The catalog has 4 problems:"
    assert all(line.startswith(f"  - {SERIES_LABEL}: ") for line in lines[1:]), lines
    said = "\n".join(lines)
    assert "couples[1] (jin-giichi): duplicate couple id 'jin-giichi'" in said
    assert f"snippets in {LANTERNS_LABEL} name 'haru-sora'" in said
    assert "(jin-demeaning): 'text' is only part of a sentence" in said
    assert "(jin-giichi-still-fight): 'text' not found verbatim" in said
    assert "Shion's alias 'Jin' is the name of Jin" in said
    assert "Traceback" not in result.stderr


def test_check_lists_what_a_shipped_locale_still_shows_in_english(data_dir: Path) -> None:
    shutil.rmtree(data_dir / "locales")  # only the one written here
    (data_dir / "locales").mkdir()
    (data_dir / "locales" / "fr.toml").write_text(
        '[couples.rei-shion]\nsummary = "Rei et Shion."\n', encoding="utf-8"
    )

    result = check(data_dir)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Translated into: fr (quotes stay as the review wrote them)" in lines
    assert "  - data/locales/fr.toml: [couples.mao-hisashi] summary" in lines
    assert "  - data/locales/ja.toml: [tropes.enemies-to-lovers] name" in lines
    assert "  - data/locales/fr.toml: [couples.rei-shion] summary" not in lines
