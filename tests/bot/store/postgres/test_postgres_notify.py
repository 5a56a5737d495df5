"""Another process's change shows at once, not after the read cache expires: every commit that
changes a guild NOTIFYs it, and every store listening drops that guild's reads. The listener
reconnects by itself when its connection is lost."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_MEMBER
from support.postgres import PostgresServer
from waiting import wait_until

from bot.store import database_url
from bot.store.postgres import PostgresRatingStore

pytestmark = pytest.mark.postgres_only

# Far longer than any test: whatever a store shows of another's change, it heard.
FOREVER_S = 3600.0


async def _two_stores(url: str) -> tuple[PostgresRatingStore, PostgresRatingStore]:
    mine = await PostgresRatingStore.open(database_url(url))
    other = await PostgresRatingStore.open(database_url(url))
    mine.cache_seconds = FOREVER_S
    return mine, other


def _count_is(store: PostgresRatingStore, count: int) -> Callable[[], Awaitable[bool]]:
    async def holds() -> bool:
        return (await store.summary(GUILD, COUPLE)).count == count

    return holds


async def test_a_rating_through_another_store_shows_in_the_counts_at_once(
    postgres_url: str,
) -> None:
    mine, other = await _two_stores(postgres_url)
    try:
        await mine.rate(GUILD, MEMBER, COUPLE, 4)
        assert (await mine.summary(GUILD, COUPLE)).count == 1  # kept in memory from now on

        await other.rate(GUILD, OTHER_MEMBER, COUPLE, 8)

        await wait_until(_count_is(mine, 2), "the other store's rating", mine.probe)
        assert (await mine.summary(GUILD, COUPLE)).mean == 6
        assert (await mine.summaries(GUILD))[COUPLE].count == 2
    finally:
        await mine.close()
        await other.close()


async def test_a_setting_changed_through_another_store_shows_at_once(postgres_url: str) -> None:
    mine, other = await _two_stores(postgres_url)
    try:
        assert (await mine.guild_settings(GUILD)).reviews_enabled

        await other.set_reviews_enabled(GUILD, enabled=False)

        async def turned_off() -> bool:
            return not (await mine.guild_settings(GUILD)).reviews_enabled

        await wait_until(turned_off, "the other store's setting", mine.probe)
    finally:
        await mine.close()
        await other.close()


async def test_a_store_keeps_what_its_own_writes_put_in_memory(postgres_url: str) -> None:
    async with await PostgresRatingStore.open(database_url(postgres_url)) as store:
        store.cache_seconds = FOREVER_S
        reads: list[bool] = []
        store._reads.on_read = reads.append
        await store.rate(GUILD, MEMBER, COUPLE, 4)
        await store.summary(GUILD, COUPLE)
        await store.rate(GUILD, MEMBER, COUPLE, 6)
        await store.probe()  # a round trip: its own notice, had it heeded it, would be in

        assert (await store.summary(GUILD, COUPLE)).mean == 6
    assert reads[-1] is True  # served from memory: its own notice dropped nothing


@pytest.mark.parametrize("fault", ["killed", "restart"])
async def test_the_listener_reconnects_by_itself(
    postgres_server: PostgresServer, postgres_database: str, postgres_url: str, fault: str
) -> None:
    mine, other = await _two_stores(postgres_url)
    try:
        await mine.rate(GUILD, MEMBER, COUPLE, 4)
        connects = mine.listener.connects
        if fault == "killed":
            assert postgres_server.terminate_connections(postgres_database) > 0
        else:
            postgres_server.stop()
            postgres_server.start()

        async def listening_again() -> bool:
            return mine.listener.connects > connects

        async def round_trip() -> None:
            try:
                await mine.probe()
            except Exception:  # the pool meets the dropped connections too
                return

        await wait_until(listening_again, "the listener to reconnect", round_trip)
        assert (await mine.summary(GUILD, COUPLE)).count == 1
        await other.rate(GUILD, OTHER_MEMBER, COUPLE, 8)
        await wait_until(_count_is(mine, 2), "the rating after reconnecting", mine.probe)
    finally:
        await mine.close()
        await other.close()
