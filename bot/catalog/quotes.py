"""Snippets against their review: whole sentences only, and exactly where a copy went wrong.

A snippet must start where a sentence of the review starts and end where one ends, so a
quote never puts words in the reviewer's mouth by cutting a sentence short. Reviews are
pasted from web pages, so the rules follow what such text does:

- a sentence ends after . ! ? or … (closing quotes or brackets may follow) before a space or
  a line break; "3-4", "days/weeks" and apostrophes inside words are no boundary;
- a paragraph may open with a heading, "Mao and Hisashi - They meet ...": after " - " and a
  capital letter a sentence starts (a lowercase word after a dash is the same sentence going on);
- after a sentence ends, the next starts with a letter, a digit or an opening quote, in either
  case (casual reviews do not always capitalise); so a score such as "(5/10)" after the last
  sentence ends the paragraph with it, but is not a sentence of its own.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from typing import NamedTuple

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_HEADING_DASH = re.compile(r"\s[-–—]\s+(?=[A-Z])")
_PARAGRAPH_START = re.compile(r"(?:^|\n)\s*(?=\S)")
_PARAGRAPH_END = re.compile(r"\S(?=[ \t]*(?:\n|$))")
_OPENING_QUOTES = frozenset("\"'“‘")
_MOST_SENTENCES = 6  # the longest run of sentences offered as the closest passage
_CLOSEST_CUTOFF = 0.4  # difflib ratio below which no passage is offered at all
_CANDIDATES = 8  # passages above the cutoff compared closely for the closest one
_MEANINGFUL_RUN = 4  # shorter runs of matching characters are coincidence
_STRAY_CHARACTERS = 3  # how many more held characters an extra sentence must bring
_MOST_DIFFERENCES = 3  # differences spelled out; beyond that the closest passage says it
_CONTEXT = 12  # characters shown either side of a difference
_SHOWN = 24  # the most characters quoted of one difference


class Sentences(NamedTuple):
    """Where the review's sentences may start and end, as sorted character offsets."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, review: str) -> Sentences:
        ends = {m.end() for m in _SENTENCE_END.finditer(review)}
        ends |= {m.end() for m in _PARAGRAPH_END.finditer(review)}
        after_ends = {_next_word(review, end) for end in ends}
        starts = {s for s in after_ends if s < len(review) and _opens_sentence(review[s])}
        starts |= {m.end() for m in _HEADING_DASH.finditer(review)}
        # Every paragraph starts a sentence, so any quote has a start before it.
        starts |= {m.end() for m in _PARAGRAPH_START.finditer(review)}
        return cls(review, tuple(sorted(starts)), tuple(sorted(ends)))

    def is_whole(self, start: int, end: int) -> bool:
        return _contains(self.starts, start) and _contains(self.ends, end)

    def whole_around(self, start: int, end: int) -> str:
        """The whole sentences holding text[start:end]: back to a start, on to an end."""
        before = self.starts[max(bisect_right(self.starts, start) - 1, 0)]
        after = self.ends[min(bisect_left(self.ends, end), len(self.ends) - 1)]
        return self.text[before:after]

    def passages_near(self, anchor: range) -> dict[str, int]:
        """Each run of one to a few consecutive sentences overlapping text[anchor], with how
        many sentences it has: the candidates for the passage a snippet was copied from."""
        runs: dict[str, int] = {}
        for start in self.starts[: bisect_left(self.starts, anchor.stop)]:
            first = bisect_right(self.ends, start)
            for count, end in enumerate(self.ends[first : first + _MOST_SENTENCES], start=1):
                if end > anchor.start:
                    runs.setdefault(self.text[start:end], count)
        return runs


def _next_word(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _opens_sentence(char: str) -> bool:
    return char.isalnum() or char in _OPENING_QUOTES


def _contains(offsets: tuple[int, ...], offset: int) -> bool:
    index = bisect_left(offsets, offset)
    return index < len(offsets) and offsets[index] == offset


def quote_problem(text: str, sentences: Sentences) -> str | None:
    """What is wrong with `text` as a snippet of the review, or None when it is whole sentences."""
    if text != text.strip():
        return "'text' starts or ends with spaces or line breaks; remove them"
    occurrences = _occurrences(text, sentences.text)
    if not occurrences:
        return _not_verbatim(text, sentences)
    if any(sentences.is_whole(start, start + len(text)) for start in occurrences):
        return None
    whole = sentences.whole_around(occurrences[0], occurrences[0] + len(text))
    return (
        "'text' is only part of a sentence of the review, and a snippet must be whole"
        f' sentences; quote all of it: "{whole}"'
    )


def _occurrences(text: str, review: str) -> list[int]:
    found, start = [], review.find(text)
    while start != -1:
        found.append(start)
        start = review.find(text, start + 1)
    return found


def _not_verbatim(text: str, sentences: Sentences) -> str:
    message = "'text' not found verbatim in the review text"
    passages = sentences.passages_near(_longest_shared_run(text, sentences.text))
    closest = _closest(text, list(passages))
    if closest is None:
        return message + "; copy it exactly from [review] text"
    noun = "sentence is" if passages[closest] == 1 else "sentences are"
    return (
        f"{message}: {_differences(text, closest)}; copy it exactly from [review] text;"
        f' the closest {noun}: "{closest}"'
    )


def _longest_shared_run(text: str, review: str) -> range:
    """Where in the review the longest run of the text's characters is: the text was most
    likely copied from around there, so only passages near it need comparing."""
    matcher = difflib.SequenceMatcher(None, review, text, autojunk=False)
    run = matcher.find_longest_match(0, len(review), 0, len(text))
    return range(run.a, run.a + run.size)


def _closest(text: str, passages: list[str]) -> str | None:
    """Of the passages most alike, one holding (nearly) as much of `text` as any does.

    A fragment with a typo is offered its whole sentence, not the shorter one next to it that
    scores higher; yet a passage holding only a few more of the text's characters (stray
    letters matched in the sentence before) is not worth an extra sentence.
    """
    close = difflib.get_close_matches(text, passages, n=_CANDIDATES, cutoff=_CLOSEST_CUTOFF)
    if not close:
        return None
    held = {passage: _characters_held(text, passage) for passage in close}
    enough = max(held.values()) - _STRAY_CHARACTERS
    return next(passage for passage in close if held[passage] >= enough)


def _characters_held(text: str, passage: str) -> int:
    """How many of the text's characters the passage has, in runs long enough to mean it."""
    matcher = difflib.SequenceMatcher(None, text, passage, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks() if b.size >= _MEANINGFUL_RUN)


def _differences(text: str, review_part: str) -> str:
    """Where `text` departs from `review_part`: the first few differences, each pinpointed."""
    matcher = difflib.SequenceMatcher(None, text, review_part, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    described = [_difference(text, review_part, op) for op in changes[:_MOST_DIFFERENCES]]
    rest = len(changes) - len(described)
    if rest > 0:
        described.append(f"and {rest} more difference{'s' if rest != 1 else ''}")
    return "; ".join(described)


def _difference(text: str, review_part: str, op: tuple[str, int, int, int, int]) -> str:
    kind, i1, i2, j1, j2 = op
    ours, theirs = _shown(text[i1:i2]), _shown(review_part[j1:j2])
    if kind == "insert":
        return (
            f'{_gap(text, i1)} ("{_context(text, i1, i1)}") the review has {theirs},'
            " which the text leaves out"
        )
    span = f"character {i1 + 1} is" if i2 - i1 == 1 else f"characters {i1 + 1}-{i2} are"
    where = f'{span} {ours} in "{_context(text, i1, i2)}"'
    if kind == "delete":
        return f"{where}, which the review does not have"
    return f"{where}, where the review has {theirs}"


def _gap(text: str, index: int) -> str:
    """Where something is missing, counting characters from 1 as an editor does."""
    if index == 0:
        return "before character 1"
    if index == len(text):
        return f"after the last character ({index})"
    return f"between characters {index} and {index + 1}"


def _context(text: str, start: int, end: int) -> str:
    """A few characters either side of text[start:end], which is shown in [brackets]."""
    left = max(start - _CONTEXT, 0)
    right = min(end + _CONTEXT, len(text))
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return f"{before}[{_clipped(text[start:end])}]{after}"


def _shown(part: str) -> str:
    """A quoted piece of text; a lone symbol also gets its Unicode name (’ and ' look alike)."""
    if len(part) == 1 and not part.isalnum():
        return f'"{part}" ({unicodedata.name(part, f"U+{ord(part):04X}")})'
    return f'"{_clipped(part)}"'


def _clipped(part: str) -> str:
    return part if len(part) <= _SHOWN else part[: _SHOWN - 1] + "…"
