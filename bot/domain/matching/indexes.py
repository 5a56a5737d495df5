"""The two indexes that keep lookups cheap however large the catalog grows.

A prefix search is a bisect into sorted keys; a typo search only ever compares against the few
keys that share a one-deletion variant with what was typed, never against every key.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable

from bot.domain.matching.text import edit_distance, word_suffix_keys


class PrefixIndex:
    """Sorted keys pointing at item numbers; finds the items whose key starts with a prefix."""

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        pairs = sorted(set(entries))
        self._keys = [key for key, _ in pairs]
        # Plain numbers rather than int objects: a large catalog has tens of thousands of them.
        self._items = array("I", (item for _, item in pairs))

    @classmethod
    def of_words(cls, words_per_item: Iterable[Iterable[str]]) -> PrefixIndex:
        """Item n found by the start of any of its words, or of any later word in one of them."""
        return cls(
            (key, number)
            for number, words in enumerate(words_per_item)
            for word in words
            for key in word_suffix_keys(word)
        )

    def search(self, prefix: str, limit: int) -> list[int]:
        """Distinct items in key order (an exact key sorts first), at most `limit`."""
        found: dict[int, None] = {}
        position = bisect_left(self._keys, prefix)
        while position < len(self._keys) and len(found) < limit:
            if not self._keys[position].startswith(prefix):
                break
            found.setdefault(self._items[position])
            position += 1
        return list(found)


class TypoIndex:
    """Finds keys within a small edit distance through their one-deletion variants."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._variants: dict[str, set[str]] = {}
        self.longest = 0
        for key in keys:
            self.longest = max(self.longest, len(key))
            for variant in _one_deletions(key):
                self._variants.setdefault(variant, set()).add(key)

    def near(self, key: str, max_distance: int) -> list[tuple[int, str]]:
        """(distance, key) pairs within `max_distance`, closest first."""
        if len(key) - max_distance > self.longest:
            return []  # too long to be a typo of any key (and its variants cost O(len²))
        candidates: set[str] = set()
        for variant in _one_deletions(key):
            candidates |= self._variants.get(variant, set())
        scored = ((edit_distance(key, c), c) for c in candidates)
        return sorted(pair for pair in scored if pair[0] <= max_distance)


def _one_deletions(key: str) -> set[str]:
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}
