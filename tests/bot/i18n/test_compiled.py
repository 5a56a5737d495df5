"""The compiled catalogs the bot reads are those of the .po files translators edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.messages import compile_catalogs
from bot.i18n.catalogs import DOMAIN, LOCALES, compiled, load_translators

PO_FILES = sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@pytest.mark.parametrize("po", PO_FILES, ids=lambda po: po.parent.parent.name)
def test_each_compiled_catalog_matches_its_po_file(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `uv run python -m bot.devtools.messages compile`"
    assert mo.read_bytes() == compiled(po), (
        f"{mo} is older than {po.name}: run `uv run python -m bot.devtools.messages compile`"
    )


def test_a_po_file_without_its_compiled_catalog_is_read_all_the_same(tmp_path: Path) -> None:
    shipped = LOCALES / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
    po = tmp_path / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(shipped.read_bytes())

    from_po = load_translators(tmp_path)["de"]
    (written,) = compile_catalogs(tmp_path)
    from_mo = load_translators(tmp_path)["de"]

    assert written == po.with_suffix(".mo")
    assert from_po.say("Deleted") == from_mo.say("Deleted") != "Deleted"
