"""CPU per interaction at a steady rate: our bot on a database of 1,000,000 ratings over 1,000
servers against the minimal discord.py bot, both answering members of those 1,000 servers.

Each round starts each bot afresh (alternating which goes first) on one loopback Discord that
keeps its servers from round to round, so our bot's database, seeded once, matches them. The
interactions are sent at a fixed rate (the bursts of bench.bots measure how fast answers come
when everything arrives at once; this measures what each costs when they don't pile up), each
payload built as it is sent, and the process's CPU time over a window is divided by their number.

Two windows one after the other: the first seconds after READY, when nothing is in memory yet,
and the same length again after them, as a bot that has run a while (for months, on a host) is.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path

from bench.bots import (
    MINIMAL,
    OURS,
    READY_TIMEOUT,
    BotKind,
    Call,
    _answered_at,
    _call,
    _cpu_seconds,
    _spawn,
    compile_bytecode,
    stop,
    until_answered,
)
from bench.scores import seeded_database
from bench.stats import Table, cores, median, ms, percentile, ratio
from bot.devtools.loopback import FakeMember, LoopbackDiscord, Reply

MIX_KINDS = ("recommend a trope",) * 15 + ("recommend for me",) * 10 + ("couple",) * 20
MIX_KINDS += ("rate",) * 25 + ("scores",) * 10 + ("autocomplete",) * 20


@dataclass
class SteadyFigures:
    cpu_s: float = 0.0
    sent: int = 0
    latencies: list[float] = field(default_factory=list)


@dataclass
class SteadyRound:
    started: SteadyFigures  # the first window after READY
    running: SteadyFigures  # the window after it


@dataclass(frozen=True)
class SteadySizes:
    servers: int
    ratings: int
    rate_per_s: int
    seconds: float
    rounds: int


STEADY = SteadySizes(servers=1_000, ratings=1_000_000, rate_per_s=150, seconds=10, rounds=3)
STEADY_QUICK = SteadySizes(servers=5, ratings=500, rate_per_s=20, seconds=1, rounds=1)


def _calls(kind: BotKind, members: list[FakeMember], count: int, seed: int) -> list[Call]:
    rng = random.Random(seed)
    if kind is MINIMAL:
        return [Call("ping", "ping", {}, rng.choice(members), "en-US") for _ in range(count)]
    return [_call(rng.choice(MIX_KINDS), rng.choice(members), rng, "en-US") for _ in range(count)]


async def _paced(fake: LoopbackDiscord, calls: list[Call], rate: int) -> list[Reply]:
    """Each call sent at its time on a fixed schedule, its payload built then; the replies."""
    before = {id(r) for r in fake.replies}
    loop = asyncio.get_running_loop()
    start = loop.time()
    sending: list[Awaitable[Reply]] = []
    for number, call in enumerate(calls):
        delay = start + number / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)  # the schedule itself: the rate is what is measured
        sending.append(asyncio.ensure_future(call.send(fake)))
    await asyncio.gather(*sending, return_exceptions=True)
    return [r for r in fake.replies if id(r) not in before]


async def steady_round(
    kind: BotKind, fake: LoopbackDiscord, folder: Path, members: list[FakeMember], sizes, seed
) -> SteadyRound:
    sync = await _spawn(kind, fake, folder, "sync")
    if await asyncio.wait_for(sync.wait(), READY_TIMEOUT) != 0:
        raise RuntimeError(f"{kind.name} failed to sync; see {folder}")
    process = await _spawn(kind, fake, folder)
    try:
        await fake.wait_for_ready(timeout=READY_TIMEOUT)
        count = int(sizes.rate_per_s * sizes.seconds)
        calls = _calls(kind, members, 2 * count, seed)
        started = await _window(fake, calls[:count], sizes.rate_per_s, process.pid)
        running = await _window(fake, calls[count:], sizes.rate_per_s, process.pid)
        return SteadyRound(started, running)
    finally:
        await stop(process, fake)


async def _window(fake: LoopbackDiscord, calls: list[Call], rate: int, pid: int) -> SteadyFigures:
    """The calls sent at the rate, until each is answered: the process's CPU time meanwhile."""
    cpu_before = _cpu_seconds(pid)
    replies = await _paced(fake, calls, rate)
    await until_answered(replies)
    figures = SteadyFigures(_cpu_seconds(pid) - cpu_before, len(calls))
    figures.latencies = [t - r.injected_at for r in replies if (t := _answered_at(r))]
    return figures


async def steady_table(workdir: Path, sizes: SteadySizes) -> Table:
    compile_bytecode()
    runs: dict[str, list[SteadyRound]] = {OURS.name: [], MINIMAL.name: []}
    async with LoopbackDiscord(validator=None, backlog=4096) as fake:
        guilds = [fake.add_guild(f"Fan server {n}") for n in range(sizes.servers)]
        members = [fake.add_member(g, name=f"fan{n}") for n, g in enumerate(guilds)]
        folders = {kind.name: workdir / kind.name.replace(" ", "-") for kind in (OURS, MINIMAL)}
        for folder in folders.values():
            await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        ratings = folders[OURS.name] / "ratings.db"  # where bench.bots has the bot keep them
        await seeded_database(ratings, sizes.ratings, [int(g.id) for g in guilds])
        for number in range(sizes.rounds):
            for kind in (MINIMAL, OURS) if number % 2 == 0 else (OURS, MINIMAL):
                figures = await steady_round(kind, fake, folders[kind.name], members, sizes, number)
                runs[kind.name].append(figures)
    return _table(runs, sizes)


def _table(runs: dict[str, list[SteadyRound]], sizes: SteadySizes) -> Table:
    window = f"{sizes.seconds:g} s"
    table = Table(
        f"A steady {sizes.rate_per_s} interactions/s, {sizes.ratings:,} ratings over "
        f"{sizes.servers:,} servers",
        [
            "bot",
            f"CPU ms / interaction, first {window}",
            f"CPU ms / interaction, next {window}",
            "p50 ms",
            "p99 ms",
        ],
    )
    cpu: dict[str, tuple[float, float]] = {}
    for name, found in runs.items():
        cpu[name] = (
            median(r.started.cpu_s / r.started.sent for r in found),
            median(r.running.cpu_s / r.running.sent for r in found),
        )
        latencies = [r.running.latencies for r in found]
        p50 = median(percentile(lat, 0.5) for lat in latencies)
        p99 = median(percentile(lat, 0.99) for lat in latencies)
        table.add(
            name, f"{cpu[name][0] * 1000:.2f}", f"{cpu[name][1] * 1000:.2f}", ms(p50), ms(p99)
        )
    ours, floor = cpu[OURS.name], cpu[MINIMAL.name]
    table.add("ratio (ours / minimal)", ratio(ours[0], floor[0]), ratio(ours[1], floor[1]), "", "")
    paired = zip(runs[OURS.name], runs[MINIMAL.name], strict=True)
    by_round = [
        ratio(o.running.cpu_s / o.running.sent, m.running.cpu_s / m.running.sent) for o, m in paired
    ]
    table.notes.append(
        f"Medians over {sizes.rounds} alternating round(s); {cores()} cores. Each round sends "
        f"{window} of interactions right after READY, then {window} more (the latencies are "
        "theirs), as a bot that has run a while meets them. Ours: the burst's mix, members of "
        "every server; minimal: /ping. Goal: CPU per interaction within 1.3× of the minimal "
        "bot's. The ratio round by round, next window: " + ", ".join(by_round) + "."
    )
    return table
