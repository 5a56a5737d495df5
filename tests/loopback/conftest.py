"""A loopback Discord per test, and bench/minimal_bot.py started against it as a user would."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.discord_spec import SpecValidator

from bot.devtools.loopback import LoopbackDiscord

MINIMAL_BOT = Path(__file__).resolve().parents[2] / "bench" / "minimal_bot.py"
STOP_TIMEOUT = 10


@pytest.fixture
async def fake(discord_spec: SpecValidator) -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord(validator=discord_spec) as loopback:
        yield loopback


def bot_env(fake: LoopbackDiscord) -> dict[str, str]:
    return {**os.environ, "DISCORD_TOKEN": "loopback-token", "DISCORD_API_BASE": fake.api_base}


async def run_minimal_bot(
    fake: LoopbackDiscord, log_path: Path, *args: str
) -> asyncio.subprocess.Process:
    with log_path.open("ab") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, str(MINIMAL_BOT), *args, env=bot_env(fake), stdout=log, stderr=log
        )


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()


@pytest.fixture
async def minimal_bot(
    fake: LoopbackDiscord, tmp_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """The minimal bot, commands synced, logged in and READY; stopped before the fake."""
    log_path = tmp_path / "minimal_bot.log"
    sync = await run_minimal_bot(fake, log_path, "sync")
    assert await asyncio.wait_for(sync.wait(), STOP_TIMEOUT) == 0, log_path.read_text()
    process = await run_minimal_bot(fake, log_path)
    try:
        await fake.wait_for_ready(timeout=15)
        yield process
    finally:
        await stop(process)
