"""Waiting in the store's tests for something another connection or task makes happen: a
condition checked after each pause the test names (a round trip, never a timer of its own)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

# Whatever a condition waits for happens in well under this; past it, the test fails.
PATIENCE_S = 30.0


async def wait_until(
    condition: Callable[[], Awaitable[bool]], what: str, pause: Callable[[], Awaitable[object]]
) -> None:
    """Check condition after each pause until it holds; fail after PATIENCE_S."""
    deadline = asyncio.get_running_loop().time() + PATIENCE_S
    while not await condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"waited {PATIENCE_S} s for {what}")
        await pause()
