"""The store's backends under the bot: SQLite against PostgreSQL, and PostgreSQL shared by several
bot processes (shards of one bot), all through the loopback Discord.

- The burst: the mixed burst of ``bench.bots`` against our bot on SQLite, then on PostgreSQL,
  alternating which goes first each round.
- Committed ratings per second: 1, 2 and 4 processes (shard i of n each) on one PostgreSQL
  database, a burst of /rate from distinct members of servers on every shard; a rating counts
  once its "Score saved" reached the fake. Also each process's idle RSS.
- The cross-process lag: a rating confirmed by one process, then /scores in that server sent to
  the other process (``via_shard``) again at once after each answer until it counts the vote.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.bots import (
    ANSWER_TIMEOUT,
    IDLE_SETTLE_S,
    OURS,
    PLAIN,
    READY_TIMEOUT,
    RoundFigures,
    Variant,
    _spawn,
    ended,
    one_round,
    rss_mb,
)
from bench.postgres import BenchPostgres, PostgresStartError, start_postgres
from bench.stats import Table, cores, median, ms, percentile, ratio
from bot.devtools.loopback import FakeGuild, FakeMember, LoopbackDiscord, Reply, Shard

COUPLES = ["Rei & Shion", "Jin & Giichi", "Mao & Hisashi"]
PROCESS_COUNTS = (1, 2, 4)
GUILDS_PER_SHARD = 2
LAG_PATIENCE_S = 10  # per sample; the read cache alone would show it within 5 s


@dataclass
class ShardedFigures:
    ratings_per_s: float
    confirmed: int
    sent: int
    rss_mb: list[float]
    lags: list[float] = field(default_factory=list)


async def backend_tables(
    workdir: Path, rounds: int, interactions: int, ratings: int, lag_samples: int
) -> list[Table]:
    """The backend tables; one table saying why when no PostgreSQL server can start here."""
    root = Path(tempfile.mkdtemp(prefix="toof-bench-pg-"))
    try:
        server = await asyncio.to_thread(start_postgres, root)
    except PostgresStartError as exc:
        shutil.rmtree(root, ignore_errors=True)
        table = Table("Backends", ["backend", "result"])
        table.add("PostgreSQL", f"not measured: {exc}")
        return [table]
    try:
        burst = await _burst_table(workdir / "burst", server, rounds, interactions)
        sharded = await _sharded_tables(workdir / "sharded", server, rounds, ratings, lag_samples)
        return [burst, *sharded]
    finally:
        await asyncio.to_thread(server.stop)
        shutil.rmtree(root, ignore_errors=True)


async def _burst_table(
    workdir: Path, server: BenchPostgres, rounds: int, interactions: int
) -> Table:
    postgres = Variant("PostgreSQL", {"DATABASE_URL": await server.new_database()})
    sqlite = Variant("SQLite", PLAIN.env)
    runs: dict[str, list[RoundFigures]] = {sqlite.name: [], postgres.name: []}
    for number in range(rounds):
        for variant in (sqlite, postgres) if number % 2 == 0 else (postgres, sqlite):
            folder = workdir / variant.name
            runs[variant.name].append(await one_round(OURS, folder, interactions, number, variant))
    table = Table(
        f"Burst of {interactions:,} concurrent interactions by backend",
        ["backend", "p50 ms", "p99 ms", "answers/s", "unanswered", "idle RSS MB"],
    )
    summary = {}
    for name, found in runs.items():
        summary[name] = (
            median(percentile(r.latencies, 0.5) for r in found),
            median(percentile(r.latencies, 0.99) for r in found),
            median(r.answers_per_s for r in found),
            median(r.rss_mb for r in found),
        )
        p50, p99, rate, rss = summary[name]
        unanswered = sum(r.unanswered for r in found)
        table.add(name, ms(p50), ms(p99), f"{rate:,.0f}", unanswered, f"{rss:.1f}")
    ours, base = summary[postgres.name], summary[sqlite.name]
    ratios = [ratio(a, b) for a, b in zip(ours, base, strict=True)]
    table.add("ratio (PostgreSQL / SQLite)", *ratios[:3], "", ratios[3])
    table.notes.append(
        f"Medians over {rounds} alternating round(s); {cores()} cores; one bot process, the "
        "mixed burst of the first table; PostgreSQL on this machine over 127.0.0.1 with its "
        "durable defaults (fsync on), SQLite in WAL mode."
    )
    return table


async def _sharded_tables(
    workdir: Path, server: BenchPostgres, rounds: int, ratings: int, lag_samples: int
) -> list[Table]:
    runs: dict[int, list[ShardedFigures]] = {n: [] for n in PROCESS_COUNTS}
    for number in range(rounds):
        order = PROCESS_COUNTS if number % 2 == 0 else tuple(reversed(PROCESS_COUNTS))
        for count in order:
            url = await server.new_database()
            folder = workdir / f"round{number}-{count}"
            samples = lag_samples if count == 2 else 0
            runs[count].append(await _sharded_round(folder, url, count, ratings, samples, number))
    return [_throughput_table(runs, rounds, ratings), _lag_table(runs[2], rounds)]


async def _sharded_round(
    workdir: Path, url: str, count: int, ratings: int, lag_samples: int, seed: int
) -> ShardedFigures:
    rng = random.Random(seed)
    async with LoopbackDiscord(validator=None, backlog=4096, max_concurrency=count) as fake:
        guilds = [
            fake.add_guild(f"s{shard}g{n}", shard=Shard(shard, count))
            for shard in range(count)
            for n in range(GUILDS_PER_SHARD)
        ]
        env = {"DATABASE_URL": url, "SHARD_COUNT": str(count)}
        await _run(fake, workdir, "sync", env=env)
        processes = [
            await _launch(fake, workdir / f"shard{shard}", {**env, "SHARD_IDS": str(shard)})
            for shard in range(count)
        ]
        try:
            await fake.wait_for_ready(timeout=READY_TIMEOUT, shards=range(count))
            await asyncio.sleep(IDLE_SETTLE_S)  # start-up garbage settles before the RSS read
            idle = [rss_mb(p.pid) for p in processes]
            figures = await _rating_burst(fake, guilds, ratings, rng)
            figures.rss_mb = idle
            if lag_samples:
                figures.lags = await _lags(fake, guilds[-1], lag_samples, rng)
            return figures
        finally:
            await _stop(processes)
            await fake.close_gateway(1000)


async def _rating_burst(
    fake: LoopbackDiscord, guilds: list[FakeGuild], ratings: int, rng: random.Random
) -> ShardedFigures:
    members = [(guilds[n % len(guilds)], n) for n in range(ratings)]
    sent: list[Reply] = []
    for guild, n in members:
        who = fake.add_member(guild, name=f"rater{n}")
        options = {"score": rng.randint(1, 10), "target": rng.choice(COUPLES)}
        sent.append(await fake.invoke("rate", options, member=who, guild=guild))
    answers = await asyncio.gather(
        *(reply.response(ANSWER_TIMEOUT) for reply in sent), return_exceptions=True
    )
    confirmed = [
        reply
        for reply, answer in zip(sent, answers, strict=True)
        if isinstance(answer, dict) and _title(answer) == "Score saved"
    ]
    first = min(reply.injected_at for reply in sent)
    last = max((reply.answered_at or first for reply in confirmed), default=first)
    rate = len(confirmed) / (last - first) if last > first else float("nan")
    return ShardedFigures(rate, len(confirmed), len(sent), [])


async def _lags(
    fake: LoopbackDiscord, guild: FakeGuild, samples: int, rng: random.Random
) -> list[float]:
    owner = fake.shard_owning(guild)
    other = 0 if owner else 1
    lags = []
    deadline = asyncio.get_running_loop().time() + LAG_PATIENCE_S * samples
    for n in range(samples):
        who = fake.add_member(guild, name=f"lag{n}")
        couple = rng.choice(COUPLES)
        before = await _votes_via(fake, guild, who, other)
        rated = await fake.invoke("rate", {"score": 7, "target": couple}, member=who, guild=guild)
        await rated.response(ANSWER_TIMEOUT)
        while True:
            reply = await fake.invoke("scores", member=who, guild=guild, via_shard=other)
            shown = _votes(await reply.response(ANSWER_TIMEOUT))
            if shown.get(couple, 0) > before.get(couple, 0):
                lags.append((reply.answered_at or 0.0) - (rated.answered_at or 0.0))
                break
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"/scores through shard {other} never counted the rating")
    return lags


async def _votes_via(
    fake: LoopbackDiscord, guild: FakeGuild, who: FakeMember, shard: int
) -> dict[str, int]:
    reply = await fake.invoke("scores", member=who, guild=guild, via_shard=shard)
    return _votes(await reply.response(ANSWER_TIMEOUT))


def _votes(answer: dict) -> dict[str, int]:
    """Votes per couple in a /scores answer's ranking: "**1. Rei & Shion**: 7.0/10 from 3 votes"."""
    found = {}
    for embed in answer.get("embeds") or []:
        for item in embed.get("fields") or []:
            for line in str(item.get("value", "")).split("\n"):
                for couple in COUPLES:
                    if f"{couple}**" in line and " from " in line:
                        found[couple] = int(line.rsplit(" from ", 1)[1].split()[0])
    return found


def _title(answer: dict) -> str:
    return str(((answer.get("embeds") or [{}])[0]).get("title", ""))


async def _run(fake: LoopbackDiscord, workdir: Path, *args: str, env: dict[str, str]) -> None:
    process = await _launch(fake, workdir, env, *args)
    if await asyncio.wait_for(process.wait(), READY_TIMEOUT) != 0:
        raise RuntimeError(f"`bot {' '.join(args)}` failed; see {workdir}")


async def _launch(
    fake: LoopbackDiscord, workdir: Path, env: dict[str, str], *args: str
) -> asyncio.subprocess.Process:
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    return await _spawn(OURS, fake, workdir, *args, env=env)


async def _stop(processes: Sequence[asyncio.subprocess.Process]) -> None:
    await asyncio.gather(*(ended(process) for process in processes))


def _throughput_table(runs: dict[int, list[ShardedFigures]], rounds: int, ratings: int) -> Table:
    table = Table(
        "Committed ratings per second, bot processes on one PostgreSQL",
        ["processes", "ratings/s", "vs 1 process", "confirmed", "idle RSS MB per process"],
    )
    one = median(r.ratings_per_s for r in runs[PROCESS_COUNTS[0]])
    for count, found in runs.items():
        rate = median(r.ratings_per_s for r in found)
        confirmed = f"{sum(r.confirmed for r in found):,} of {sum(r.sent for r in found):,}"
        rss = median(mb for r in found for mb in r.rss_mb)
        table.add(count, f"{rate:,.0f}", ratio(rate, one), confirmed, f"{rss:.1f}")
    table.notes.append(
        f"Medians over {rounds} alternating round(s) of {ratings:,} /rate from distinct members "
        f"of {GUILDS_PER_SHARD} servers per shard, each process shard i of n; {cores()} cores "
        "shared by the bots, PostgreSQL and the loopback Discord. A rating counts once its "
        "'Score saved' reached the fake."
    )
    return table


def _lag_table(runs: list[ShardedFigures], rounds: int) -> Table:
    lags = [lag for r in runs for lag in r.lags]
    table = Table("Cross-process lag on PostgreSQL", ["samples", "p50 ms", "p99 ms", "max ms"])
    table.add(len(lags), ms(percentile(lags, 0.5)), ms(percentile(lags, 0.99)),
              ms(max(lags, default=float("nan"))))  # fmt: skip
    table.notes.append(
        f"Two processes, {rounds} round(s): a rating confirmed by one process, to the first "
        "/scores through the other that counts it (asked again as soon as each answer comes). "
        "Without the NOTIFY the reader would show what it kept until it ran out (10 minutes)."
    )
    return table
