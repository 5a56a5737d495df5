"""Private copies of the catalogs, for tests that break them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.catalogs import ONE_SERIES, TWO_SERIES


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the one-series test catalog that a test may break, under the name
    "data" as an admin's folder has."""
    target = tmp_path / "data"
    shutil.copytree(ONE_SERIES, target)
    return target


@pytest.fixture
def two_series_dir(tmp_path: Path) -> Path:
    """A private copy of the two-series test catalog, under the same "data" name."""
    target = tmp_path / "data"
    shutil.copytree(TWO_SERIES, target)
    return target
