"""Private copies of the catalogs, for tests that break them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from catalog_files import SHIPPED, TWO_SERIES


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped catalog that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns("*.db*"))
    return target


@pytest.fixture
def two_series_dir(tmp_path: Path) -> Path:
    """A private copy of the two-series test catalog, under the same "data" name."""
    target = tmp_path / "data"
    shutil.copytree(TWO_SERIES, target)
    return target
