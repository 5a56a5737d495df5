"""The use cases run on the fixture catalog and a real SQLite file under tmp_path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.catalogs import ONE_SERIES

from bot.catalog import load_catalog
from bot.core.services import Services
from bot.domain.catalog import Catalog
from bot.store import file_database_url, open_store


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ONE_SERIES)


@pytest.fixture
async def services(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Services]:
    async with await open_store(file_database_url(tmp_path / "ratings.db")) as store:
        yield Services.build(catalog, store, {"rate": 0, "recommend": 0})
