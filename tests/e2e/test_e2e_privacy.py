"""A member's data through the real bot: /myratings shows and exports exactly their own rows,
/forget-me deletes every row of theirs in this server after a confirm, and a server that removes
the bot leaves no row behind. The SQLite file is checked table by table, whatever tables a later
migration adds."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from e2e_driver import (
    Member,
    ProductBot,
    custom_id_labelled,
    description,
    embed,
    field_names,
    field_value,
    is_ephemeral,
    title,
    uploads,
)

from bot.devtools.loopback import MANAGE_GUILD, FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

EXPORT_FIELDS = ["target", "title", "score", "review", "spoiler", "rated_at", "updated_at"]


@pytest.fixture
def other_guild(fake: LoopbackDiscord, guild: FakeGuild) -> FakeGuild:
    return fake.add_guild(f"{guild.name} (other)")


async def leave_traces(member: Member) -> None:
    """A score with a review, a score alone, and a "last shown" note."""
    await member.use(
        "rate", {"score": 9, "target": "Rei & Shion", "review": "=1+1 @here", "spoiler": True}
    )
    await member.use("rate", {"score": 4, "target": "Twilight Out of Focus"})
    await member.use("couple", {"name": "Jin"})


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {table: count for table, count in counts.items() if count}


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


# -- /myratings --------------------------------------------------------------------------------


async def test_myratings_exports_exactly_the_members_own_rows_as_json(
    member: Member, another_member: Member, other_guild: FakeGuild
) -> None:
    await leave_traces(member)
    await another_member.use("rate", {"score": 2, "target": "Rei & Shion", "review": "Not mine."})
    await member.elsewhere(other_guild).use("rate", {"score": 1, "target": "Jin & Giichi"})

    reply = await member.reply_to("myratings")
    answer = await reply.response()

    assert is_ephemeral(answer)
    assert numbers(description(answer)) == [2]  # the ratings here, not the one elsewhere
    assert sorted(field_names(answer)) == ["Rei & Shion", "Twilight Out of Focus"]
    files = uploads(reply)
    assert list(files) == ["my-ratings.json"]
    exported = json.loads(files["my-ratings.json"])
    rows = sorted(exported["ratings"], key=lambda row: row["target"])
    assert [(r["target"], r["title"], r["score"], r["review"], r["spoiler"]) for r in rows] == [
        ("couple:rei-shion", "Rei & Shion", 9, "=1+1 @here", True),
        ("series:twilight-out-of-focus", "Twilight Out of Focus", 4, None, False),
    ]
    assert all(set(row) == set(EXPORT_FIELDS) for row in rows)
    assert "Not mine." not in files["my-ratings.json"].decode()


async def test_myratings_exports_the_same_rows_as_csv_safe_for_spreadsheets(
    member: Member, another_member: Member
) -> None:
    await leave_traces(member)
    await another_member.use("rate", {"score": 2, "target": "Jin & Giichi"})

    reply = await member.reply_to("myratings", {"format": "csv"})

    files = uploads(reply)
    assert list(files) == ["my-ratings.csv"]
    table = list(csv.DictReader(io.StringIO(files["my-ratings.csv"].decode())))
    assert list(table[0]) == EXPORT_FIELDS
    rows = sorted((r["target"], r["score"], r["review"], r["spoiler"]) for r in table)
    assert rows == [
        ("couple:rei-shion", "9", "'=1+1 @here", "True"),  # never run as a formula
        ("series:twilight-out-of-focus", "4", "", "False"),
    ]


async def test_myratings_shows_the_reviews_inertly_and_spoiler_tagged(member: Member) -> None:
    await leave_traces(member)

    answer = await member.use("myratings")

    value = field_value(answer, "Rei & Shion")
    assert value.startswith("**9/10**\n> ||")
    assert "@here" not in value  # shown as text, not a ping
    assert "@\u200bhere" in value


@pytest.mark.parametrize(("targets", "said"), [(1, "1 rating in"), (2, "2 ratings in")])
async def test_myratings_counts_them_in_good_english(
    member: Member, targets: int, said: str
) -> None:
    for target in ["Rei & Shion", "Jin & Giichi"][:targets]:
        await member.use("rate", {"score": 6, "target": target})

    answer = await member.use("myratings")

    # Pins the count's wording: one rating, or several.
    assert description(answer).startswith(said)


async def test_myratings_with_nothing_rated_says_so_and_sends_no_file(
    member: Member, another_member: Member
) -> None:
    await another_member.use("rate", {"score": 8, "target": "Rei & Shion"})

    reply = await member.reply_to("myratings", {"format": "csv"})
    answer = await reply.response()

    assert title(answer) == "Your ratings here"
    assert is_ephemeral(answer)
    assert field_names(answer) == []
    assert numbers(description(answer)) == []
    assert uploads(reply) == {}


async def test_myratings_in_a_dm_explains_it_works_in_servers(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-exporter"))

    reply = await in_dm.reply_to("myratings")

    assert embed(await reply.response())["title"] == "Servers only"
    assert uploads(reply) == {}


# -- /forget-me -------------------------------------------------------------------------------


async def test_forget_me_confirmed_leaves_no_row_of_the_member_in_any_table_here(
    member: Member, another_member: Member, other_guild: FakeGuild, product_bot: ProductBot
) -> None:
    guild = member.guild
    assert guild is not None
    await leave_traces(member)
    await leave_traces(another_member)
    await leave_traces(member.elsewhere(other_guild))
    assert set(nonzero(await product_bot.rows_about(guild, member.member))) >= {
        "ratings",
        "reviews",
        "last_shown",
        "members",
    }
    others_before = await product_bot.rows_about(guild, another_member.member)
    elsewhere_before = await product_bot.rows_about(other_guild, member.member)

    question = await member.use("forget-me")
    done = await member.press(question, custom_id_labelled(question, "Delete my data"))

    assert is_ephemeral(question)
    assert "2 scores" in description(question)
    assert done["id"] == question["id"]
    assert done["components"] == []
    assert title(done) == "Deleted"
    # Pins how the answer names what it deleted: a count of each kind, in words members know.
    said = description(done)
    for words in ("2 scores", "1 review", '1 "last shown" note', "1 saved display name"):
        assert words in said
    assert nonzero(await product_bot.rows_about(guild, member.member)) == {}
    assert await product_bot.rows_about(guild, another_member.member) == others_before
    assert await product_bot.rows_about(other_guild, member.member) == elsewhere_before
    # What members see agrees: the review is gone, the others' stays.
    page = await another_member.use("reviews", {"target": "Rei & Shion"})
    assert [name for name in field_names(page) if name.startswith("#")] == ["#1"]


async def test_forget_me_when_nothing_is_held_says_so_without_asking_to_confirm(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("forget-me")

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Nothing to delete"
    assert "0 scores" not in embed(answer)["description"]
    assert answer.get("components", []) == []
    assert nonzero(await product_bot.rows_about(member.guild, member.member)) == {}


async def test_forget_me_asks_whenever_anything_is_held_and_names_only_that(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("couple", {"name": "Rei"})  # only a "last shown" note, no score

    question = await member.use("forget-me")

    assert embed(question)["title"] == "Delete your data here?"
    assert '1 "last shown" note' in embed(question)["description"]
    assert "score" not in embed(question)["description"]
    done = await member.press(question, custom_id_labelled(question, "Delete my data"))
    assert embed(done)["title"] == "Deleted"
    assert nonzero(await product_bot.rows_about(member.guild, member.member)) == {}


async def test_a_second_confirm_pressed_once_everything_is_gone_says_there_was_nothing(
    member: Member,
) -> None:
    await member.use("rate", {"score": 4, "target": "Rei & Shion"})
    first = await member.use("forget-me")
    second = await member.use("forget-me")
    await member.press(first, custom_id_labelled(first, "Delete my data"))

    again = await member.press(second, custom_id_labelled(second, "Delete my data"))

    assert embed(again)["title"] == "Nothing to delete"


async def test_forget_me_cancelled_keeps_everything(
    member: Member, product_bot: ProductBot
) -> None:
    await leave_traces(member)
    before = await product_bot.rows_about(member.guild, member.member)

    question = await member.use("forget-me")
    kept = await member.press(question, custom_id_labelled(question, "Keep it"))

    assert embed(kept)["title"] == "Nothing deleted"
    assert kept["components"] == []
    assert await product_bot.rows_about(member.guild, member.member) == before


async def test_someone_else_pressing_the_forget_me_button_is_refused(
    member: Member, another_member: Member, product_bot: ProductBot
) -> None:
    await leave_traces(member)
    await leave_traces(another_member)
    before = await product_bot.rows_about(member.guild)

    question = await member.use("forget-me")
    refusal = await another_member.press(question, custom_id_labelled(question, "Delete my data"))

    assert is_ephemeral(refusal)
    assert embed(refusal)["title"] == "Not yours"
    assert await product_bot.rows_about(member.guild) == before


async def test_forget_me_in_a_dm_explains_it_works_in_servers(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-forgetter"))

    answer = await in_dm.use("forget-me")

    assert embed(answer)["title"] == "Servers only"
    assert answer.get("components", []) == []


# -- the bot removed from a server ---------------------------------------------------------


async def test_a_server_that_removes_the_bot_leaves_no_row_in_any_table(
    fake: LoopbackDiscord,
    member: Member,
    another_member: Member,
    other_guild: FakeGuild,
    product_bot: ProductBot,
) -> None:
    guild = member.guild
    assert guild is not None
    admin = Member(fake, guild, fake.add_member(guild, name="mod", permissions=MANAGE_GUILD))
    await leave_traces(member)
    await leave_traces(another_member)
    await admin.use("admin reviews", {"enabled": False})
    await admin.use("admin cooldown", {"command": "recommend", "seconds": 30})
    elsewhere = member.elsewhere(other_guild)
    await leave_traces(elsewhere)
    assert set(nonzero(await product_bot.rows_about(guild))) >= {
        "ratings",
        "reviews",
        "last_shown",
        "members",
        "settings",
        "cooldowns",
    }
    elsewhere_before = await product_bot.rows_about(other_guild)

    await fake.remove_guild(guild)
    # The bot handles its gateway events in order and its store one transaction at a time, so an
    # answer that writes, sent after the GUILD_DELETE, comes after the server's rows are gone.
    answer = await elsewhere.use("rate", {"score": 6, "target": "Mao & Hisashi"})

    assert embed(answer)["title"] == "Score saved"
    assert nonzero(await product_bot.rows_about(guild)) == {}
    after = await product_bot.rows_about(other_guild)
    assert after["ratings"] == elsewhere_before["ratings"] + 1
    assert all(after[table] >= count for table, count in elsewhere_before.items())
    assert f"Left server {guild.id}" in product_bot.log()


async def test_a_server_that_the_bot_only_goes_unavailable_in_keeps_its_rows(
    fake: LoopbackDiscord, member: Member, other_guild: FakeGuild, product_bot: ProductBot
) -> None:
    guild = member.guild
    assert guild is not None
    await leave_traces(member)
    before = await product_bot.rows_about(guild)

    await fake.outage(guild)  # not a removal: Discord says "unavailable", and the data stays
    await member.elsewhere(other_guild).use("rate", {"score": 6, "target": "Mao & Hisashi"})

    assert await product_bot.rows_about(guild) == before
    shown = await member.use("myratings")
    assert sorted(field_names(shown)) == ["Rei & Shion", "Twilight Out of Focus"]
