"""Member reviews through the real bot: written with /rate, kept, replaced or removed, refused
when too long or turned off, quoted under /couple and /recommend, paged with /reviews, and never
able to ping anyone or break an answer's layout, whatever a member types."""

from __future__ import annotations

import re

import pytest
from e2e_driver import (
    Json,
    Member,
    ProductBot,
    Saved,
    custom_id_labelled,
    description,
    embed,
    field_names,
    field_value,
    is_disabled,
    is_ephemeral,
    saved,
    text_of,
    title,
)

from bot.devtools.loopback import MANAGE_GUILD, FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

MEMBERS_FIELD = "From members of this server"
# Anything Discord would turn into a ping or a clickable mention.
MENTION = re.compile(r"<(?:@[!&]?|#|/[^>]*:)\d+>|@everyone|@here")
# Markdown characters Discord acts on; a backslash before one shows it as typed.
UNESCAPED_MARKDOWN = re.compile(r"(?<!\\)[*_~`]|(?<!\\)\|(?!\|)")
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*\]\(")
BIDI_AND_INVISIBLE = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
LONG_WORD = 40
PAGE = re.compile(r"^Page (\d+) of (\d+)\b")

MENTIONS = (
    "@everyone @here look <@123456789012345678> and <@!123456789012345678> "
    "<@&223456789012345678> in <#323456789012345678> or </rate:423456789012345678>"
)
MARKDOWN = (
    "**bold** __under__ ~~gone~~ ||hidden|| `code` ```py\nprint(1)\n```\n"
    "> quoted\n# Heading\n## Sub\n- item\n[masked](https://example.com)"
)
INVISIBLE = "zero\u200bwidth\u200c and \u202eRTL override\u202c \u2066isolated\u2069 \ufeffend"
NEWLINES = "line one\nline two\r\n\nline three\ttabbed"
ONE_LONG_WORD = "a" * 280
HOSTILE = {
    "mentions": MENTIONS,
    "markdown": MARKDOWN,
    "invisible": INVISIBLE,
    "newlines": NEWLINES,
    "long-word": ONE_LONG_WORD,
}
HOSTILE_NAME = "__@here__ <@&223456789012345678>\u202e"  # 32 characters shown: Discord's limit


def quoted_bodies(value: str) -> list[str]:
    """The member's words of each quoted review (between the curly quotes, spoiler bars off)."""
    bodies = re.findall(r"^> “(.*)”$", value, flags=re.MULTILINE)
    return [b[2:-2] if b.startswith("||") and b.endswith("||") else b for b in bodies]


def credits(value: str) -> list[str]:
    return re.findall(r"^> — \*\*(.*)\*\*, a member here · (\d+)/10( \(spoiler\))?$", value, re.M)


def assert_rendered_safely(value: str, reviews: int) -> None:
    """Each review is exactly a quote line and a credit line, inert and phone-sized."""
    lines = value.split("\n")
    assert len(lines) == 2 * reviews, value
    assert all(line.startswith("> ") for line in lines), value
    assert len(quoted_bodies(value)) == reviews == len(credits(value)), value
    assert MENTION.search(value) is None, value
    for body in quoted_bodies(value):
        assert UNESCAPED_MARKDOWN.search(body) is None, body
        assert BIDI_AND_INVISIBLE.search(body) is None, body
        assert MASKED_LINK.search(body) is None, body
        assert max(len(word) for word in body.split(" ")) <= LONG_WORD, body


async def stored_reviews(bot: ProductBot, guild: FakeGuild) -> list[tuple[int, str, str, bool]]:
    return await bot.stored_reviews(guild)


@pytest.fixture
def admin(fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot) -> Member:
    return Member(fake, guild, fake.add_member(guild, name="mod", permissions=MANAGE_GUILD))


# -- hostile text ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE)
async def test_a_hostile_review_is_quoted_as_inert_text_under_couple_recommend_and_reviews(
    fake: LoopbackDiscord, member: Member, product_bot: ProductBot, kind: str
) -> None:
    guild = member.guild
    assert guild is not None
    writer = Member(fake, guild, fake.add_member(guild, name="w", display_name=HOSTILE_NAME))
    await writer.use("rate", {"score": 9, "target": "Jin & Giichi", "review": HOSTILE[kind]})

    couple = await member.use("couple", {"name": "Jin"})
    pick = await member.use("recommend", {"trope": "enemies to lovers"})
    page = await member.use("reviews", {"target": "Jin & Giichi"})

    for value in (field_value(couple, MEMBERS_FIELD), field_value(pick, MEMBERS_FIELD)):
        assert_rendered_safely(value, reviews=1)
    assert_rendered_safely(field_value(page, "#1"), reviews=1)
    for answer in (couple, pick, page):
        assert MENTION.search(text_of(answer)) is None
    (stored,) = await stored_reviews(product_bot, guild)
    assert "\n" not in stored[2]
    assert BIDI_AND_INVISIBLE.search(stored[2]) is None


async def test_the_words_survive_escaping_and_the_credit_is_the_display_name_as_text(
    fake: LoopbackDiscord, member: Member
) -> None:
    guild = member.guild
    assert guild is not None
    writer = Member(fake, guild, fake.add_member(guild, name="w", display_name=HOSTILE_NAME))
    await writer.use("rate", {"score": 9, "target": "Jin & Giichi", "review": MARKDOWN})

    value = field_value(await member.use("couple", {"name": "Jin"}), MEMBERS_FIELD)

    (body,) = quoted_bodies(value)
    shown = body.replace("\\", "")
    for words in ("**bold**", "__under__", "~~gone~~", "||hidden||", "# Heading", "[masked]"):
        assert words in shown
    ((name, score, spoiler),) = credits(value)
    assert name.replace("\\", "").replace("\u200b", "") == "__@here__ <@&223456789012345678>"
    assert (score, spoiler) == ("9", "")


async def test_a_review_by_a_member_with_a_blank_looking_name_is_credited_to_a_member(
    fake: LoopbackDiscord, member: Member
) -> None:
    guild = member.guild
    assert guild is not None
    blank = "\u3164\u200b\u2800"  # fillers that show as nothing
    writer = Member(fake, guild, fake.add_member(guild, name="\u3164", display_name=blank))
    await writer.use("rate", {"score": 7, "target": "Rei & Shion", "review": "Sweet."})

    value = field_value(await member.use("couple", {"name": "Rei"}), MEMBERS_FIELD)

    assert credits(value) == [("a member", "7", "")]


async def test_a_spoiler_review_is_hidden_behind_a_spoiler_tag_everywhere(member: Member) -> None:
    text = "Mao and Hisashi end up together."
    await member.use(
        "rate", {"score": 8, "target": "Mao & Hisashi", "review": text, "spoiler": True}
    )

    couple = await member.use("couple", {"name": "Mao"})
    page = await member.use("reviews", {"target": "Mao & Hisashi"})

    for value in (field_value(couple, MEMBERS_FIELD), field_value(page, "#1")):
        assert f"> “||{text}||”" in value
        assert credits(value) == [("Viewer", "8", " (spoiler)")]


async def test_members_reviews_show_beside_the_reviews_quotes_newest_two(
    fake: LoopbackDiscord, member: Member
) -> None:
    guild = member.guild
    assert guild is not None
    for number in range(1, 4):
        writer = Member(
            fake, guild, fake.add_member(guild, name=f"w{number}", display_name=f"W{number}")
        )
        await writer.use(
            "rate", {"score": number, "target": "Rei & Shion", "review": f"Take {number}"}
        )

    answer = await member.use("couple", {"name": "Rei"})

    value = field_value(answer, MEMBERS_FIELD)
    assert quoted_bodies(value) == ["Take 3", "Take 2"]
    assert "— a fan review" in field_value(answer, "From the review")


# -- keep, replace, remove -----------------------------------------------------------------


async def test_rating_again_without_a_review_keeps_it(
    member: Member, product_bot: ProductBot
) -> None:
    # What the confirmation says of the kept review is pinned in test_e2e_review_options.
    await member.use("rate", {"score": 8, "target": "Rei & Shion", "review": "Chalk and cheese."})

    answer = await member.use("rate", {"score": 6, "target": "Rei & Shion"})

    assert saved(answer) == Saved("Rei & Shion", 6, 8, 6.0, 1)
    assert await stored_reviews(product_bot, member.guild) == [
        (int(member.member.id), "couple:rei-shion", "Chalk and cheese.", 0)
    ]
    page = await member.use("reviews", {"target": "Rei & Shion"})
    assert credits(field_value(page, "#1")) == [("Viewer", "6", "")]


async def test_a_new_review_replaces_the_old_one(member: Member, product_bot: ProductBot) -> None:
    await member.use("rate", {"score": 8, "target": "Rei & Shion", "review": "First take."})

    answer = await member.use("rate", {"score": 8, "target": "Rei & Shion", "review": "Second."})

    assert saved(answer) == Saved("Rei & Shion", 8, None, 8.0, 1)
    assert [row[2] for row in await stored_reviews(product_bot, member.guild)] == ["Second."]
    page = await member.use("reviews", {"target": "Rei & Shion"})
    assert page_bodies(page) == ["Second."]


async def test_remove_review_deletes_the_review_and_keeps_the_score(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 8, "target": "Rei & Shion", "review": "Gone soon."})

    answer = await member.use("rate", {"score": 7, "target": "Rei & Shion", "remove_review": True})

    assert saved(answer) == Saved("Rei & Shion", 7, 8, 7.0, 1)
    assert await stored_reviews(product_bot, member.guild) == []
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:rei-shion", 7)
    ]
    couple = await member.use("couple", {"name": "Rei"})
    assert MEMBERS_FIELD not in field_names(couple)


async def test_the_spoiler_flag_can_be_set_later_and_the_review_stays(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 8, "target": "Jin & Giichi", "review": "They kiss."})

    await member.use("rate", {"score": 8, "target": "Jin & Giichi", "spoiler": True})

    assert await stored_reviews(product_bot, member.guild) == [
        (int(member.member.id), "couple:jin-giichi", "They kiss.", 1)
    ]


async def test_a_281_character_review_is_refused_and_nothing_is_stored(
    member: Member, product_bot: ProductBot
) -> None:
    too_long = {"score": 8, "target": "Rei & Shion", "review": "b" * 281}

    answer = await member.use("rate", too_long, forge=True)  # the client's limit is only advisory

    assert is_ephemeral(answer)
    assert "280" in text_of(answer)
    assert await product_bot.stored_ratings(member.guild) == []
    assert await stored_reviews(product_bot, member.guild) == []


async def test_a_review_of_only_invisible_characters_is_refused_and_nothing_is_stored(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use(
        "rate", {"score": 8, "target": "Rei & Shion", "review": "\u200b\u3164\u202e"}
    )

    assert is_ephemeral(answer)
    assert "empty" in text_of(answer)
    assert await product_bot.stored_ratings(member.guild) == []


async def test_with_reviews_off_the_score_is_saved_the_review_not_and_the_member_is_told(
    member: Member, admin: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 9, "target": "Rei & Shion", "review": "Kept from before."})
    await admin.use("admin reviews", {"enabled": False})

    answer = await member.use("rate", {"score": 4, "target": "Jin & Giichi", "review": "Lost."})

    assert saved(answer) == Saved("Jin & Giichi", 4, None, 4.0, 1)
    # Pins the words that tell the member their review was not kept: no field or number does.
    assert "Member reviews are turned off in this server" in description(answer)
    assert await product_bot.stored_ratings(member.guild) == [
        (int(member.member.id), "couple:jin-giichi", 4),
        (int(member.member.id), "couple:rei-shion", 9),
    ]
    assert [row[2] for row in await stored_reviews(product_bot, member.guild)] == [
        "Kept from before."
    ]
    couple = await member.use("couple", {"name": "Rei"})
    assert MEMBERS_FIELD not in field_names(couple)
    page = await member.use("reviews", {"target": "Rei & Shion"})
    assert title(page) == "Reviews are off"
    assert is_ephemeral(page)

    await admin.use("admin reviews", {"enabled": True})
    couple = await member.use("couple", {"name": "Rei"})
    assert quoted_bodies(field_value(couple, MEMBERS_FIELD)) == ["Kept from before."]


# -- /reviews paging -------------------------------------------------------------------------


async def write_reviews(fake: LoopbackDiscord, guild: FakeGuild, scores: list[int]) -> None:
    """One member per score, in this order, each reviewing Jin & Giichi "Review <n>"."""
    for number, score in enumerate(scores, 1):
        writer = fake.add_member(guild, name=f"writer{number}", display_name=f"Writer {number}")
        review = {"score": score, "target": "Jin & Giichi", "review": f"Review {number}"}
        await Member(fake, guild, writer).use("rate", review)


def counted(answer: Json) -> int:
    """How many reviews a /reviews page says the server has (the one number it states)."""
    (count,) = re.findall(r"\d+", description(answer))
    return int(count)


def page_of(answer: Json) -> tuple[int, int]:
    """(this page, of how many), from a /reviews page's footer."""
    found = PAGE.match(embed(answer)["footer"]["text"])
    assert found is not None, embed(answer).get("footer")
    return int(found[1]), int(found[2])


def page_bodies(answer: Json) -> list[str]:
    return [
        quoted_bodies(f["value"])[0]
        for f in embed(answer).get("fields", [])
        if f["name"].startswith("#")
    ]


async def test_reviews_page_newest_first_and_the_owner_turns_the_pages(
    fake: LoopbackDiscord, member: Member
) -> None:
    assert member.guild is not None
    await write_reviews(fake, member.guild, [5, 9, 2, 7, 10, 1, 6])

    first = await member.use("reviews", {"target": "Jin & Giichi"})
    second = await member.press(first, custom_id_labelled(first, "Older ▶"))
    back = await member.press(second, custom_id_labelled(second, "◀ Newer"))

    assert not is_ephemeral(first)
    assert page_bodies(first) == [f"Review {n}" for n in (7, 6, 5, 4, 3)]
    assert is_disabled(first, "◀ Newer")
    assert not is_disabled(first, "Older ▶")
    assert second["id"] == first["id"]  # the same message, turned to the next page
    assert page_bodies(second) == ["Review 2", "Review 1"]
    assert (page_of(first), page_of(second), page_of(back)) == ((1, 2), (2, 2), (1, 2))
    assert is_disabled(second, "Older ▶")
    assert not is_disabled(second, "◀ Newer")
    assert page_bodies(back) == page_bodies(first)
    assert counted(first) == 7


async def test_reviews_page_highest_first(fake: LoopbackDiscord, member: Member) -> None:
    assert member.guild is not None
    await write_reviews(fake, member.guild, [5, 9, 2, 7, 10, 1, 6])

    first = await member.use("reviews", {"target": "Jin & Giichi", "order": "highest"})
    second = await member.press(first, custom_id_labelled(first, "Lower ▶"))

    assert page_bodies(first) == [f"Review {n}" for n in (5, 2, 4, 7, 1)]  # 10, 9, 7, 6, 5
    assert page_bodies(second) == ["Review 3", "Review 6"]  # 2, 1
    assert [credit[1] for f in embed(first)["fields"] for credit in credits(f["value"])] == [
        "10",
        "9",
        "7",
        "6",
        "5",
    ]


async def test_someone_elses_press_gets_a_private_copy_and_leaves_the_message(
    fake: LoopbackDiscord, member: Member, another_member: Member
) -> None:
    assert member.guild is not None
    await write_reviews(fake, member.guild, [3, 4, 5, 6, 7, 8])
    first = await member.use("reviews", {"target": "Jin & Giichi"})

    copy = await another_member.press(first, custom_id_labelled(first, "Older ▶"))

    assert is_ephemeral(copy)
    assert copy["id"] != first["id"]
    assert page_bodies(copy) == ["Review 1"]
    assert page_bodies(fake.messages[first["id"]]) == page_bodies(first)
    # The private copy's buttons are the presser's own to turn.
    back = await another_member.press(copy, custom_id_labelled(copy, "◀ Newer"))
    assert back["id"] == copy["id"]
    assert page_bodies(back) == [f"Review {n}" for n in (6, 5, 4, 3, 2)]


@pytest.mark.parametrize(("writers", "said"), [(1, "1 review in"), (2, "2 reviews in")])
async def test_the_review_count_reads_right_for_one_and_more(
    fake: LoopbackDiscord, member: Member, writers: int, said: str
) -> None:
    assert member.guild is not None
    await write_reviews(fake, member.guild, [7] * writers)

    page = await member.use("reviews", {"target": "Jin & Giichi"})

    # Pins the count's wording: one review, or several.
    assert description(page).startswith(said)


async def test_reviews_written_one_after_another_list_the_last_written_first(
    fake: LoopbackDiscord, member: Member
) -> None:
    assert member.guild is not None
    writers = [fake.add_member(member.guild, name=f"w{n}", display_name=f"W{n}") for n in (1, 2, 3)]

    # The newest member (the largest id) writes first: the order must come from the writing.
    for writer in reversed(writers):
        review = {"score": 7, "target": "Jin & Giichi", "review": f"By {writer.user.name}"}
        await Member(fake, member.guild, writer).use("rate", review)
    newest = await member.use("reviews", {"target": "Jin & Giichi"})
    highest = await member.use("reviews", {"target": "Jin & Giichi", "order": "highest"})

    assert page_bodies(newest) == ["By w1", "By w2", "By w3"]
    assert page_bodies(highest) == ["By w1", "By w2", "By w3"]  # equal scores: newest first


async def test_five_or_fewer_reviews_need_no_buttons_and_none_says_how_to_add_one(
    fake: LoopbackDiscord, member: Member
) -> None:
    empty = await member.use("reviews", {"target": "Rei & Shion"})
    assert member.guild is not None
    await write_reviews(fake, member.guild, [4, 8])
    few = await member.use("reviews", {"target": "Jin & Giichi"})

    assert title(empty) == "Member reviews: Rei & Shion"
    assert page_bodies(empty) == []
    assert "`/rate" in description(empty)  # how to add one
    assert page_bodies(few) == ["Review 2", "Review 1"]
    assert few.get("components", []) == []
    assert empty.get("components", []) == []


async def test_a_forged_page_offset_far_beyond_the_end_shows_the_last_page(
    fake: LoopbackDiscord, member: Member
) -> None:
    assert member.guild is not None
    await write_reviews(fake, member.guild, [3, 4, 5, 6, 7, 8])
    first = await member.use("reviews", {"target": "Jin & Giichi"})

    forged = f"toof:reviews:couple:jin-giichi:newest:999995:{member.member.id}"
    answer = await member.press_forged(first, forged)

    assert page_of(answer) == (2, 2)
    assert page_bodies(answer) == ["Review 1"]


async def test_a_page_emptied_since_the_message_was_sent_shows_the_last_page(
    fake: LoopbackDiscord, member: Member, admin: Member
) -> None:
    assert member.guild is not None
    await write_reviews(fake, member.guild, [3, 4, 5, 6, 7, 8])
    first = await member.use("reviews", {"target": "Jin & Giichi"})
    oldest = next(m for m in member.guild.members.values() if m.user.name == "writer1")
    await admin.use("admin remove-review", {"member": oldest, "target": "Jin & Giichi"})

    answer = await member.press(first, custom_id_labelled(first, "Older ▶"))

    assert page_bodies(answer) == [f"Review {n}" for n in (6, 5, 4, 3, 2)]
    assert counted(answer) == 5
    assert answer.get("components", []) == []  # one page left: nothing to turn


async def test_reviews_of_an_unknown_target_offer_the_known_ones(member: Member) -> None:
    answer = await member.use("reviews", {"target": "Nobody & Noone"})

    assert is_ephemeral(answer)
    assert title(answer) == "Which one?"


async def test_reviews_in_a_dm_explain_that_reviews_belong_to_servers(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-reader"))

    answer = await in_dm.use("reviews", {"target": "Rei & Shion"})

    assert embed(answer)["title"] == "Servers only"
