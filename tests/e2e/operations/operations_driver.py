"""Running the bot with its endpoints on, and reading them as an admin's monitoring does."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import aiohttp
from e2e_driver import ProductBot
from prometheus_client.parser import text_string_to_metric_families

from bot.devtools.loopback import LoopbackDiscord

SERVED_AT = re.compile(r"metrics and health on (http://[0-9.]+:\d+)")
COUNTED_TIMEOUT = 5  # the bot counts an answer as soon as Discord took it: well within this

# A sample: (name, ((label, value), ...)) -> value
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@asynccontextmanager
async def running(
    fake: LoopbackDiscord, workdir: Path, launched: list[ProductBot], **settings: str
) -> AsyncIterator[tuple[ProductBot, str]]:
    """The bot with its endpoints on a free port, and their base URL (read from its log)."""
    bot = ProductBot(fake, workdir, settings={"METRICS_ADDR": "127.0.0.1:0", **settings})
    launched.append(bot)
    await bot.sync()
    await bot.start()
    try:
        found = SERVED_AT.search(bot.log())
        assert found, bot.log()
        yield bot, found.group(1)
    finally:
        await bot.stop()


async def health(base: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as answer:
        return answer.status, await answer.json()


async def scrape(base: str) -> Samples:
    """Every sample /metrics serves, as Prometheus parses them."""
    async with aiohttp.ClientSession() as session, session.get(f"{base}/metrics") as answer:
        assert answer.status == 200
        text = await answer.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scraped_once(
    base: str, counted: Callable[[Samples], bool], within_s: float = COUNTED_TIMEOUT
) -> Samples:
    """The samples once `counted` holds of them. The bot counts an interaction right after its
    answer reached Discord (or Discord refused it), so a scrape may come a moment before that:
    scrape again until it holds, or fail with what was last served. A longer `within_s` waits
    for what the bot does on a schedule (backups)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while True:
        samples = await scrape(base)
        if counted(samples):
            return samples
        assert loop.time() < deadline, f"never counted; last served: {samples}"
        await asyncio.sleep(0.05)  # a scrape's pace, as Prometheus's own, only faster


def counter(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def of(samples: Samples, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """The samples of one metric, by their labels, the zeros left out."""
    return {labels: value for (found, labels), value in samples.items() if found == name and value}


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another program holding the database's write lock until the block ends: what the bot
    waits for is a real lock, not a pause it was told to take."""
    other = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
