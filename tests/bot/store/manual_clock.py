"""A clock for the store's stored times that tests move by hand."""

from __future__ import annotations


class ManualClock:
    """Unix seconds that move only when a test moves them, so "newest" is the test's choice."""

    def __init__(self, now: int = 1_700_000_000) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: int = 1) -> int:
        self.now += seconds
        return self.now
