"""What running it for months costs members: the burst with a scheduled backup under way, and
with the metrics served and scraped, each against the same bot with neither, alternating rounds.

Every variant's bot runs on its own copy of one large database (``seeded`` ratings over many
servers, as a bot some years old holds), so a backup copies and checks that much while the
members' interactions come in. The backup variant takes one every second and the burst begins
only once one is under way (its ``.partial`` file is there); the metrics variant is scraped
every 0.1 s throughout, 150 times Prometheus's usual pace.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import Callable, Sequence
from pathlib import Path

import aiohttp

from bench.bots import OURS, Alongside, RoundFigures, Variant, compile_bytecode, one_round
from bench.scores import seeded_database, server_ids
from bench.stats import Table, median, ms, percentile, ratio

BACKUPS = "backups"  # the backup folder, in the bot's working folder
SCRAPE_EVERY_S = 0.1
BACKUP_START_TIMEOUT_S = 30.0
POLL_S = 0.005  # how often the bench looks for the backup's file; the bot is not slowed by it
SERVERS = 100
COLUMNS = (
    "variant", "p50 ms", "p99 ms", "p99 of the rounds, ms", "answers/s", "unanswered",
    "beside the burst",
    "p50 ratio", "p99 ratio", "answers/s ratio",
)  # fmt: skip


class BackupUnderWay(Alongside):
    """Waits until the bot's scheduled backup is being written; counts those finished during
    the burst. ``under_way`` counts the rounds whose burst began while one was being written
    (a tiny database's backup may be over before it is seen)."""

    label = "backups finished"

    def __init__(self) -> None:
        self.under_way = 0
        self._folder = Path()
        self._before: set[str] = set()

    async def start(self, workdir: Path) -> None:
        self._folder = workdir / BACKUPS
        self._before = self._finished()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BACKUP_START_TIMEOUT_S
        while not self._writing() and self._finished() <= self._before:
            if loop.time() > deadline:
                raise RuntimeError(f"no scheduled backup began in {self._folder}")
            await asyncio.sleep(POLL_S)
        self.under_way += self._writing()
        self._before = self._finished()

    async def stop(self) -> int:
        return len(self._finished() - self._before)

    def _writing(self) -> bool:
        return any(self._folder.glob("*.partial"))

    def _finished(self) -> set[str]:
        return {path.name for path in self._folder.glob("ratings-*.sqlite3")}


class MetricsScraped(Alongside):
    """GET /metrics every SCRAPE_EVERY_S from before the burst to its end; counts the scrapes."""

    label = "scrapes"

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/metrics"
        self._scrapes = 0
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self, workdir: Path) -> None:
        self._session = aiohttp.ClientSession()
        self._scrapes = 0
        await self._scrape()  # the first, before the burst: the endpoint is up
        self._task = asyncio.ensure_future(self._keep_scraping())

    async def stop(self) -> int:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        return self._scrapes

    async def _keep_scraping(self) -> None:
        while True:
            await asyncio.sleep(SCRAPE_EVERY_S)  # the scrape's pace
            await self._scrape()

    async def _scrape(self) -> None:
        assert self._session is not None
        async with self._session.get(self.url) as answer:
            answer.raise_for_status()
            await answer.read()
        self._scrapes += 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PLAIN = Variant("metrics off, no backup")


def operations_variants() -> list[Variant]:
    port = free_port()
    backup_env = {"BACKUP_DIR": BACKUPS, "BACKUP_INTERVAL": "1s", "BACKUP_KEEP": "3"}
    return [
        PLAIN,
        Variant("scheduled backup under way", backup_env, alongside=BackupUnderWay()),
        Variant(
            "metrics on, scraped every 0.1 s",
            {"METRICS_ADDR": f"127.0.0.1:{port}"},
            alongside=MetricsScraped(port),
        ),
    ]


async def operations_table(workdir: Path, rounds: int, interactions: int, seeded: int) -> Table:
    compile_bytecode()
    template = await seeded_database(workdir / "seeded.db", seeded, server_ids(SERVERS))
    variants = operations_variants()
    runs: dict[str, list[RoundFigures]] = {v.name: [] for v in variants}
    folders = {v.name: _folder(workdir, v, template) for v in variants}
    for number in range(rounds):
        turn = number % len(variants)  # each variant takes each place in the order in turn
        for variant in variants[turn:] + variants[:turn]:
            figures = await one_round(OURS, folders[variant.name], interactions, number, variant)
            runs[variant.name].append(figures)
    return _table(variants, runs, rounds, interactions, seeded, template)


def _folder(workdir: Path, variant: Variant, template: Path) -> Path:
    folder = workdir / ("ops-" + "".join(c for c in variant.name if c.isalnum()))
    folder.mkdir(parents=True)
    shutil.copyfile(template, folder / "ratings.db")
    return folder


def _table(
    variants: Sequence[Variant],
    runs: dict[str, list[RoundFigures]],
    rounds: int,
    interactions: int,
    seeded: int,
    template: Path,
) -> Table:
    table = Table(
        "Running it for months: the burst beside a backup, and with metrics scraped",
        COLUMNS,
    )
    base = _figures(runs[PLAIN.name])
    for variant in variants:
        found = _figures(runs[variant.name])
        p99s = sorted(percentile(r.latencies, 0.99) for r in runs[variant.name])
        table.add(
            variant.name, ms(found[0]), ms(found[1]), f"{ms(p99s[0])}–{ms(p99s[-1])}",
            f"{found[2]:,.0f}",
            sum(r.unanswered for r in runs[variant.name]), _beside(variant, runs[variant.name]),
            *(ratio(a, b) for a, b in zip(found, base, strict=True)),
        )  # fmt: skip
    size_mb = template.stat().st_size / 1e6
    table.notes.append(
        f"Medians over {rounds} rotating round(s) of {interactions:,} interactions, each bot on "
        f"its own copy of a {size_mb:.0f} MB database of {seeded:,} ratings over {SERVERS} "
        "servers; the rounds' spread of p99 shows the noise. Goal: each ratio within noise of "
        "1.00×."
    )
    return table


def _figures(found: list[RoundFigures]) -> tuple[float, float, float]:
    def of(pick: Callable[[RoundFigures], float]) -> float:
        return median(pick(r) for r in found)

    return (
        of(lambda r: percentile(r.latencies, 0.5)),
        of(lambda r: percentile(r.latencies, 0.99)),
        of(lambda r: r.answers_per_s),
    )


def _beside(variant: Variant, found: list[RoundFigures]) -> str:
    alongside = variant.alongside
    if alongside is None:
        return "–"
    counts = sorted(r.alongside for r in found)
    spread = f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}–{counts[-1]}"
    said = f"{spread} {alongside.label} per burst"
    if isinstance(alongside, BackupUnderWay):
        said += f"; one being written as {alongside.under_way} of {len(found)} began"
    return said
