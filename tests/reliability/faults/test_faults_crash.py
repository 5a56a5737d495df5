"""The bot process killed with SIGKILL in the middle of a burst of ratings, then started again.

A confirmation that reached Discord is a promise to a member: the rating it names must be in the
file after the crash. A rating whose confirmation never left the dying process may or may not
have been saved; either is honest, since the member was told nothing.
"""

from __future__ import annotations

import random

import pytest
from e2e_driver import until_answered
from faults_driver import (
    BURST_TIMEOUT,
    FaultsBot,
    answered_once,
    description,
    integrity,
    record_figure,
    scores_in,
    title,
)

from bot.devtools.loopback import FakeGuild, LoopbackDiscord, Reply

pytestmark = pytest.mark.asyncio(loop_scope="module")

CRASHES = 3
BURST = 300
KILL_AFTER = 100  # confirmations that reach Discord before the kill
TARGETS = {"Rei & Shion": "couple:rei-shion", "Jin & Giichi": "couple:jin-giichi"}


async def test_a_sigkill_mid_burst_loses_no_confirmed_rating_and_the_bot_answers_again(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    rng = random.Random(9)
    sent: list[tuple[Reply, int, str, int]] = []  # (reply, member id, target key, score)
    for crash in range(CRASHES):
        crowd = [fake.add_member(guild, name=f"c{crash}m{i}") for i in range(BURST)]
        burst = []
        for who in crowd:
            target, score = rng.choice(list(TARGETS)), rng.randint(1, 10)
            options = {"score": score, "target": target}
            reply = await fake.invoke("rate", options, member=who, guild=guild)
            burst.append(reply)
            sent.append((reply, int(who.id), TARGETS[target], score))
        await until_answered(burst, KILL_AFTER, patience=BURST_TIMEOUT)

        await bot.kill()
        assert integrity(bot.database_path) == "ok"
        await bot.start()

    stored = await scores_in(bot.database_path, guild)
    confirmed = [(member, key, score) for reply, member, key, score in sent if reply.answered]
    assert len(confirmed) >= CRASHES * KILL_AFTER
    assert all(reply.answered is False or answered_once(reply) for reply, *_ in sent)
    assert [(m, k, s) for m, k, s in confirmed if stored.get((m, k)) != s] == []
    unconfirmed = [(m, k) for reply, m, k, _ in sent if not reply.answered]
    saved_untold = sum((m, k) in stored for m, k in unconfirmed)
    record_figure(
        "sigkill mid-burst",
        f"{CRASHES} kills, {len(sent)} ratings sent, {len(confirmed)} confirmed and all stored, "
        f"{saved_untold} stored without a confirmation, {len(unconfirmed) - saved_untold} "
        "neither; integrity ok",
    )

    after = fake.add_member(guild, name="after the crash")
    answer = await (await fake.invoke("rate", {"score": 7}, member=after, guild=guild)).response()
    assert title(answer) == "Score saved"
    series_votes = sum(1 for _, key in stored if key == "series:twilight-out-of-focus")
    assert f"from {series_votes + 1} vote" in description(answer)
    assert await scores_in(bot.database_path, guild) == {
        **stored,
        (int(after.id), "series:twilight-out-of-focus"): 7,
    }
