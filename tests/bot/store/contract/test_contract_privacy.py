"""A member's data is theirs: the export holds exactly their rows, forgetting a member or a server
leaves nothing held of them, and nobody else's data goes with it. What is held is read through
the store (held_about_member, held_about_guild, guild_export); sqlite/ checks the same against
every table of the file."""

from __future__ import annotations

from manual_clock import ManualClock
from store_keys import COUPLE, GUILD, MEMBER, OTHER_COUPLE, OTHER_GUILD, OTHER_MEMBER, SERIES

from bot.store import (
    GUILD_KINDS,
    MEMBER_KINDS,
    CoreStore,
    GuildExport,
    GuildSettings,
    MemberRating,
)

GUILDS = (GUILD, OTHER_GUILD)
MEMBERS = (MEMBER, OTHER_MEMBER)
NOTHING_OF_A_MEMBER = dict.fromkeys(MEMBER_KINDS, 0)
NOTHING_OF_A_GUILD = dict.fromkeys(GUILD_KINDS, 0)


async def fill_both_servers(store: CoreStore) -> None:
    """Two members in two servers, each with ratings, a review, a name, a last-shown target and
    a walk through the picks, and settings in both servers: something of every kind for every
    (server, member)."""
    for guild in GUILDS:
        await store.set_reviews_enabled(guild, enabled=False)
        await store.set_cooldown(guild, "rate", 30)
        for member in MEMBERS:
            name = f"member {member % 1000} of {guild % 1000}"
            await store.rate(guild, member, COUPLE, 9, review="Yes.", display_name=name)
            await store.rate(guild, member, SERIES, 6)
            await store.remember_shown(guild, member, OTHER_COUPLE)
            await store.walk_on(guild, member, "", ("rei-shion", "jin-giichi"), restart=False)


def traces_of(export: GuildExport, member: int) -> list[object]:
    """Everything of member in a server's export."""
    found: list[object] = [export.ratings.get(member), export.last_shown.get(member)]
    found.append(export.names.get(member))
    found += [couples for (who, _), couples in export.walks.items() if who == member]
    return [trace for trace in found if trace]


async def test_forgetting_a_member_leaves_nothing_held_of_them_in_that_server(
    store: CoreStore,
) -> None:
    await fill_both_servers(store)
    before = await store.held_about_member(GUILD, MEMBER)
    assert all(before.values()), before

    deleted = await store.forget_member(GUILD, MEMBER)

    assert deleted == {"ratings": 2, "reviews": 1, "last_shown": 1, "pick_walks": 2, "members": 1}
    assert await store.held_about_member(GUILD, MEMBER) == NOTHING_OF_A_MEMBER
    assert traces_of(await store.guild_export(GUILD), MEMBER) == []
    assert await store.member_export(GUILD, MEMBER) == []
    assert await store.last_shown(GUILD, MEMBER) is None
    assert await store.walked(GUILD, MEMBER, "") == frozenset()


async def test_forgetting_a_member_keeps_other_members_and_their_other_servers(
    store: CoreStore,
) -> None:
    await fill_both_servers(store)
    others = [(g, m) for g in GUILDS for m in MEMBERS if (g, m) != (GUILD, MEMBER)]
    before = {key: await store.held_about_member(*key) for key in others}
    elsewhere = await store.guild_export(OTHER_GUILD)

    await store.forget_member(GUILD, MEMBER)

    after = {key: await store.held_about_member(*key) for key in others}
    assert after == before
    assert await store.guild_export(OTHER_GUILD) == elsewhere
    assert await store.user_ratings(OTHER_GUILD, MEMBER) == {COUPLE: 9, SERIES: 6}
    (review,) = (await store.reviews(GUILD, COUPLE)).items
    assert review.user_id == OTHER_MEMBER
    assert (await store.guild_settings(GUILD)).cooldowns == {"rate": 30}


async def test_forgetting_a_member_the_bot_never_saw_deletes_nothing(store: CoreStore) -> None:
    await fill_both_servers(store)
    before = await store.guild_export(GUILD)

    deleted = await store.forget_member(GUILD, 999)

    assert deleted == NOTHING_OF_A_MEMBER
    assert (await store.summary(GUILD, COUPLE)).count == 2
    assert await store.guild_export(GUILD) == before


async def test_what_is_held_about_a_member_is_what_forgetting_them_deletes(
    store: CoreStore,
) -> None:
    await fill_both_servers(store)
    await store.rate(GUILD, MEMBER, OTHER_COUPLE, 2)

    held = await store.held_about_member(GUILD, MEMBER)
    deleted = await store.forget_member(GUILD, MEMBER)

    assert held == deleted
    assert deleted == {"ratings": 3, "reviews": 1, "last_shown": 1, "pick_walks": 2, "members": 1}
    assert await store.held_about_member(GUILD, MEMBER) == dict.fromkeys(deleted, 0)
    assert (await store.held_about_member(OTHER_GUILD, MEMBER))["ratings"] == 2


async def test_a_member_whose_scores_were_reset_is_still_held_by_their_name(
    store: CoreStore,
) -> None:
    await store.rate(GUILD, MEMBER, COUPLE, 9, display_name="Mao fan")
    await store.reset_target(GUILD, COUPLE)

    held = await store.held_about_member(GUILD, MEMBER)

    assert held == {"ratings": 0, "reviews": 0, "last_shown": 0, "pick_walks": 0, "members": 1}
    assert await store.held_about_member(GUILD, 999) == dict.fromkeys(held, 0)


async def test_forgetting_a_server_leaves_nothing_held_of_it(store: CoreStore) -> None:
    await fill_both_servers(store)
    elsewhere = (await store.held_about_guild(OTHER_GUILD), await store.guild_export(OTHER_GUILD))

    held = await store.held_about_guild(GUILD)
    deleted = await store.forget_guild(GUILD)

    assert (
        deleted
        == held
        == {
            "ratings": 4,
            "reviews": 2,
            "last_shown": 2,
            "pick_walks": 4,
            "members": 2,
            "settings": 1,
            "cooldowns": 1,
        }
    )
    assert await store.held_about_guild(GUILD) == NOTHING_OF_A_GUILD
    assert await store.guild_export(GUILD) == GuildExport({}, {}, {}, {}, GuildSettings())
    assert (await store.held_about_guild(OTHER_GUILD), await store.guild_export(OTHER_GUILD)) == (
        elsewhere
    )
    assert await store.guild_settings(GUILD) == GuildSettings()
    assert await store.summaries(GUILD) == {}


async def test_a_servers_export_is_every_members_export_and_what_is_held(
    store: CoreStore,
) -> None:
    await fill_both_servers(store)
    await store.rate(GUILD, 555, SERIES, 1, review="Not for me.", spoiler=True)
    await store.set_cooldown(GUILD, "recommend", 0)

    export = await store.guild_export(GUILD)
    held = await store.held_about_guild(GUILD)

    assert set(export.ratings) == {*MEMBERS, 555}
    for member, ratings in export.ratings.items():
        assert list(ratings) == await store.member_export(GUILD, member)
        assert export.last_shown.get(member) == await store.last_shown(GUILD, member)
        assert export.walks.get((member, ""), frozenset()) == await store.walked(GUILD, member, "")
    assert export.settings == await store.guild_settings(GUILD)
    assert export.names[MEMBER] == f"member {MEMBER % 1000} of {GUILD % 1000}"
    assert held["ratings"] == sum(len(ratings) for ratings in export.ratings.values())
    assert held["reviews"] == sum(
        r.review is not None for rs in export.ratings.values() for r in rs
    )
    assert held["pick_walks"] == sum(len(couples) for couples in export.walks.values())
    assert (held["last_shown"], held["members"]) == (len(export.last_shown), len(export.names))
    assert (held["settings"], held["cooldowns"]) == (1, 2)


async def test_an_untouched_server_holds_nothing(store: CoreStore) -> None:
    await fill_both_servers(store)

    assert await store.held_about_guild(12345) == NOTHING_OF_A_GUILD
    assert await store.guild_export(12345) == GuildExport({}, {}, {}, {}, GuildSettings())


async def test_the_export_holds_exactly_the_members_own_ratings_here(
    timed_store: CoreStore, clock: ManualClock
) -> None:
    first_rated = clock.now
    await timed_store.rate(GUILD, MEMBER, COUPLE, 4, review="Hmm.", spoiler=True)
    rerated = clock.advance(90)
    await timed_store.rate(GUILD, MEMBER, COUPLE, 9)
    await timed_store.rate(GUILD, MEMBER, SERIES, 6)
    await timed_store.rate(GUILD, OTHER_MEMBER, OTHER_COUPLE, 2, review="Not mine.")
    await timed_store.rate(OTHER_GUILD, MEMBER, OTHER_COUPLE, 1, review="Other server.")

    exported = await timed_store.member_export(GUILD, MEMBER)

    assert exported == [
        MemberRating(COUPLE, 9, "Hmm.", spoiler=True, created_at=first_rated, updated_at=rerated),
        MemberRating(SERIES, 6, None, spoiler=False, created_at=rerated, updated_at=rerated),
    ]


async def test_the_export_matches_what_the_member_rated(store: CoreStore) -> None:
    await fill_both_servers(store)

    exported = await store.member_export(GUILD, MEMBER)

    assert {rating.target: rating.score for rating in exported} == await store.user_ratings(
        GUILD, MEMBER
    )
    assert [rating.target for rating in exported] == sorted([COUPLE, SERIES])
    assert [rating.review for rating in exported] == ["Yes.", None]


async def test_a_member_with_nothing_stored_exports_an_empty_list(store: CoreStore) -> None:
    await fill_both_servers(store)

    assert await store.member_export(GUILD, 999) == []
    assert await store.member_export(12345, MEMBER) == []
