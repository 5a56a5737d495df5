"""The bot of this package really serves the two-series test catalog."""

from __future__ import annotations

import pytest
from e2e_driver import Member, text_of

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_the_help_names_both_series(member: Member) -> None:
    answer = await member.use("help")

    assert "Paper Lanterns at Low Tide" in text_of(answer)
    assert "Twilight Out of Focus" in text_of(answer)
