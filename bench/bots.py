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
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import Table, cores, median, ms, percentile, ratio
from bot.devtools.loopback import FakeMember, LoopbackDiscord, Reply
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
    first_callbacks: list[float] = field(default_factory=list)  # to the first callback
    deferred: int = 0  # answers that began with a deferral
    cpu_s: float = 0.0  # the process's CPU time for the burst
    alongside: int = 0  # what the variant's Alongside counted during the burst


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


async def _spawn(
    kind: BotKind,
    fake: LoopbackDiscord,
    workdir: Path,
    *extra: str,
    env: dict[str, str] | None = None,
):
    log = (workdir / f"{kind.name.replace(' ', '-')}.log").open("ab")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            *kind.argv,
            *extra,
            env={**_env(fake, workdir), **(env or {})},
            cwd=workdir,
            stdout=log,
            stderr=log,
        )
    finally:
        log.close()


async def stop(process: asyncio.subprocess.Process, fake: LoopbackDiscord) -> None:
    """End a bot process, and its sessions."""
    await ended(process)
    await fake.close_gateway(1000)


async def ended(process: asyncio.subprocess.Process) -> None:
    """End a bot process as systemd would: SIGTERM, then SIGKILL after 15 s."""
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), 15)
    except TimeoutError:
        process.kill()
        await process.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# The mix members send, in shares of 100: what a fan server's channel does in a busy hour.
MIX = (
    ("recommend a trope", 15),
    ("recommend for me", 10),
    ("couple", 20),
    ("rate", 25),
    ("scores", 10),
    ("autocomplete", 20),
)
TROPES = ["enemies to lovers", "e2l", "friends to lovers", "opposites", "roommates", "rivals"]
# /couple in the forms members type: one name, both, a typo, a pair in one option.
COUPLE_FORMS = [
    {"name": "Rei"},
    {"name": "Shion"},
    {"name": "rei shion"},
    {"name": "Mao", "partner": "Hisashi"},
    {"name": "jin & giichi"},
    {"name": "Shoin"},
    {"name": "Giichi"},
]
COUPLES = ["Rei & Shion", "Jin & Giichi", "Mao & Hisashi"]
# Discord's locales of the members in a mixed burst: the six the bot speaks.
LOCALES = ("en-US", "ja", "pt-BR", "es-ES", "fr", "de")


@dataclass(frozen=True)
class Call:
    """One interaction of the burst, built into a payload only when it is sent."""

    kind: str
    command: str
    options: dict[str, Any]
    member: FakeMember
    locale: str
    focused: str | None = None  # the option typed into, for autocomplete

    def send(self, fake: LoopbackDiscord) -> Awaitable[Reply]:
        if self.focused is not None:
            return fake.autocomplete(
                self.command, self.options, focused=self.focused, member=self.member,
                locale=self.locale,
            )  # fmt: skip
        return fake.invoke(self.command, self.options, member=self.member, locale=self.locale)


def our_burst(members: list[FakeMember], seed: int, locales: Sequence[str]) -> list[Call]:
    """One interaction per member, in the shares of MIX, in a shuffled order."""
    rng = random.Random(seed)
    kinds = [kind for kind, share in MIX for _ in range(share)]
    calls = []
    for n, member in enumerate(members):
        locale = locales[n % len(locales)]
        calls.append(_call(kinds[n % len(kinds)], member, rng, locale))
    rng.shuffle(calls)
    return calls


def _call(kind: str, member: FakeMember, rng: random.Random, locale: str) -> Call:
    if kind == "recommend a trope":
        return Call(kind, "recommend", {"trope": rng.choice(TROPES)}, member, locale)
    if kind == "recommend for me":
        return Call(kind, "recommend", {}, member, locale)
    if kind == "couple":
        return Call(kind, "couple", dict(rng.choice(COUPLE_FORMS)), member, locale)
    if kind == "rate":
        options = {"score": rng.randint(1, 10), "target": rng.choice(COUPLES)}
        return Call(kind, "rate", options, member, locale)
    if kind == "scores":
        return Call(kind, "scores", {}, member, locale)
    typed = rng.choice(["Rei", "Shion", "Mao", "Jin", "ene", "fri", "opp"])[: rng.randint(1, 3)]
    if rng.random() < 0.5:
        return Call(kind, "couple", {"name": typed}, member, locale, focused="name")
    return Call(kind, "recommend", {"trope": typed}, member, locale, focused="trope")


def minimal_burst(members: list[FakeMember], seed: int, locales: Sequence[str]) -> list[Call]:
    return [Call("ping", "ping", {}, member, locales[0]) for member in members]


def _answered_at(reply: Reply) -> float | None:
    """When the member could read the answer: the message (after a deferral, the follow-up
    that replaced it), or the choices for typing."""
    if reply.payload["type"] == AUTOCOMPLETE:
        return _first_callback_at(reply)
    return reply.answered_at


def _first_callback_at(reply: Reply) -> float | None:
    times = [r.at for r in reply.requests if (r.route_template or "").endswith("/callback")]
    return min(times, default=None)


async def until_answered(replies: Sequence[Reply]) -> None:
    """Until each reply that ends in a message has it (autocomplete is answered with its
    choices), or ANSWER_TIMEOUT passed."""
    waits = [r.response(ANSWER_TIMEOUT) for r in replies if r.payload["type"] != AUTOCOMPLETE]
    await asyncio.gather(*waits, return_exceptions=True)


def _deferred(reply: Reply) -> bool:
    """Whether the first callback was a deferral ("thinking…") rather than the answer."""
    bodies = [r.body for r in reply.requests if (r.route_template or "").endswith("/callback")]
    return bool(bodies) and isinstance(bodies[0], dict) and bodies[0].get("type") in (5, 6)


class Alongside:
    """Work beside a round's burst (a backup, a scraper): ``start`` returns once it is under way,
    ``stop`` ends it and returns how many times it ran during the burst."""

    label = ""  # what stop() counts

    async def start(self, workdir: Path) -> None:
        """Begin (or wait for) the work; ``workdir`` is the bot's folder."""

    async def stop(self) -> int:
        return 0


@dataclass(frozen=True)
class Variant:
    """How our bot runs in a round: its extra settings, the locales its members use and any
    work run beside its burst."""

    name: str
    env: dict[str, str] = field(default_factory=dict)
    locales: tuple[str, ...] = ("en-US",)
    alongside: Alongside | None = None


PLAIN = Variant("English, SQLite, metrics off")


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_round(
    kind: BotKind, workdir: Path, interactions: int, seed: int, variant: Variant = PLAIN
) -> RoundFigures:
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    env = variant.env if kind is OURS else {}
    async with LoopbackDiscord(validator=None, backlog=4096) as fake:
        sync = await _spawn(kind, fake, workdir, "sync", env=env)
        if await asyncio.wait_for(sync.wait(), READY_TIMEOUT) != 0:
            raise RuntimeError(f"{kind.name} failed to sync; see {workdir}")
        guild = fake.default_guild
        members = [fake.add_member(guild, name=f"member{n}") for n in range(interactions)]
        start = time.perf_counter()
        process = await _spawn(kind, fake, workdir, env=env)
        try:
            await fake.wait_for_ready(timeout=READY_TIMEOUT)
            figures = RoundFigures(time.perf_counter() - start, 0.0)
            await asyncio.sleep(IDLE_SETTLE_S)
            figures.rss_mb = rss_mb(process.pid)
            burst = _burst(kind, fake, members, seed, variant, process.pid, figures)
            return await _beside(variant.alongside, workdir, burst)
        finally:
            await stop(process, fake)


async def _beside(
    alongside: Alongside | None, workdir: Path, burst: Awaitable[RoundFigures]
) -> RoundFigures:
    """The burst, with the variant's work under way from before it begins until it ends."""
    if alongside is None:
        return await burst
    await alongside.start(workdir)
    try:
        figures = await burst
    finally:
        done = await alongside.stop()
    figures.alongside = done
    return figures


async def _burst(
    kind: BotKind,
    fake: LoopbackDiscord,
    members: list[FakeMember],
    seed: int,
    variant: Variant,
    pid: int,
    figures: RoundFigures,
) -> RoundFigures:
    burst = our_burst if kind is OURS else minimal_burst
    calls = burst(members, seed, variant.locales)
    before = {id(r) for r in fake.replies}
    cpu_before = _cpu_seconds(pid)
    # Each payload is built as its call is sent: send() makes it then.
    results = await asyncio.gather(*(call.send(fake) for call in calls), return_exceptions=True)
    sent = [r for r in fake.replies if id(r) not in before]
    await until_answered(sent)
    figures.cpu_s = _cpu_seconds(pid) - cpu_before
    failures = [r for r in results if isinstance(r, BaseException)]
    answered = [(r, t) for r in sent if (t := _answered_at(r)) is not None]
    figures.latencies = [t - r.injected_at for r, t in answered]
    figures.first_callbacks = [
        t - r.injected_at for r in sent if (t := _first_callback_at(r)) is not None
    ]
    figures.deferred = sum(1 for r in sent if _deferred(r))
    figures.unanswered = len(sent) - len(answered) + len(failures)
    if answered:
        first = min(r.injected_at for r, _ in answered)
        last = max(t for _, t in answered)
        figures.answers_per_s = len(answered) / (last - first)
    return figures


async def compare_bots(
    workdir: Path, rounds: int, interactions: int, variants: Sequence[Variant] = ()
) -> list[Table]:
    """Our bot against the minimal one, alternating rounds; then each variant of ours against
    the plain one (English, SQLite, metrics off), alternating the same way."""
    compile_bytecode()
    results: dict[str, list[RoundFigures]] = {OURS.name: [], MINIMAL.name: []}
    for number in range(rounds):
        order = (MINIMAL, OURS) if number % 2 == 0 else (OURS, MINIMAL)
        for kind in order:
            # Each bot keeps its folder (and database) from round to round, as a bot restarted
            # on its host does: only the first round pays for creating the database.
            folder = workdir / kind.name.replace(" ", "-")
            results[kind.name].append(await one_round(kind, folder, interactions, seed=number))
    tables = [_latency_table(results, rounds, interactions), _footprint_table(results, rounds)]
    if variants:
        tables.append(await _variants_table(workdir, rounds, interactions, variants))
    return tables


async def _variants_table(
    workdir: Path, rounds: int, interactions: int, variants: Sequence[Variant]
) -> Table:
    runs: dict[str, list[RoundFigures]] = {v.name: [] for v in (PLAIN, *variants)}
    for number in range(rounds):
        for variant in (PLAIN, *variants) if number % 2 == 0 else (*variants, PLAIN):
            folder = workdir / ("variant-" + "".join(c for c in variant.name if c.isalnum()))
            runs[variant.name].append(await one_round(OURS, folder, interactions, number, variant))
    table = Table(
        "Our bot as it grows: each variant against English, SQLite, metrics off",
        [
            "variant", "p50 ms", "p99 ms", "p99 of its rounds ms", "answers/s",
            "CPU ms / interaction", "deferred", "idle RSS MB", "p99 ratio",
        ],
    )  # fmt: skip
    round_p99s = {
        name: [percentile(r.latencies, 0.99) for r in found] for name, found in runs.items()
    }
    p99s = {name: median(found) for name, found in round_p99s.items()}
    plain_p99 = p99s[PLAIN.name]
    for name, found in runs.items():
        p99 = p99s[name]
        table.add(
            name,
            ms(median(percentile(r.latencies, 0.5) for r in found)),
            ms(p99),
            f"{ms(min(round_p99s[name]))}–{ms(max(round_p99s[name]))}",
            f"{median(r.answers_per_s for r in found):,.0f}",
            f"{median(r.cpu_s / interactions for r in found) * 1000:.2f}",
            sum(r.deferred for r in found),
            f"{median(r.rss_mb for r in found):.1f}",
            ratio(p99, plain_p99),
        )
    low, high = min(round_p99s[PLAIN.name]), max(round_p99s[PLAIN.name])
    inside = [n for n in runs if n != PLAIN.name and low <= p99s[n] <= high]
    table.notes.append(
        f"Medians over {rounds} alternating round(s) of {interactions:,} interactions; "
        "goal: each within noise of the first row. The noise is the first row's own spread "
        f"from round to round (p99 {ms(low)}–{ms(high)} ms): "
        + (", ".join(inside) if inside else "no variant")
        + " inside it."
    )
    return table


def _latency_table(results: dict[str, list[RoundFigures]], rounds: int, count: int) -> Table:
    table = Table(
        f"Burst of {count:,} concurrent interactions through the loopback Discord",
        [
            "bot",
            "p50 ms",
            "p99 ms",
            "max ms",
            "answers/s",
            "p99 first callback ms",
            "deferred",
            "CPU ms / interaction",
            "unanswered",
        ],
    )
    summary: dict[str, tuple[float, ...]] = {}
    for name, runs in results.items():
        summary[name] = (
            median(percentile(r.latencies, 0.5) for r in runs),
            median(percentile(r.latencies, 0.99) for r in runs),
            median(max(r.latencies, default=float("nan")) for r in runs),
            median(r.answers_per_s for r in runs),
            median(percentile(r.first_callbacks, 0.99) for r in runs),
            median(r.cpu_s / count for r in runs),
        )
        p50, p99, worst, rate, first, cpu = summary[name]
        deferred = sum(r.deferred for r in runs)
        unanswered = sum(r.unanswered for r in runs)
        table.add(
            name, ms(p50), ms(p99), ms(worst), f"{rate:,.0f}", ms(first), deferred,
            f"{cpu * 1000:.2f}", unanswered,
        )  # fmt: skip
    ours, floor = summary[OURS.name], summary[MINIMAL.name]
    table.add(
        "ratio (ours / minimal)",
        *(ratio(a, b) for a, b in zip(ours[:5], floor[:5], strict=True)),
        "",
        ratio(ours[5], floor[5]),
        "",
    )
    table.notes.append(
        f"Medians over {rounds} alternating round(s); {cores()} cores. Each answer is timed from "
        "injection to the message a member reads (after a deferral, the follow-up), and the "
        "first callback apart; deferred counts answers that began with a deferral. Ours: "
        + ", ".join(f"{kind} {share} %" for kind, share in MIX)
        + "; minimal: /ping. Goal: p99 and answers/s within 1.15× of the minimal bot's, none "
        "deferred."
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
        "READY. Goal: within 1.05× on both."
    )
    return table
