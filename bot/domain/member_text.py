"""Cleaning what members type before it is stored or shown: no invisible tricks, one line.

Kept free of Discord: rendering adds Discord's own escaping on top (bot/discord/render/).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

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


class ReviewTextProblem(Enum):
    EMPTY = "empty"  # nothing left once invisible characters are removed
    TOO_LONG = "too-long"


class ReviewTextError(ValueError):
    """A review that can't be kept, and why: the Discord side words it for the member. Its
    string is a log line."""

    def __init__(self, problem: ReviewTextProblem, *, length: int, limit: int) -> None:
        super().__init__(problem, length, limit)
        self.problem, self.length, self.limit = problem, length, limit

    def __str__(self) -> str:
        if self.problem is ReviewTextProblem.EMPTY:
            return "review text is empty once cleaned"
        return f"review text has {self.length} characters, over the limit of {self.limit}"


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
    if not cleaned or len(cleaned) > MAX_REVIEW_LENGTH:
        problem = ReviewTextProblem.TOO_LONG if cleaned else ReviewTextProblem.EMPTY
        raise ReviewTextError(problem, length=len(cleaned), limit=MAX_REVIEW_LENGTH)
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
