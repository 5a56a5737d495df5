"""/rate's review options together, through the real bot: a review with `remove_review` is a
contradiction, a `spoiler` flag belongs to the review it comes with, and a flag with no review to
go on is refused. Whatever is refused is answered privately and changes nothing, the score
included; whatever is saved is confirmed with whether the review is hidden.

What the confirmation says of the review (saved, kept, hidden or not) is words only, so these
tests pin that wording (HIDDEN and the notes below); the rest is checked in the stored rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from e2e_driver import (
    Member,
    ProductBot,
    Saved,
    bold,
    colour,
    description,
    field_value,
    is_ephemeral,
    saved,
    title,
    votes,
)

from bot.devtools.loopback import MANAGE_GUILD, FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

TARGET = "Jin & Giichi"
KEY = "couple:jin-giichi"
REFUSAL_COLOUR = 0xF4A261
HIDDEN = "hidden behind a spoiler tag"


async def stored(bot: ProductBot, member: Member) -> tuple[list[Any], list[Any]]:
    """The member's (target, score) ratings and (target, text, spoiler) reviews here."""
    assert member.guild is not None
    async with bot.store() as store:
        rated = await store.member_export(int(member.guild.id), int(member.member.id))
    scores = [(r.target, r.score) for r in rated]
    reviews = [(r.target, r.review, r.spoiler) for r in rated if r.review is not None]
    return scores, reviews


def assert_refused(answer: dict[str, Any], heading: str) -> None:
    assert is_ephemeral(answer)
    assert title(answer) == heading
    assert colour(answer) == REFUSAL_COLOUR


@pytest.fixture
def admin(fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot) -> Member:
    return Member(fake, guild, fake.add_member(guild, name="mod", permissions=MANAGE_GUILD))


# -- a review and its removal at once --------------------------------------------------------

CONTRADICTIONS = [
    {"review": "New words.", "remove_review": True},
    {"review": "New words.", "spoiler": True, "remove_review": True},
    {"spoiler": True, "remove_review": True},
    {"spoiler": False, "remove_review": True},
]


@pytest.mark.parametrize("options", CONTRADICTIONS, ids=lambda o: "+".join(o))
@pytest.mark.parametrize("named", [True, False], ids=["named-target", "last-shown"])
async def test_removing_a_review_while_giving_words_or_a_flag_is_refused_and_changes_nothing(
    member: Member, product_bot: ProductBot, options: dict[str, Any], named: bool
) -> None:
    await member.use("rate", {"score": 8, "target": TARGET, "review": "Old words."})
    await member.use("couple", {"name": "Jin"})  # what /rate without a target rates
    before = await stored(product_bot, member)

    target = {"target": TARGET} if named else {}
    answer = await member.use("rate", {"score": 3, **target, **options})

    assert_refused(answer, "Keep or remove?")
    assert await stored(product_bot, member) == before == ([(KEY, 8)], [(KEY, "Old words.", 0)])


async def test_a_refused_contradiction_does_not_cost_the_members_next_rating(
    member: Member, admin: Member, product_bot: ProductBot
) -> None:
    await admin.use("admin cooldown", {"command": "rate", "seconds": 600})

    refused = await member.use(
        "rate", {"score": 3, "target": TARGET, "review": "Hm.", "remove_review": True}
    )
    after = await member.use("rate", {"score": 6, "target": TARGET})

    assert_refused(refused, "Keep or remove?")
    assert saved(after) == Saved(TARGET, 6, None, 6.0, 1)
    assert (await stored(product_bot, member))[0] == [(KEY, 6)]


# -- the spoiler flag goes with its review ---------------------------------------------------


async def test_new_words_without_the_flag_replace_a_spoiler_review_unhidden_and_say_so(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use(
        "rate", {"score": 8, "target": TARGET, "review": "Giichi confesses.", "spoiler": True}
    )

    answer = await member.use("rate", {"score": 8, "target": TARGET, "review": "Great rivals."})

    assert "Your review is saved" in description(answer)
    assert "It isn't hidden as a spoiler." in description(answer)
    assert (await stored(product_bot, member))[1] == [(KEY, "Great rivals.", 0)]
    page = await member.use("reviews", {"target": TARGET})
    assert "> “Great rivals.”" in field_value(page, "#1")


async def test_new_words_with_the_flag_are_saved_hidden_and_the_confirmation_says_so(
    member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 8, "target": TARGET, "review": "Good."})

    answer = await member.use(
        "rate", {"score": 9, "target": TARGET, "review": "They kiss.", "spoiler": True}
    )

    assert f"It's {HIDDEN}." in description(answer)
    assert (await stored(product_bot, member))[1] == [(KEY, "They kiss.", 1)]
    page = await member.use("reviews", {"target": TARGET})
    assert "> “||They kiss.||”" in field_value(page, "#1")


@pytest.mark.parametrize("flag", [True, False])
async def test_a_flag_alone_applies_to_the_stored_review_and_says_which_way(
    member: Member, product_bot: ProductBot, flag: bool
) -> None:
    await member.use(
        "rate", {"score": 8, "target": TARGET, "review": "They kiss.", "spoiler": not flag}
    )

    answer = await member.use("rate", {"score": 7, "target": TARGET, "spoiler": flag})

    assert saved(answer) == Saved(TARGET, 7, 8, 7.0, 1)
    assert (HIDDEN in description(answer)) is flag
    assert await stored(product_bot, member) == ([(KEY, 7)], [(KEY, "They kiss.", int(flag))])


async def test_rating_again_says_whether_the_kept_review_is_hidden(member: Member) -> None:
    await member.use("rate", {"score": 8, "target": TARGET, "review": "Sly.", "spoiler": True})

    answer = await member.use("rate", {"score": 9, "target": TARGET})

    assert "Your earlier review is kept." in description(answer)
    assert HIDDEN in description(answer)


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize("rated_before", [True, False], ids=["rated", "unrated"])
async def test_a_flag_with_no_review_to_go_on_is_refused_and_changes_nothing(
    member: Member, product_bot: ProductBot, flag: bool, rated_before: bool
) -> None:
    if rated_before:
        await member.use("rate", {"score": 4, "target": TARGET})
    before = await stored(product_bot, member)

    answer = await member.use("rate", {"score": 9, "target": TARGET, "spoiler": flag})

    assert_refused(answer, "No review to tag")
    assert bold(description(answer)) == [TARGET]
    assert await stored(product_bot, member) == before
    scores = await member.use("scores", {"target": TARGET})
    assert votes(field_value(scores, "Server")) == (1 if rated_before else None)


async def test_a_flag_with_words_refused_where_reviews_are_off_leaves_the_stored_review_alone(
    member: Member, admin: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 8, "target": TARGET, "review": "Before."})
    await admin.use("admin reviews", {"enabled": False})

    answer = await member.use(
        "rate", {"score": 5, "target": TARGET, "review": "Lost.", "spoiler": True}
    )

    assert saved(answer) == Saved(TARGET, 5, 8, 5.0, 1)
    assert "Member reviews are turned off" in description(answer)
    assert await stored(product_bot, member) == ([(KEY, 5)], [(KEY, "Before.", 0)])


async def test_removing_a_review_there_is_none_of_says_so_and_keeps_the_score(
    member: Member, product_bot: ProductBot
) -> None:
    answer = await member.use("rate", {"score": 6, "target": TARGET, "remove_review": True})

    assert saved(answer) == Saved(TARGET, 6, None, 6.0, 1)
    assert "no review of this to remove" in description(answer)
    assert await stored(product_bot, member) == ([(KEY, 6)], [])
