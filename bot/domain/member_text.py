"""Cleaning what members type before it is stored or shown: no invisible tricks, one line.

Kept free of Discord: rendering adds Discord's own escaping on top (bot/render.py).
"""

from __future__ import annotations

import re
import unicodedata

MAX_REVIEW_LENGTH = 280
MAX_COMBINING_MARKS = 2  # enough for any real script; more is "Zalgo" text that spills over lines
LONG_WORD = 40  # longer words break an embed's layout on a phone

# Characters that show as blank but aren't spaces, used to fake empty names or text.
_FILLERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")
_WHITESPACE = re.compile(r"\s+")
_ZWJ = "\u200d"
_EMOJI_PRESENTATION = "\ufe0f"


def _joins_emoji(previous: str) -> bool:
    return previous == _EMOJI_PRESENTATION or unicodedata.category(previous) == "So"


class ReviewTextError(ValueError):
    """A review that can't be kept; the message says why in a member's terms."""


def clean_line(text: str) -> str:
    """One tidy line: invisible, control and filler characters dropped, runs of combining marks
    cut short, any whitespace (newlines too) folded to single spaces."""
    kept: list[str] = []
    marks = 0
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if char == _ZWJ and kept and _joins_emoji(kept[-1]):
            kept.append(char)  # part of an emoji sequence such as a family or a couple
            continue
        if category in ("Cf", "Co", "Cs", "Cn") or char in _FILLERS:
            continue
        if category == "Cc":
            char = " "  # newlines, tabs and NUL become (at most) a space
        marks = marks + 1 if category.startswith("M") else 0
        if marks <= MAX_COMBINING_MARKS:
            kept.append(char)
    return _WHITESPACE.sub(" ", "".join(kept)).strip()


def clean_review(text: str) -> str:
    """The review as it will be stored, or ReviewTextError."""
    cleaned = clean_line(text)
    if not cleaned:
        raise ReviewTextError("That review is empty once invisible characters are removed.")
    if len(cleaned) > MAX_REVIEW_LENGTH:
        raise ReviewTextError(
            f"Reviews are up to {MAX_REVIEW_LENGTH} characters; yours has {len(cleaned)}."
        )
    return cleaned


def shorten_long_words(text: str, limit: int = LONG_WORD) -> str:
    """Words longer than `limit` cut with an ellipsis, so one word can't stretch a phone screen.

    Japanese and Chinese are written without spaces, and a line may break at any of their
    characters, so only a run of other characters (a long URL, a row of letters) is a word here:
    a Japanese review is kept whole however long its sentences are."""
    return " ".join(_shortened(word, limit) for word in text.split(" "))


def _shortened(word: str, limit: int) -> str:
    if len(word) <= limit:
        return word
    kept: list[str] = []
    run = 0  # characters since the last place a line may break
    for char in word:
        if _breaks_anywhere(char):
            run = 0
        else:
            run += 1
            if run == limit:
                kept.append("…")
            if run >= limit:
                continue
        kept.append(char)
    return "".join(kept)


def _breaks_anywhere(char: str) -> bool:
    """A wide character (kana, kanji, full-width punctuation): a line may break beside it."""
    return unicodedata.east_asian_width(char) in ("W", "F")
