"""The read cache on its own, with loads the test holds open, so that a write can land exactly
while a read is under way."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.reads import GuildReadCache

GUILD, OTHER_GUILD = 1, 2


class Loads:
    """Stands in for database reads: each returns the current value once the test releases it."""

    def __init__(self) -> None:
        self.value = "v1"
        self.started = 0
        self.began = asyncio.Event()
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self) -> str:
        self.started += 1
        self.began.set()
        value = self.value  # what the database held when the read began
        await self.gate.wait()
        return value


async def test_callers_asking_together_share_one_read() -> None:
    cache, load = GuildReadCache(lifetime=60), Loads()
    load.gate.clear()
    readers = [asyncio.ensure_future(cache.read(GUILD, ("k",), load)) for _ in range(50)]
    await load.began.wait()
    load.gate.set()

    assert await asyncio.gather(*readers) == ["v1"] * 50
    assert load.started == 1
    assert await cache.read(GUILD, ("k",), load) == "v1"
    assert load.started == 1  # kept


async def test_a_write_during_a_read_is_seen_by_whoever_asks_after_it() -> None:
    cache, load = GuildReadCache(lifetime=60), Loads()
    load.gate.clear()
    early = asyncio.ensure_future(cache.read(GUILD, ("k",), load))
    await load.began.wait()  # the read began, with the old value

    load.value = "v2"
    cache.changed(GUILD)  # a write committed
    late = asyncio.ensure_future(cache.read(GUILD, ("k",), load))
    await asyncio.sleep(0)  # let it ask while the first read is still held open
    load.gate.set()

    assert await early == "v1"
    assert await late == "v2"  # it did not join the read under way
    assert await cache.read(GUILD, ("k",), load) == "v2"  # and the old result was not kept
    assert load.started == 2


async def test_a_write_to_one_server_leaves_the_others_reads() -> None:
    cache, load = GuildReadCache(lifetime=60), Loads()
    await cache.read(GUILD, ("k",), load)
    await cache.read(OTHER_GUILD, ("k",), load)

    cache.changed(GUILD)
    await cache.read(OTHER_GUILD, ("k",), load)

    assert load.started == 2
    await cache.read(GUILD, ("k",), load)
    assert load.started == 3


async def test_what_is_kept_runs_out_after_its_lifetime() -> None:
    cache, load = GuildReadCache(lifetime=60), Loads()
    await cache.read(GUILD, ("k",), load)
    load.value = "changed elsewhere"

    assert await cache.read(GUILD, ("k",), load) == "v1"
    cache.set_lifetime(0)
    assert await cache.read(GUILD, ("k",), load) == "changed elsewhere"


async def test_a_failed_read_reaches_every_caller_and_is_not_kept() -> None:
    cache = GuildReadCache(lifetime=60)
    calls = 0

    async def failing() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        raise OSError("disk on fire")

    results = await asyncio.gather(
        cache.read(GUILD, ("k",), failing),
        cache.read(GUILD, ("k",), failing),
        return_exceptions=True,
    )

    assert all(isinstance(result, OSError) for result in results)
    assert calls == 1
    with pytest.raises(OSError, match="on fire"):
        await cache.read(GUILD, ("k",), failing)
    assert calls == 2


async def test_the_oldest_server_goes_when_too_many_are_kept() -> None:
    cache, load = GuildReadCache(lifetime=60, max_guilds=2), Loads()
    for guild in (1, 2, 3):
        await cache.read(guild, ("k",), load)

    await cache.read(3, ("k",), load)
    await cache.read(2, ("k",), load)
    assert load.started == 3
    await cache.read(1, ("k",), load)
    assert load.started == 4
