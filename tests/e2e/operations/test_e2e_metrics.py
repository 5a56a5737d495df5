"""/metrics of a running bot after interactions whose outcomes the test knows: every counter is
exactly what was sent (answered, refused, late; ratings stored; deferrals), answer times are
measured up to the answer itself (after a deferral too), and no label names anyone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from e2e_driver import ANSWER_TIMEOUT, Member, ProductBot, custom_id_starting, saved, title
from operations_driver import Samples, counter, of, running, scraped_once, write_lock_held

from bot.devtools.loopback import LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

REI_SHION = "Rei & Shion"
TYPED = "Nobody at all from nowhere"
DEFERRED = 5  # the callback type of "the bot is thinking…"
INTERACTIONS = "twilight_interactions_total"
# The deferral waits for another program's write lock: the answer then takes over 2 s.
DEFERRED_ANSWER_TIMEOUT = 15

EXPECTED = {
    (("command", "couple"), ("outcome", "answered")): 1,
    (("command", "rate"), ("outcome", "answered")): 2,  # one of them deferred
    (("command", "component:rate"), ("outcome", "answered")): 1,
    (("command", "rate"), ("outcome", "refused")): 2,  # a target nobody has, a score of 11
    (("command", "admin settings"), ("outcome", "refused")): 1,  # not an admin
    (("command", "help"), ("outcome", "answered")): 1,
    (("command", "scores"), ("outcome", "late")): 1,
}


def all_counted(samples: Samples) -> bool:
    return sum(of(samples, INTERACTIONS).values()) >= sum(EXPECTED.values())


async def test_counters_match_the_interactions_sent_and_no_label_names_anyone(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    async with running(fake, tmp_path, launched, LOG_FORMAT="json") as (bot, base):
        guild = fake.default_guild
        fan = Member(fake, guild, fake.add_member(guild, name="fan-with-a-name"))
        by_fan = {"member": fan.member, "guild": guild}

        shown = await fan.use("couple", {"name": REI_SHION})
        assert saved(await fan.use("rate", {"score": 9, "target": REI_SHION})).score == 9
        pressed = await fan.press(shown, custom_id_starting(shown, "toof:rate:"), ["7"])
        assert saved(pressed).score == 7
        assert title(await fan.use("rate", {"score": 5, "target": TYPED})) != "Score saved"
        forged = await fan.use("rate", {"score": 11, "target": REI_SHION}, forge=True)
        assert title(forged) != "Score saved"
        assert title(await fan.use("admin settings")) == "Sorry!"
        await fan.use("help")

        with write_lock_held(bot.database_path):
            slow = await fake.invoke("rate", {"score": 6, "target": REI_SHION}, **by_fan)
            assert (await slow.callback(timeout=ANSWER_TIMEOUT))["type"] == DEFERRED
        assert saved(await slow.response(timeout=DEFERRED_ANSWER_TIMEOUT)).score == 6

        fake.callback_deadline = 0.0  # Discord has expired the next one before the bot answers
        try:
            await fake.invoke("scores", {}, **by_fan)
            samples = await scraped_once(base, all_counted)
        finally:
            fake.callback_deadline = 3.0

    assert of(samples, INTERACTIONS) == EXPECTED
    assert counter(samples, "twilight_ratings_stored_total") == 3
    assert of(samples, "twilight_deferrals_total") == {(("command", "rate"),): 1}
    # Every answer that reached the member was timed, up to the answer itself: the deferred
    # one took over 2 s (the lock), the others well under.
    answered_rate = counter(samples, "twilight_answer_seconds_count", command="rate")
    assert answered_rate == 4
    assert counter(samples, "twilight_answer_seconds_bucket", command="rate", le="1.0") == 3
    assert counter(samples, "twilight_answer_seconds_bucket", command="rate", le="5.0") == 4
    assert counter(samples, "twilight_answer_seconds_count", command="scores") == 0
    # The store was timed by operation, and its reads of the server came from memory or not.
    # Four ratings reached the store: three stored, and the score of 11, which it refused.
    assert counter(samples, "twilight_store_operation_seconds_count", operation="rate") == 4
    cache = of(samples, "twilight_read_cache_requests_total")
    assert {labels[0][1] for labels in cache} <= {"hit", "miss"}
    assert cache.get((("result", "miss"),), 0) >= 1

    assert_no_label_names_anyone(samples, [guild.id, fan.member.id, "fan-with-a-name", TYPED])

    late_lines = [
        line
        for line in map(json.loads, filter(lambda x: x.startswith("{"), bot.log().splitlines()))
        if "too late" in line["message"]
    ]
    assert [(line["command"], line["shard"], line["guild_id"]) for line in late_lines] == [
        ("scores", 0, int(guild.id))
    ]


def assert_no_label_names_anyone(samples: Samples, personal: list[str]) -> None:
    """No label value holds an id (a run of digits as long as a snowflake's), a name or text
    typed; the digits Prometheus's own labels carry (a shard, a bucket's bound) are short."""
    values = {value for _, labels in samples for _, value in labels}
    with_ids = {value for value in values if re.search(r"\d{6,}", value)}
    with_personal = {value for value in values if any(p in value for p in personal)}
    assert with_ids == set(), with_ids
    assert with_personal == set(), with_personal
