"""Where each member is in their walk through the picks: kept per server, member and trope,
surviving a reopen, and started again on request."""

from __future__ import annotations

import pytest
from store_keys import GUILD, MEMBER, OTHER_GUILD, OTHER_MEMBER

from bot.store import CoreStore, InvalidTarget, open_store


async def test_a_walk_remembers_what_was_shown_across_a_reopen(database_url: str) -> None:
    async with await open_store(database_url) as store:
        await store.walk_on(GUILD, MEMBER, "", ("rei-shion", "jin-giichi"), restart=False)
        await store.walk_on(GUILD, MEMBER, "", ("jin-giichi", "mao-hisashi"), restart=False)

    async with await open_store(database_url) as store:
        seen = await store.walked(GUILD, MEMBER, "")

    assert seen == {"rei-shion", "jin-giichi", "mao-hisashi"}


async def test_walks_are_per_member_server_and_trope(store: CoreStore) -> None:
    await store.walk_on(GUILD, MEMBER, "roommates", ("jin-giichi",), restart=False)

    assert await store.walked(GUILD, MEMBER, "roommates") == {"jin-giichi"}
    assert await store.walked(GUILD, MEMBER, "") == frozenset()
    assert await store.walked(GUILD, OTHER_MEMBER, "roommates") == frozenset()
    assert await store.walked(OTHER_GUILD, MEMBER, "roommates") == frozenset()


async def test_starting_again_forgets_what_the_walk_had_shown(store: CoreStore) -> None:
    await store.walk_on(GUILD, MEMBER, "", ("rei-shion", "jin-giichi"), restart=False)
    await store.walk_on(GUILD, MEMBER, "", ("mao-hisashi",), restart=True)

    assert await store.walked(GUILD, MEMBER, "") == {"mao-hisashi"}


@pytest.mark.parametrize(
    ("walk", "couples"),
    [("Rei Shion", ("rei-shion",)), ("", ("",)), ("", ("x" * 65,)), ("", (7,))],
)
async def test_malformed_walks_are_refused_and_nothing_is_stored(
    store: CoreStore, walk: str, couples: tuple[str, ...]
) -> None:
    with pytest.raises(InvalidTarget) as refused:
        await store.walk_on(GUILD, MEMBER, walk, couples, restart=False)

    assert refused.value.kind == ("walk" if walk else "couple")

    assert await store.walked(GUILD, MEMBER, "") == frozenset()
