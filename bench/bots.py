"""Our bot against the minimal discord.py bot, as processes logged in to the loopback Discord.

Each round starts each bot afresh (alternating which goes first), timing process start to READY,
reading its idle resident memory, then sending a burst of concurrent interactions from distinct
members and timing each from injection to the reply's arrival at the fake. The fake runs with
payload validation off and a large listen backlog, so the bots, not the fake, are measured.
"""

from __future__ import annotations

import asyncio
import compileall
import os
import random
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import Table, median, ms, percentile, ratio
from bot.devtools.loopback import FakeGuild, FakeMember, LoopbackDiscord, Reply
from bot.devtools.loopback.interactions import AUTOCOMPLETE

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60
ANSWER_TIMEOUT = 30
IDLE_SETTLE_S = 1.0  # after READY, let start-up garbage settle before reading the RSS
_INHERITED = (
    "DISCORD_TOKEN",
    "DATABASE_PATH",
    "DATABASE_URL",
    "CATALOG_DIR",
    "DEV_GUILD_ID",
    "LOG_LEVEL",
)


def compile_bytecode() -> None:
    """Compile the project and its dependencies first, or the first round times the compiler."""
    for folder in (
        ROOT / "bot",
        ROOT / "cogs",
        ROOT / "bench",
        Path(sysconfig.get_path("purelib")),
    ):
        compileall.compile_dir(folder, quiet=1, workers=0)


@dataclass(frozen=True)
class BotKind:
    name: str
    argv: tuple[str, ...]  # after the Python executable; "sync" is appended to register commands


OURS = BotKind("our bot", ("-m", "bot"))
MINIMAL = BotKind("minimal bot", (str(ROOT / "bench" / "minimal_bot.py"),))


@dataclass
class RoundFigures:
    ready_s: float
    rss_mb: float
    latencies: list[float] = field(default_factory=list)
    answers_per_s: float = 0.0
    unanswered: int = 0


def _env(fake: LoopbackDiscord, workdir: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in _INHERITED}
    return {
        **inherited,
        "DISCORD_TOKEN": "bench-token",
        "DISCORD_API_BASE": fake.api_base,
        "DATABASE_PATH": str(workdir / "ratings.db"),
        "CATALOG_DIR": str(ROOT / "data"),
        "LOG_LEVEL": "WARNING",
        "RATE_COOLDOWN": "0",
        "RECOMMEND_COOLDOWN": "0",
    }


async def _spawn(kind: BotKind, fake: LoopbackDiscord, workdir: Path, *extra: str):
    log = (workdir / f"{kind.name.replace(' ', '-')}.log").open("ab")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            *kind.argv,
            *extra,
            env=_env(fake, workdir),
            cwd=workdir,
            stdout=log,
            stderr=log,
        )
    finally:
        log.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def our_burst(fake: LoopbackDiscord, guild: FakeGuild, members: list[FakeMember], seed: int):
    """One interaction per member, mixing /recommend, /couple, /rate, /scores and autocomplete."""
    rng = random.Random(seed)
    names = ["Rei", "Shion", "Mao", "Hisashi", "Jin", "Giichi", "shoin", "rei shion"]
    tropes = ["enemies to lovers", "e2l", "friends", "opposites", "roommates", ""]
    targets = ["Rei & Shion", "Twilight", "jin giichi", "Mao"]
    calls = []
    for n, member in enumerate(members):
        kind = n % 5
        if kind == 0:
            trope = rng.choice(tropes)
            calls.append(fake.invoke("recommend", {"trope": trope} if trope else {}, member=member))
        elif kind == 1:
            calls.append(fake.invoke("couple", {"name": rng.choice(names)}, member=member))
        elif kind == 2:
            options: dict[str, Any] = {"score": rng.randint(1, 10)}
            if rng.random() < 0.5:
                options["target"] = rng.choice(targets)
            calls.append(fake.invoke("rate", options, member=member))
        elif kind == 3:
            options = {"target": rng.choice(targets)} if rng.random() < 0.5 else {}
            calls.append(fake.invoke("scores", options, member=member))
        else:
            which = rng.randrange(3)
            typed = rng.choice(names)[: rng.randint(1, 4)]
            if which == 0:
                call = fake.autocomplete("couple", {"name": typed}, focused="name", member=member)
            elif which == 1:
                call = fake.autocomplete(
                    "recommend", {"trope": typed}, focused="trope", member=member
                )
            else:
                call = fake.autocomplete(
                    "rate", {"score": 5, "target": typed}, focused="target", member=member
                )
            calls.append(call)
    return calls


def minimal_burst(fake: LoopbackDiscord, guild: FakeGuild, members: list[FakeMember], seed: int):
    return [fake.invoke("ping", member=member) for member in members]


def _answered_at(reply: Reply) -> float | None:
    """When the fake received the reply: the message for a command, the choices for typing."""
    if reply.payload["type"] == AUTOCOMPLETE:
        times = [r.at for r in reply.requests if (r.route_template or "").endswith("/callback")]
        return min(times, default=None)
    return reply.answered_at


async def one_round(kind: BotKind, workdir: Path, interactions: int, seed: int) -> RoundFigures:
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    async with LoopbackDiscord(validator=None, backlog=4096) as fake:
        sync = await _spawn(kind, fake, workdir, "sync")
        if await asyncio.wait_for(sync.wait(), READY_TIMEOUT) != 0:
            raise RuntimeError(f"{kind.name} failed to sync; see {workdir}")
        guild = fake.default_guild
        members = [fake.add_member(guild, name=f"member{n}") for n in range(interactions)]
        start = time.perf_counter()
        process = await _spawn(kind, fake, workdir)
        try:
            await fake.wait_for_ready(timeout=READY_TIMEOUT)
            figures = RoundFigures(time.perf_counter() - start, 0.0)
            await asyncio.sleep(IDLE_SETTLE_S)
            figures.rss_mb = rss_mb(process.pid)
            burst = our_burst if kind is OURS else minimal_burst
            before = {id(r) for r in fake.replies}
            results = await asyncio.gather(
                *burst(fake, guild, members, seed), return_exceptions=True
            )
            sent = [r for r in fake.replies if id(r) not in before]
            waits = [r.response(ANSWER_TIMEOUT) for r in sent if r.payload["type"] != AUTOCOMPLETE]
            await asyncio.gather(*waits, return_exceptions=True)
            failures = [r for r in results if isinstance(r, BaseException)]
            answered = [(r, t) for r in sent if (t := _answered_at(r)) is not None]
            figures.latencies = [t - r.injected_at for r, t in answered]
            figures.unanswered = len(sent) - len(answered) + len(failures)
            if answered:
                first = min(r.injected_at for r, _ in answered)
                last = max(t for _, t in answered)
                figures.answers_per_s = len(answered) / (last - first)
            return figures
        finally:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
            await fake.close_gateway(1000)


async def compare_bots(workdir: Path, rounds: int, interactions: int) -> list[Table]:
    compile_bytecode()
    results: dict[str, list[RoundFigures]] = {OURS.name: [], MINIMAL.name: []}
    for number in range(rounds):
        order = (MINIMAL, OURS) if number % 2 == 0 else (OURS, MINIMAL)
        for kind in order:
            # Each bot keeps its folder (and database) from round to round, as a bot restarted
            # on its host does: only the first round pays for creating the database.
            folder = workdir / kind.name.replace(" ", "-")
            results[kind.name].append(await one_round(kind, folder, interactions, seed=number))
    return [_latency_table(results, rounds, interactions), _footprint_table(results, rounds)]


def _latency_table(results: dict[str, list[RoundFigures]], rounds: int, count: int) -> Table:
    table = Table(
        f"Burst of {count:,} concurrent interactions through the loopback Discord",
        ["bot", "p50 ms", "p99 ms", "max ms", "answers/s", "unanswered"],
    )
    summary: dict[str, tuple[float, float, float, float]] = {}
    for name, runs in results.items():
        summary[name] = (
            median(percentile(r.latencies, 0.5) for r in runs),
            median(percentile(r.latencies, 0.99) for r in runs),
            median(max(r.latencies, default=float("nan")) for r in runs),
            median(r.answers_per_s for r in runs),
        )
        p50, p99, worst, rate = summary[name]
        unanswered = sum(r.unanswered for r in runs)
        table.add(name, ms(p50), ms(p99), ms(worst), f"{rate:,.0f}", unanswered)
    ours, floor = summary[OURS.name], summary[MINIMAL.name]
    table.add(
        "ratio (ours / minimal)",
        ratio(ours[0], floor[0]),
        ratio(ours[1], floor[1]),
        ratio(ours[2], floor[2]),
        ratio(ours[3], floor[3]),
        "",
    )
    table.notes.append(
        f"Medians over {rounds} alternating round(s); {os.cpu_count()} cores. Ours: /recommend, "
        "/couple, /rate, /scores and autocomplete in equal shares; minimal: /ping. "
        "Goal: p99 within 1.25× the minimal bot's and far below Discord's 3 s."
    )
    return table


def _footprint_table(results: dict[str, list[RoundFigures]], rounds: int) -> Table:
    table = Table("Footprint", ["bot", "start to READY ms", "idle RSS MB"])
    found = {}
    for name, runs in results.items():
        found[name] = (median(r.ready_s for r in runs), median(r.rss_mb for r in runs))
        table.add(name, ms(found[name][0]), f"{found[name][1]:.1f}")
    ours, floor = found[OURS.name], found[MINIMAL.name]
    table.add("ratio (ours / minimal)", ratio(ours[0], floor[0]), ratio(ours[1], floor[1]))
    table.notes.append(
        f"Medians over {rounds} alternating round(s); RSS is VmRSS {IDLE_SETTLE_S:g} s after "
        "READY. Goal: within 1.15× on both."
    )
    return table
