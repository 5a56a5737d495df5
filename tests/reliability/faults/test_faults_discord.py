"""Discord's own bad minutes, through the loopback Discord: 429s, 5xx answers on interaction
callbacks and follow-ups, and a gateway that closes, asks for a reconnect or drops the session.

Every interaction must still be answered exactly once: one accepted callback, one message the
member sees, never a second copy because a retry went through twice.
"""

from __future__ import annotations

from typing import Any

import pytest
from faults_driver import (
    FaultsBot,
    answered_once,
    answers_to,
    record_figure,
    scores_in,
    title,
    write_lock_held_elsewhere,
)

from bot.devtools.loopback import CALLBACK_ROUTE, FOLLOWUP_ROUTE, FakeGuild, LoopbackDiscord, Reply

pytestmark = pytest.mark.asyncio(loop_scope="module")

# (name, status, global): the faults Discord answers with on a bad minute.
FAULTS = [
    ("429 on the route", 429, False),
    ("429 global", 429, True),
    ("500", 500, False),
    ("502", 502, False),
    ("503", 503, False),
]
EACH = 4  # interactions per kind of fault
COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("couple", {"name": "Rei"}),
    ("scores", {}),
    ("recommend", {"trope": "enemies to lovers"}),
    ("tropes", {}),
    ("help", {}),
]
DEFERRED = 5


async def use_commands(fake: LoopbackDiscord, guild: FakeGuild, count: int) -> list[Reply]:
    """``count`` members each using one of the bot's commands, all at once."""
    replies = []
    for n in range(count):
        who = fake.add_member(guild, name=f"user{n}")
        name, options = COMMANDS[n % len(COMMANDS)]
        replies.append(await fake.invoke(name, options, member=who, guild=guild))
    return replies


def statuses(reply: Reply, route_end: str) -> list[int]:
    return [r.status for r in reply.requests if r.route_template.endswith(route_end)]  # type: ignore[union-attr]


async def test_429s_and_5xx_on_interaction_callbacks_are_retried_into_one_answer_each(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    replies: list[Reply] = []
    # 5xx first, in one wave (discord.py retries them after 1 s), then the 429s in another.
    for wave in ([f for f in FAULTS if f[1] != 429], [f for f in FAULTS if f[1] == 429]):
        for _name, status, is_global in wave:
            fake.fail_next(CALLBACK_ROUTE, count=EACH, status=status, global_=is_global)
        burst = await use_commands(fake, guild, EACH * len(wave))
        await answers_to(burst)
        assert fake.pending_faults == 0
        replies += burst

    assert all(answered_once(reply) for reply in replies)
    tried = [statuses(reply, "/callback") for reply in replies]
    faulted = sorted(s for attempts in tried for s in attempts if s != 200)
    assert faulted == sorted(status for _, status, _ in FAULTS for _ in range(EACH))
    assert all(attempts[-1] == 200 and attempts.count(200) == 1 for attempts in tried)
    record_figure(
        "Discord faults on callbacks",
        f"{len(faulted)} faults ({', '.join(n for n, *_ in FAULTS)}; {EACH} each) over "
        f"{len(replies)} interactions: all answered once",
    )


async def test_429s_and_5xx_on_follow_ups_after_a_deferral_give_one_answer_each(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    crowd = [fake.add_member(guild, name=f"rater{n}") for n in range(EACH * len(FAULTS))]
    with write_lock_held_elsewhere(bot.database_path):  # slow: every answer is deferred
        replies = [
            await fake.invoke("rate", {"score": n % 10 + 1}, member=who, guild=guild)
            for n, who in enumerate(crowd)
        ]
        deferrals = [await reply.callback() for reply in replies]
        for _name, status, is_global in FAULTS:
            fake.fail_next(FOLLOWUP_ROUTE, count=EACH, status=status, global_=is_global)

    answers = await answers_to(replies)

    assert [d["type"] for d in deferrals] == [DEFERRED] * len(replies)
    assert fake.pending_faults == 0
    assert [title(answer) for answer in answers] == ["Score saved"] * len(replies)
    assert all(answered_once(reply) for reply in replies)
    tried = [statuses(reply, "{webhook_token}") for reply in replies]
    assert all(attempts[-1] == 200 and attempts.count(200) == 1 for attempts in tried)
    assert sum(len(attempts) - 1 for attempts in tried) == EACH * len(FAULTS)
    expected = {
        (int(who.id), "series:twilight-out-of-focus"): n % 10 + 1 for n, who in enumerate(crowd)
    }
    assert await scores_in(bot.database_path, guild) == expected


RESUMABLE_CLOSES = [4000, 4001, 4002, 4005, 4008]


async def test_a_gateway_closed_with_a_resumable_code_resumes_and_answers_what_was_sent_meanwhile(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    sessions, resumes = fake.sessions, fake.resumes
    answered = []
    for code in RESUMABLE_CLOSES:
        await fake.close_gateway(code)
        (reply,) = await use_commands(fake, guild, 1)  # sent while the bot is away
        answered.append(title(await reply.response()))

    assert answered == ["Rei & Shion"] * len(RESUMABLE_CLOSES)
    assert fake.resumes == resumes + len(RESUMABLE_CLOSES)
    assert fake.sessions == sessions  # never had to start over


async def test_a_reconnect_request_and_a_resumable_invalid_session_resume_and_answer(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    sessions, resumes = fake.sessions, fake.resumes

    await fake.send_reconnect()
    (after_reconnect,) = await use_commands(fake, guild, 1)
    assert title(await after_reconnect.response()) == "Rei & Shion"

    await fake.invalidate_session(resumable=True)
    (after_invalid,) = await use_commands(fake, guild, 1)
    assert title(await after_invalid.response()) == "Rei & Shion"

    assert fake.resumes == resumes + 2
    assert fake.sessions == sessions


async def test_an_invalid_session_makes_the_bot_identify_again_and_answer(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    sessions = fake.sessions

    await fake.invalidate_session(resumable=False)
    # discord.py waits 5 s before identifying again (Discord's identify rate limit).
    await fake.wait_for_ready(timeout=15)
    replies = await use_commands(fake, guild, len(COMMANDS))
    answers = await answers_to(replies)

    assert fake.sessions == sessions + 1
    assert all(answered_once(reply) for reply in replies)
    assert title(answers[0]) == "Rei & Shion"
