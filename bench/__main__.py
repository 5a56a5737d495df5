"""``uv run python -m bench [--quick] [--only bots,steady,...]``: every benchmark, as markdown.

Sections: bots, steady, catalog, scores, operations, backends.

The full run takes several minutes on a two-core machine (``--only`` picks sections); ``--quick``
uses tiny sizes (the smoke test runs it) and its figures mean nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.backends import backend_tables
from bench.bots import LOCALES, Variant, compare_bots
from bench.catalogs import catalog_table
from bench.operations import operations_table
from bench.scores import scores_tables
from bench.stats import Table, cores
from bench.steady import STEADY, STEADY_QUICK, SteadySizes, steady_table

SECTIONS = ("bots", "steady", "catalog", "scores", "operations", "backends")


@dataclass(frozen=True)
class Sizes:
    rounds: int
    interactions: int
    couples: list[int]
    lookups: int
    ratings: list[int]
    samples: int
    rates: int
    seeded: int  # ratings in the database of the operations bench
    steady: SteadySizes
    backend_rounds: int
    sharded_ratings: int
    lag_samples: int


FULL = Sizes(
    9, 1000, [3, 1_000, 10_000], 1000, [10_000, 1_000_000], 200, 2000, 1_000_000, STEADY, 3, 1000,
    100,
)  # fmt: skip
QUICK = Sizes(1, 10, [3, 50], 20, [100, 1000], 5, 20, 1000, STEADY_QUICK, 1, 20, 3)


async def run(sections: Sequence[str], sizes: Sizes, workdir: Path) -> list[Table]:
    tables: list[Table] = []
    if "bots" in sections:
        tables += await compare_bots(
            workdir / "bots", sizes.rounds, sizes.interactions, variants(workdir)
        )
    if "steady" in sections:
        tables.append(await steady_table(workdir / "steady", sizes.steady))
    if "catalog" in sections:
        tables.append(catalog_table(workdir / "catalogs", sizes.couples, sizes.lookups))
    if "scores" in sections:
        (workdir / "scores").mkdir()
        tables += await scores_tables(workdir / "scores", sizes.ratings, sizes.samples, sizes.rates)
    if "operations" in sections:
        (workdir / "operations").mkdir()
        tables.append(
            await operations_table(
                workdir / "operations", sizes.rounds, sizes.interactions, sizes.seeded
            )
        )
    if "backends" in sections:
        tables += await backend_tables(
            workdir / "backends",
            sizes.backend_rounds,
            sizes.interactions,
            sizes.sharded_ratings,
            sizes.lag_samples,
        )
    return tables


def variants(workdir: Path) -> list[Variant]:
    """What the product adds on top of the plain bot, each measured against it."""
    return [
        Variant("members' locales mixed over the six languages", locales=LOCALES),
        Variant("metrics served", {"METRICS_ADDR": "127.0.0.1:0"}),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    sizes = QUICK if args.quick else FULL
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="toof-bench-") as folder:
        tables = asyncio.run(run(sections, sizes, Path(folder)))
    print(f"## Benchmarks ({cores()} cores, Python {sys.version.split()[0]})\n")
    for table in tables:
        print(table.markdown())
    print(f"Whole run: {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
