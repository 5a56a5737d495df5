"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest
from support.discord_spec import SpecValidator, spec_validator


@pytest.fixture(scope="session")
def discord_spec() -> SpecValidator:
    """Discord's OpenAPI spec as a request-body validator, built once per test session."""
    return spec_validator()
