"""Fixtures shared by the whole suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support.discord_spec import SpecValidator, spec_validator

# The e2e driver (the real bot process against the loopback Discord) serves the reliability suites
# too, whichever folder pytest is asked to run.
sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))


@pytest.fixture(scope="session")
def discord_spec() -> SpecValidator:
    """Discord's OpenAPI spec as a request-body validator, built once per test session."""
    return spec_validator()
