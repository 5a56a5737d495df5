"""When PostgreSQL can't take a write (the server restarting, a connection killed, every
connection busy, a statement past its time limit) the member is told to try again, nothing
unsaved is confirmed or kept, and the store works again by itself once the fault clears."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from postgres_helpers import hold_guild_lock, open_with, until_waiting_for_lock
from store_keys import COUPLE, GUILD, MEMBER, OTHER_MEMBER
from support.postgres import PostgresServer

from bot.discord.tree import known_failure_message
from bot.i18n import translator_for
from bot.store import StoreUnavailable, Unavailability
from bot.store.postgres import PostgresRatingStore

pytestmark = pytest.mark.postgres_only

TRY_AGAIN = "I couldn't save that just now, so nothing changed. Please try again shortly."


def _member_reads(error: StoreUnavailable) -> str | None:
    return known_failure_message(translator_for("en-US"), error)


async def test_a_server_restart_is_try_again_while_down_and_heals_by_itself(
    postgres_server: PostgresServer, store: PostgresRatingStore
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 6)

    postgres_server.stop()
    try:
        with pytest.raises(StoreUnavailable) as while_down:
            await store.rate(GUILD, OTHER_MEMBER, COUPLE, 9)
        with pytest.raises(StoreUnavailable):
            await store.user_ratings(GUILD, MEMBER)
        with pytest.raises(StoreUnavailable):
            await store.probe()
    finally:
        postgres_server.start()

    assert while_down.value.reason in {Unavailability.UNREACHABLE, Unavailability.RESTARTING}
    assert _member_reads(while_down.value) == TRY_AGAIN
    await store.probe()  # the same store, never reopened
    assert await store.user_ratings(GUILD, OTHER_MEMBER) == {}
    change = await store.rate(GUILD, OTHER_MEMBER, COUPLE, 9)
    assert (change.previous, change.summary.count, change.summary.total) == (None, 2, 15)


async def test_a_connection_killed_mid_write_is_try_again_and_keeps_nothing(
    postgres_server: PostgresServer,
    postgres_database: str,
    store: PostgresRatingStore,
    raw: asyncpg.Connection,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 4)
    held = await hold_guild_lock(raw, GUILD)
    write = asyncio.ensure_future(store.rate(GUILD, OTHER_MEMBER, COUPLE, 10, review="Yes."))
    (pid,) = await until_waiting_for_lock(postgres_server, postgres_database, raw)

    postgres_server.admin("SELECT pg_terminate_backend($1)", pid)
    with pytest.raises(StoreUnavailable) as killed:
        await write
    await held.rollback()

    assert _member_reads(killed.value) == TRY_AGAIN
    assert await store.user_ratings(GUILD, OTHER_MEMBER) == {}
    assert (await store.summary(GUILD, COUPLE)).count == 1
    change = await store.rate(GUILD, OTHER_MEMBER, COUPLE, 10, review="Yes.")
    assert (change.summary.count, change.review) == (2, "Yes.")


async def test_every_connection_busy_is_try_again_and_the_busy_write_still_lands(
    postgres_server: PostgresServer,
    postgres_database: str,
    postgres_url: str,
    raw: asyncpg.Connection,
) -> None:
    async with await open_with(postgres_url, min_size=1, max_size=1, acquire_timeout=0.2) as store:
        held = await hold_guild_lock(raw, GUILD)
        write = asyncio.ensure_future(store.rate(GUILD, MEMBER, COUPLE, 7))
        await until_waiting_for_lock(postgres_server, postgres_database, raw)

        with pytest.raises(StoreUnavailable) as busy:
            await store.user_ratings(GUILD, OTHER_MEMBER)
        await held.rollback()
        change = await write

        assert busy.value.reason is Unavailability.BUSY
        assert _member_reads(busy.value) == TRY_AGAIN
        assert (change.score, change.summary.count) == (7, 1)
        assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 7}


async def test_a_statement_past_its_time_limit_is_try_again_and_changes_nothing(
    postgres_url: str, raw: asyncpg.Connection
) -> None:
    async with await open_with(postgres_url, statement_timeout_ms=200) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 3)
        held = await hold_guild_lock(raw, GUILD)
        try:
            with pytest.raises(StoreUnavailable) as timed_out:
                await store.rate(GUILD, MEMBER, COUPLE, 8, review="Changed my mind.")
            with pytest.raises(StoreUnavailable):
                await store.forget_member(GUILD, MEMBER)
        finally:
            await held.rollback()

        assert timed_out.value.reason is Unavailability.TIMED_OUT
        assert _member_reads(timed_out.value) == TRY_AGAIN
        (kept,) = await store.member_export(GUILD, MEMBER)
        assert (kept.score, kept.review) == (3, None)
        assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 3}
        assert (await store.reviews(GUILD, COUPLE)).total == 0
        assert (await store.rate(GUILD, MEMBER, COUPLE, 8)).previous == 3


async def test_a_read_only_database_is_try_again_for_writes_and_the_health_check(
    postgres_server: PostgresServer, postgres_database: str, postgres_url: str
) -> None:
    async with await open_with(postgres_url) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 5)
    postgres_server.admin(
        f"ALTER DATABASE {postgres_database} SET default_transaction_read_only = on"
    )

    async with await open_with(postgres_url) as store:
        with pytest.raises(StoreUnavailable) as refused:
            await store.rate(GUILD, MEMBER, COUPLE, 2)
        with pytest.raises(StoreUnavailable) as probed:
            await store.probe()
        assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 5}

    assert refused.value.reason is probed.value.reason is Unavailability.READ_ONLY
