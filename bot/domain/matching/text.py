"""Typed text reduced to keys, and how far apart two keys are.

Members type however they like ("ENEMIES_TO_LOVERS", "rei x shion", "Mao’s"); every part of the
matcher compares the keys made here, never the raw text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

DISCORD_CHOICE_MAX = 100  # Discord's limit for a choice's name and value
DEFAULT_LIMIT = 25  # Discord shows at most 25 autocomplete choices
MIN_TYPO_LENGTH = 4  # shorter words are too easily confused ("Jin"/"Jim") to correct

Choice = tuple[str, str]  # (label, value) for an autocomplete list

# Words that join two names ("Rei and Shion", "rei x shion") rather than being part of one.
_CONNECTORS = frozenset({"and", "x"})
_APOSTROPHES = frozenset("'’‘`´")  # dropped so "Mao's" and "Maos" agree
_SEPARATORS = re.compile(r"[\W_]+")
_DECIDED_CHARACTERS = 4096  # distinct characters _Dropped keeps its decision for


class _Dropped(dict[int, int | None]):
    """For str.translate: apostrophes and invisible format characters (Unicode's Cf: zero-width
    spaces, soft hyphens) to None, every other character to itself. Each character is looked up
    once, then answered at C speed: matching normalizes every text typed and every catalog name,
    and a loop over characters in Python was its dearest step. Bounded, as members type anything."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        kept = None if char in _APOSTROPHES or unicodedata.category(char) == "Cf" else code
        if len(self) < _DECIDED_CHARACTERS:
            self[code] = kept
        return kept


_DROPPED = _Dropped()


def normalize(text: str) -> str:
    """Lowercase words separated by single spaces, with connectors and punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DROPPED)
    words = _SEPARATORS.split(text)
    return " ".join(w for w in words if w and w not in _CONNECTORS)


def compact(text: str) -> str:
    """The normalized text without spaces, so "enemies to lovers" = "EnemiesToLovers"."""
    return normalize(text).replace(" ", "")


def word_suffix_keys(text: str, *, split_elisions: bool = False) -> set[str]:
    """Compact keys for the text and for each later word, so "focus" finds "Out of Focus".
    With split_elisions, an apostrophe parts words too, so "ennemis" finds "D'ennemis"
    (normalize drops it, so that "Mao's" and "Maos" agree)."""
    if split_elisions:
        text = "".join(" " if ch in _APOSTROPHES else ch for ch in text)
    words = normalize(text).split()
    return {"".join(words[i:]) for i in range(len(words))}


def clip(text: str) -> str:
    """The text cut to fit a Discord choice, with an ellipsis when cut."""
    return text if len(text) <= DISCORD_CHOICE_MAX else text[: DISCORD_CHOICE_MAX - 1] + "…"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits plus swaps of neighbours ("Shoin"/"Shion")."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def ratio(a: str, b: str) -> float:
    """difflib's similarity of two keys, from 0 (nothing shared) to 1 (equal)."""
    return difflib.SequenceMatcher(None, a, b).ratio()


def length_bound(a: str, b: str) -> float:
    """The most `ratio(a, b)` can be, from the lengths alone (difflib's real_quick_ratio)."""
    total = len(a) + len(b)
    return 2.0 * min(len(a), len(b)) / total if total else 1.0
