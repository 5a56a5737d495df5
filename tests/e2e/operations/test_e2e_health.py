"""Health, metrics and logs of a running bot, as an admin's monitoring sees them: healthy while
connected, unhealthy while the gateway is down or the database is locked and healthy again
after; JSON log lines that parse and never hold the token or what members typed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from e2e_driver import Member, ProductBot, saved
from operations_driver import counter, health, running, scraped_once

from bot.devtools.loopback import LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

TOKEN = "loopback-token"  # what ProductBot logs in with; must never be logged


async def test_healthy_while_connected_and_unhealthy_while_the_gateway_is_down(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    async with running(fake, tmp_path, launched) as (_, base):
        assert await health(base) == (
            200,
            {"status": "ok", "problems": [], "shards": {"0": {"connected": True, "servers": 1}}},
        )

        await fake.gateway_outage()
        status, body = await health(base)
        fake.gateway_back()
        await fake.wait_for_ready(timeout=60)

        assert status == 503
        assert body["problems"] == ["shard 0: gateway disconnected"]
        assert (await health(base))[0] == 200
        reconnects = await scraped_once(base, lambda samples: bool(reconnected(samples)))
        assert reconnected(reconnects) == 1


def reconnected(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> float:
    return counter(samples, "twilight_gateway_reconnects_total", shard="0")


async def test_unhealthy_while_the_database_is_locked_and_healthy_after(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    async with running(fake, tmp_path, launched) as (bot, base):
        holder = sqlite3.connect(bot.database_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another program holding the write lock
        try:
            status, body = await health(base)
        finally:
            holder.execute("ROLLBACK")
            holder.close()

        assert status == 503
        (problem,) = body["problems"]  # type: ignore[misc]
        assert str(problem).startswith("store: ")
        assert (await health(base))[0] == 200


async def test_json_logs_parse_and_hold_no_token_or_typed_text(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    typed = f"My review quotes the token {TOKEN} and says Rei is the best"
    async with running(fake, tmp_path, launched, LOG_FORMAT="json") as (bot, base):
        guild = fake.default_guild
        fan = Member(fake, guild, fake.add_member(guild, name="fan"))
        answer = await fan.use("rate", {"score": 9, "target": "Rei & Shion", "review": typed})
        await fan.use("couple", {"name": typed})
        fake.callback_deadline = 0.0  # Discord has expired the next one: the bot logs it
        try:
            late = {"score": 4, "target": "Rei & Shion", "review": typed}
            await fake.invoke("rate", late, member=fan.member, guild=guild)
            # It logs the late answer, then counts it: once counted, the line is in the log.
            await scraped_once(base, late_rates_counted)
        finally:
            fake.callback_deadline = 3.0

    assert saved(answer).score == 9
    # Besides the log, the file holds what `sync` printed for the admin.
    printed = [line for line in bot.log().splitlines() if not line.startswith("{")]
    assert [line.split()[0] for line in printed] == ["Synced"]
    lines = [json.loads(line) for line in bot.log().splitlines() if line.startswith("{")]
    assert len(lines) > 10
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    # The line logged inside the interaction says which one, never who or what was typed.
    (inside,) = [line for line in lines if "command" in line]
    assert (inside["command"], inside["shard"], inside["guild_id"]) == ("rate", 0, int(guild.id))
    logged = bot.log()
    assert TOKEN not in logged
    assert "Rei is the best" not in logged


def late_rates_counted(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> bool:
    return counter(samples, "twilight_interactions_total", command="rate", outcome="late") == 1
