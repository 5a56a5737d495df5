"""Cost as the catalog grows: generated catalogs loaded by the real loader, then matched.

A generated catalog copies the shipped ``tropes.toml`` and writes series files of
``COUPLES_PER_SERIES`` couples each, every couple with two made-up names and one review sentence
quoted as a snippet, so that the loader's verbatim check runs as it does on real files.
"""

from __future__ import annotations

import gc
import random
import shutil
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.stats import Table, ms, percentile
from bot.catalog import load_catalog
from bot.domain.matching import Matcher
from bot.domain.recommend import Recommender

ROOT = Path(__file__).resolve().parent.parent
COUPLES_PER_SERIES = 50
_SYLLABLES = [
    "a",
    "ka",
    "ki",
    "ku",
    "ke",
    "ko",
    "sa",
    "shi",
    "su",
    "se",
    "so",
    "ta",
    "chi",
    "tsu",
    "te",
    "to",
    "na",
    "ni",
    "nu",
    "ne",
    "no",
    "ha",
    "hi",
    "fu",
    "he",
    "ho",
    "ma",
    "mi",
    "mu",
    "me",
    "mo",
    "ya",
    "yu",
    "yo",
    "ra",
    "ri",
    "ru",
    "re",
    "ro",
    "wa",
    "ji",
    "ryo",
    "kyo",
    "sho",
]
_TROPES = ("friends-to-lovers", "enemies-to-lovers", "opposites-attract")
_TAGS = ("roommates", "film-club", "boarding-school", "drama-club")


def made_up_names(count: int, seed: int = 6) -> list[str]:
    """``count`` distinct capitalized names of two to four syllables."""
    rng = random.Random(seed)
    names: dict[str, None] = {}
    while len(names) < count:
        parts = rng.randint(2, 4)
        names.setdefault("".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize())
    return list(names)


def write_catalog(folder: Path, couples: int) -> list[tuple[str, str]]:
    """A catalog of ``couples`` couples in ``folder``; returns each couple's two names."""
    (folder / "series").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "tropes.toml", folder / "tropes.toml")
    names = made_up_names(2 * couples)
    pairs = [(names[2 * i], names[2 * i + 1]) for i in range(couples)]
    for first in range(0, couples, COUPLES_PER_SERIES):
        number = first // COUPLES_PER_SERIES + 1
        chunk = list(enumerate(pairs[first : first + COUPLES_PER_SERIES], start=first))
        (folder / "series" / f"generated-{number}.toml").write_text(
            _series_file(number, chunk), encoding="utf-8"
        )
    return pairs


def _sentence(a: str, b: str) -> str:
    return f"{a} and {b} meet in the film club and slowly fall for each other."


def _series_file(number: int, chunk: list[tuple[int, tuple[str, str]]]) -> str:
    review = " ".join(_sentence(a, b) for _, (a, b) in chunk) + " It was fine. (6/10)"
    parts = [
        "[series]",
        f'id = "generated-{number}"',
        f'title = "Generated Series {number}"',
        f'aliases = ["GS{number}"]',
        "episodes = 12",
        "episode_minutes = 22",
        'setting = "A generated school"',
        "",
        "[review]",
        'attribution = "a generated review"',
        "score = 6",
        "scale = 10",
        f"text = '''\n{review}\n'''",
    ]
    for index, (a, b) in chunk:
        parts += [
            "",
            "[[couples]]",
            f'id = "c{index}"',
            f'members = [{{ name = "{a}" }}, {{ name = "{b}" }}]',
            f'tropes = ["{_TROPES[index % len(_TROPES)]}"]',
            f'tags = ["{_TAGS[index % len(_TAGS)]}"]',
            f'summary = "{a} and {b}, generated."',
        ]
    for index, (a, b) in chunk:
        parts += [
            "",
            "[[snippets]]",
            f'id = "s{index}"',
            f'text = "{_sentence(a, b)}"',
            f'couples = ["c{index}"]',
            f'tropes = ["{_TROPES[index % len(_TROPES)]}"]',
            'aspects = ["romance"]',
        ]
    return "\n".join(parts) + "\n"


@dataclass
class CatalogFigures:
    couples: int
    load_s: float  # load_catalog, the median of a few loads
    index_s: float  # Matcher + Recommender built from the loaded catalog
    memory_mb: float  # traced allocations the catalog and its indexes keep
    p99: dict[str, float]  # per lookup kind, seconds


def typed_inputs(pairs: list[tuple[str, str]], rng: random.Random, count: int) -> list[str]:
    """What members type while the autocomplete runs: prefixes, whole names, typos, nothing."""
    typed = []
    for _ in range(count):
        a, b = rng.choice(pairs)
        kind = rng.randrange(5)
        if kind == 0:
            typed.append(a[: rng.randint(1, 4)].lower())
        elif kind == 1:
            typed.append(a)
        elif kind == 2:  # one letter swapped: "Shoin"
            i = rng.randrange(len(b) - 1)
            typed.append(b[:i] + b[i + 1] + b[i] + b[i + 2 :])
        elif kind == 3:
            typed.append(f"{a} {b[:2]}")
        else:
            typed.append("")
    return typed


def _lookups(matcher: Matcher, pairs, rng: random.Random, count: int) -> dict[str, Callable]:
    names = typed_inputs(pairs, rng, count)
    couples = []
    for _ in range(count):
        a, b = rng.choice(pairs)
        couples.append(rng.choice([(a, b), (f"{b} {a}", None), (a, None), (a[:-1] + "x", b)]))
    tropes = [rng.choice(["e2l", "enem", "friends", "opposits", "roomm", "", "f"]) for _ in names]
    return {
        "complete_names": lambda i: matcher.complete_names(names[i]),
        "complete_targets": lambda i: matcher.complete_targets(names[i]),
        "complete_tropes": lambda i: matcher.complete_tropes(tropes[i]),
        "complete_tropes cold": lambda i: _cold(matcher).complete_tropes(tropes[i]),
        "find_couple": lambda i: matcher.find_couple(*couples[i]),
    }


def _cold(matcher: Matcher) -> Matcher:
    """The matcher with its kept trope rankings dropped: what a text typed the first time costs."""
    matcher.tropes.rankings.cache_clear()
    matcher.tropes.completions.cache_clear()
    return matcher


def measure_catalog(folder: Path, couples: int, lookups: int, loads: int = 3) -> CatalogFigures:
    pairs = write_catalog(folder, couples)
    load_times = []
    for _ in range(loads):
        gc.collect()
        start = time.perf_counter()
        catalog = load_catalog(folder)
        load_times.append(time.perf_counter() - start)
    assert len(catalog.couples) == couples, len(catalog.couples)
    start = time.perf_counter()
    matcher = Matcher(catalog)
    Recommender(catalog)
    index_s = time.perf_counter() - start

    gc.collect()
    tracemalloc.start()
    kept = (load_catalog(folder),)
    kept += (Matcher(kept[0]), Recommender(kept[0]))
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept

    p99 = {}
    for kind, call in _lookups(matcher, pairs, random.Random(couples), lookups).items():
        durations = []
        for i in range(lookups):
            start = time.perf_counter()
            call(i)
            durations.append(time.perf_counter() - start)
        p99[kind] = percentile(durations, 0.99)
    return CatalogFigures(couples, sorted(load_times)[loads // 2], index_s, memory / 2**20, p99)


def catalog_table(workdir: Path, sizes: list[int], lookups: int) -> Table:
    kinds = [
        "complete_names",
        "complete_targets",
        "complete_tropes",
        "complete_tropes cold",
        "find_couple",
    ]
    table = Table(
        "Cost as the catalog grows",
        [
            "couples",
            "load ms",
            "load µs/couple",
            "index ms",
            "memory MB",
            *(f"{kind} p99 ms" for kind in kinds),
        ],
    )
    for size in sizes:
        figures = measure_catalog(workdir / f"catalog-{size}", size, lookups)
        table.add(
            f"{size:,}",
            ms(figures.load_s),
            f"{figures.load_s / size * 1e6:.0f}",
            ms(figures.index_s),
            f"{figures.memory_mb:.1f}",
            *(ms(figures.p99[kind]) for kind in kinds),
        )
    table.notes.append(
        f"{lookups:,} lookups of each kind per size (prefixes, whole names, swapped letters, two "
        'names, empty); "cold": a trope text nobody typed before (rankings are kept for the '
        "texts typed most). Goal: autocomplete p99 < 2 ms at 10,000 couples, load µs/couple flat."
    )
    return table
