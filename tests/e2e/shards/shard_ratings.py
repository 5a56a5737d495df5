"""Ratings sent by members of servers on several shards, and what a test checks of them: the
answers, what the store holds (read through ``open_store`` on the bot's database), and the counts
/scores shows through each process."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from dataclasses import dataclass

from e2e_driver import Json, ProductBot, description, is_ephemeral, ranking, title

from bot.devtools.loopback import FakeGuild, LoopbackDiscord, Reply, Shard
from bot.store import open_store

COUPLES = {
    "Rei & Shion": "couple:rei-shion",
    "Jin & Giichi": "couple:jin-giichi",
    "Mao & Hisashi": "couple:mao-hisashi",
}
# Hundreds of interactions queue in each process; every answer still comes (deferred first
# when the work takes over 2 s), so a burst is waited for whole, with room for a slow machine.
BURST_TIMEOUT = 90
LAG_SAMPLES = 40
# Another process's rating shows as soon as the reader hears of it (well within a second); a
# reader that waited for what it kept to run out would take minutes.
LAG_PATIENCE_S = 15.0
SAVED = "Score saved"
LOADING = 1 << 7  # a deferral's "thinking…" message


@dataclass(frozen=True)
class Sent:
    """One /rate a member sent: its reply, and what it asked to store."""

    reply: Reply
    guild_id: int
    user_id: int
    target: str  # the stored key, couple:...
    score: int

    @property
    def confirmed(self) -> bool:
        """Whether the member was told "Score saved": a promise that it is stored."""
        return self.reply.answered and title(final_answer(self.reply)) == SAVED


def final_answer(reply: Reply) -> Json:
    """The answer the member reads: the first message that is not "thinking…"."""
    return next(m for m in reply.all_messages if not m.get("flags", 0) & LOADING)


def on_shard(fake: LoopbackDiscord, shard_id: int, name: str, count: int = 2) -> FakeGuild:
    return fake.add_guild(f"{name} (shard {shard_id} of {count})", shard=Shard(shard_id, count))


async def send_ratings(
    fake: LoopbackDiscord, guilds: list[FakeGuild], count: int, rng: random.Random, tag: str
) -> list[Sent]:
    """``count`` ratings, from as many new members, spread over ``guilds`` in turn."""
    sent = []
    for n, guild in zip(range(count), itertools.cycle(guilds), strict=False):
        member = fake.add_member(guild, name=f"{tag}{n}")
        couple, score = rng.choice(list(COUPLES)), rng.randint(1, 10)
        options = {"score": score, "target": couple}
        reply = await fake.invoke("rate", options, member=member, guild=guild)
        sent.append(Sent(reply, int(guild.id), int(member.id), COUPLES[couple], score))
    return sent


async def all_answered(sent: list[Sent]) -> list[Json]:
    """Every rating's final answer, once each has one."""
    await asyncio.gather(*(s.reply.response(timeout=BURST_TIMEOUT) for s in sent))
    return [final_answer(s.reply) for s in sent]


async def stored_rows(url: str, guilds: list[FakeGuild]) -> Counter[tuple[int, int, str, int]]:
    """How many times each (guild, user, target, score) is stored, read by a store of its own."""
    rows: Counter[tuple[int, int, str, int]] = Counter()
    async with await open_store(url) as store:
        for guild in guilds:
            export = await store.guild_export(int(guild.id))
            for user, ratings in export.ratings.items():
                rows.update((int(guild.id), user, r.target, r.score) for r in ratings)
    return rows


def is_try_again(answer: Json) -> bool:
    """The bot's private "couldn't save, try again": no traceback, nothing technical."""
    text = description(answer)
    return (
        title(answer) == "Sorry!"
        and "couldn't save that just now" in text
        and "try again" in text
        and is_ephemeral(answer)
        and "Traceback" not in text
    )


async def scores_via(fake: LoopbackDiscord, guild: FakeGuild, shard: int) -> dict[str, int]:
    """/scores in ``guild`` answered by the process running ``shard``: votes per couple."""
    asker = next(iter(guild.members.values()), None) or fake.add_member(guild, name="asker")
    reply = await fake.invoke("scores", member=asker, guild=guild, via_shard=shard)
    answer = await reply.response(timeout=BURST_TIMEOUT)
    return {couple: votes for couple, _average, votes in ranking(answer)}


def votes_expected(sent: list[Sent], guild: FakeGuild) -> dict[str, int]:
    names = {key: name for name, key in COUPLES.items()}
    found = Counter(names[s.target] for s in sent if s.guild_id == int(guild.id))
    return dict(found)


def confirmed_rows(sent: list[Sent]) -> set[tuple[int, int, str, int]]:
    return {(s.guild_id, s.user_id, s.target, s.score) for s in sent if s.confirmed}


def kill(fake: LoopbackDiscord, bot: ProductBot) -> asyncio.Future[None]:
    """SIGKILL, as a host losing power does: no clean-up; the fake forgets its sockets."""
    process, bot.process = bot.process, None
    assert process is not None, "the bot isn't running"
    process.kill()

    async def gone() -> None:
        await process.wait()
        await fake.close_gateway(1000, shards=bot.shard_ids)

    return asyncio.ensure_future(gone())


async def cross_process_lags(
    fake: LoopbackDiscord, guild: FakeGuild, rng: random.Random
) -> list[float]:
    """For each sample: a rating confirmed by the process of ``guild``'s shard, then /scores via
    the other process, again at once after each answer, until it counts the new vote. Seconds
    from the confirmation to the answer that showed it."""
    owner = fake.shard_owning(guild)
    assert owner is not None
    other = 1 - owner
    lags = []
    for n in range(LAG_SAMPLES):
        before = await scores_via(fake, guild, other)  # kept by the reader, as a busy server's is
        couple = rng.choice(list(COUPLES))
        member = fake.add_member(guild, name=f"lag{n}")
        rated = await fake.invoke(
            "rate", {"score": 7, "target": couple}, member=member, guild=guild
        )
        assert title(await rated.response(timeout=BURST_TIMEOUT)) == SAVED
        assert rated.answered_at is not None
        wanted = before.get(couple, 0) + 1
        deadline = rated.answered_at + LAG_PATIENCE_S
        while True:
            reply = await fake.invoke("scores", member=member, guild=guild, via_shard=other)
            answer = await reply.response(timeout=BURST_TIMEOUT)
            shown = {c: v for c, _a, v in ranking(answer)}
            assert reply.answered_at is not None
            if shown.get(couple, 0) == wanted:
                lags.append(reply.answered_at - rated.answered_at)
                break
            assert reply.answered_at < deadline, f"{couple} never showed {wanted} votes: {shown}"
    return lags
