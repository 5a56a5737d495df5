"""Matchers over the shipped catalog and over the two-series test catalog."""

from __future__ import annotations

import pytest
from matching_support import SHIPPED, TWO_SERIES

from bot.catalog import load_catalog
from bot.domain.matching import Matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalog(SHIPPED))


@pytest.fixture(scope="module")
def two_series() -> Matcher:
    return Matcher(load_catalog(TWO_SERIES))
