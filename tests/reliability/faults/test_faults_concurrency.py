"""Many ratings at once: a crowd, one impatient member, and two bot processes on one file.

Every rating goes through the real bot process as Discord would send it; what was stored is read
straight from the SQLite file and compared with what was sent.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from faults_driver import (
    FaultsBot,
    answered_once,
    answers_to,
    description,
    new_fake,
    scores_in,
    started_bot,
    stop_all,
    title,
)
from support.discord_spec import SpecValidator

from bot.devtools.loopback import FakeGuild, FakeMember, LoopbackDiscord, Reply

pytestmark = pytest.mark.asyncio(loop_scope="module")

TARGETS = {  # what members type -> how the bot stores it
    "Twilight Out of Focus": "series:twilight-out-of-focus",
    "Rei & Shion": "couple:rei-shion",
    "Jin & Giichi": "couple:jin-giichi",
    "Mao & Hisashi": "couple:mao-hisashi",
}
CONFIRMATION = re.compile(
    r"You rated \*\*(?P<title>.+?)\*\* \*\*(?P<score>\d+)/10\*\*"
    r"(?: \(it was (?P<was>\d+)/10\)\.|(?P<same> again; your score stays the same)\.|\.)\n"
    r"Server average now \*\*(?P<mean>[\d.]+)/10\*\* from (?P<count>\d+) votes?\."
)


def confirmation(message: dict[str, object]) -> re.Match[str]:
    assert title(message) == "Score saved", message  # type: ignore[arg-type]
    found = CONFIRMATION.search(description(message))  # type: ignore[arg-type]
    assert found, description(message)  # type: ignore[arg-type]
    return found


def previous_score(found: re.Match[str]) -> int | None:
    """The score a confirmation says the member had before: None for a first rating."""
    if found["same"]:
        return int(found["score"])
    return int(found["was"]) if found["was"] else None


def last_in_a_chain(steps: list[tuple[int | None, int]]) -> int:
    """The last score of the one order in which (previous, new) steps could all have happened.

    Each confirmation is an edge previous -> new of a walk that starts at "no score" (None) and
    uses every edge once: an Euler trail. It exists iff exactly one step starts from None, every
    score is entered as often as left except the walk's end (entered once more), and every step
    is reachable from the start. Anything else means some confirmation told a member something
    that never was.
    """
    starts = [new for previous, new in steps if previous is None]
    assert len(starts) == 1, f"{len(starts)} confirmations claim to be the first rating"
    balance: Counter[int] = Counter()
    for previous, new in steps:
        balance[new] += 1
        if previous is not None:
            balance[previous] -= 1
    ends = [score for score, surplus in balance.items() if surplus == 1]
    assert len(ends) == 1, f"no single last score: {dict(balance)}"
    assert all(surplus in (0, 1) for surplus in balance.values()), dict(balance)
    reachable, frontier = {starts[0]}, [starts[0]]
    while frontier:
        here = frontier.pop()
        for previous, new in steps:
            if previous == here and new not in reachable:
                reachable.add(new)
                frontier.append(new)
    assert {new for _, new in steps} <= reachable, "steps no walk from the first rating reaches"
    return ends[0]


async def rate_all(
    fake: LoopbackDiscord, guild: FakeGuild, sent: list[tuple[FakeMember, str, int]]
) -> list[Reply]:
    """Inject every rating before waiting for any answer: all of them at once."""
    return [
        await fake.invoke("rate", {"score": score, "target": target}, member=who, guild=guild)
        for who, target, score in sent
    ]


async def test_1000_members_rating_at_once_are_stored_once_each_and_averaged_exactly(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    rng = random.Random(1000)
    crowd = [fake.add_member(guild, name=f"fan{i}") for i in range(1000)]
    sent = [(who, rng.choice(list(TARGETS)), rng.randint(1, 10)) for who in crowd]

    replies = await rate_all(fake, guild, sent)
    answers = await answers_to(replies)

    assert all(answered_once(reply) for reply in replies)
    expected = {(int(who.id), TARGETS[target]): score for who, target, score in sent}
    assert await scores_in(bot.database_path, guild) == expected
    # Each confirmation counted the votes there were when it committed: per target, the counts
    # shown are exactly 1..n, so no two ratings saw the same state and none was lost.
    shown_counts: dict[str, list[int]] = {}
    for answer in answers:
        found = confirmation(answer)
        assert found["was"] is None, "a first rating told as a change"
        assert not found["same"], "a first rating told as a repeat"
        shown_counts.setdefault(found["title"], []).append(int(found["count"]))
    for target, counts in shown_counts.items():
        assert sorted(counts) == list(range(1, len(counts) + 1)), target
    # The averages members read now are the exact averages of what was sent.
    for target in TARGETS:
        votes = [score for _, rated, score in sent if rated == target]
        scores = await fake.invoke("scores", {"target": target}, member=crowd[0], guild=guild)
        server = (await scores.response()).get("embeds", [{}])[0]["fields"][0]["value"]
        plural = "vote" if len(votes) == 1 else "votes"
        assert server == f"**{sum(votes) / len(votes):.1f}/10** from {len(votes)} {plural}"


async def test_one_member_sending_200_ratings_at_once_keeps_one_row_and_every_confirmation_true(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    rng = random.Random(200)
    impatient = fake.add_member(guild, name="impatient")
    sent = [(impatient, "Rei & Shion", rng.randint(1, 10)) for _ in range(200)]

    replies = await rate_all(fake, guild, sent)
    answers = await answers_to(replies)

    assert all(answered_once(reply) for reply in replies)
    found = [confirmation(answer) for answer in answers]
    # Alone on this target, the member's vote is the whole average every time.
    assert {(f["count"], f["mean"]) for f in found} == {
        ("1", f"{int(f['score'])}.0") for f in found
    }
    assert sorted(int(f["score"]) for f in found) == sorted(score for *_, score in sent)
    last = last_in_a_chain([(previous_score(f), int(f["score"])) for f in found])
    assert await scores_in(bot.database_path, guild) == {
        (int(impatient.id), "couple:rei-shion"): last
    }


async def test_two_bot_processes_on_one_database_file_lose_no_rating_and_show_no_lock(
    discord_spec: SpecValidator, tmp_path: Path
) -> None:
    """Two shards on one host: each process has its own gateway and the same DATABASE_PATH.

    On Discord a server lives on one shard; here one server's members reach both processes at
    once, so that both write the same rows and the same averages: the hardest case for the file.
    """
    shared = tmp_path / "shared.db"
    fakes = [await new_fake(discord_spec), await new_fake(discord_spec)]
    shards = [
        await started_bot(fake, tmp_path / f"shard{n}", shared_database=shared)
        for n, fake in enumerate(fakes)
    ]
    try:
        guild = fakes[0].add_guild("Sharded")
        fakes[1].guilds[guild.id] = guild  # the same server, seen by both processes
        rng = random.Random(2)
        crowd = [fakes[0].add_member(guild, name=f"fan{i}") for i in range(600)]
        sent = [(who, rng.choice(list(TARGETS)), rng.randint(1, 10)) for who in crowd]
        torn = [fakes[0].add_member(guild, name=f"torn{i}") for i in range(100)]
        # Each torn member rates Mao & Hisashi through both shards at once, differently.
        twice = [[(who, "Mao & Hisashi", s) for s in rng.sample(range(1, 11), 2)] for who in torn]

        bursts = [
            rate_all(fakes[n], guild, sent[n::2] + [pair[n] for pair in twice]) for n in (0, 1)
        ]
        replies = [reply for burst in await asyncio.gather(*bursts) for reply in burst]
        answers = await answers_to(replies)

        assert all(answered_once(reply) for reply in replies)
        assert [title(answer) for answer in answers] == ["Score saved"] * len(answers)
        by_member = {reply.payload["member"]["user"]["id"]: [] for reply in replies}
        for reply, answer in zip(replies, answers, strict=True):
            by_member[reply.payload["member"]["user"]["id"]].append(confirmation(answer))
        expected = {(int(who.id), TARGETS[target]): score for who, target, score in sent}
        for who in torn:
            steps = [(previous_score(f), int(f["score"])) for f in by_member[who.id]]
            expected[(int(who.id), "couple:mao-hisashi")] = last_in_a_chain(steps)
        assert await scores_in(shared, guild) == expected
        # Across both processes, each new vote on a target saw every vote before it.
        counts: dict[str, list[int]] = {}
        for found in (f for confirmations in by_member.values() for f in confirmations):
            if found["was"] is None and not found["same"]:
                counts.setdefault(found["title"], []).append(int(found["count"]))
        for target, seen in counts.items():
            assert sorted(seen) == list(range(1, len(seen) + 1)), target
    finally:
        for fake, shard in zip(fakes, shards, strict=True):
            await stop_all(fake, shard)
