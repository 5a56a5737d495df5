"""/admin through the real bot: moderation and settings for members with Manage Server, and a
refusal, changing nothing, for anyone whose client sends the command (or presses its confirm
button) without it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_driver import (
    Member,
    ProductBot,
    Saved,
    bold,
    custom_id_labelled,
    description,
    embed,
    field_names,
    field_value,
    is_ephemeral,
    out_of_ten,
    saved,
    text_of,
    title,
    votes,
)

from bot.devtools.loopback import MANAGE_GUILD, FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

# A command refused for want of Manage Server comes back "Sorry!", like other refusals: this
# sentence, pinned here, is what tells the member (and the test) why.
ADMIN_ONLY = "You need the Manage Server permission for that."
BUTTON_REFUSED = "Admins only"  # the title when a reset's confirm button is not theirs to press


@pytest.fixture
def admin(fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot) -> Member:
    return Member(
        fake,
        guild,
        fake.add_member(guild, name="mod", display_name="Mod", permissions=MANAGE_GUILD),
    )


async def stored_reviews(bot: ProductBot, guild: FakeGuild) -> list[tuple[int, str, str]]:
    return [(user, target, text) for user, target, text, _ in await bot.stored_reviews(guild)]


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


async def reviewed(member: Member, score: int, target: str, review: str) -> None:
    await member.use("rate", {"score": score, "target": target, "review": review})


async def test_the_admin_group_is_hidden_from_members_by_default_and_not_in_dms(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    (admin_command,) = [c for c in fake.commands() if c["name"] == "admin"]

    assert str(admin_command["default_member_permissions"]) == str(MANAGE_GUILD)
    assert admin_command.get("contexts") in (None, [0])
    assert admin_command.get("dm_permission") in (None, False)


# -- refused without Manage Server -----------------------------------------------------------

PLAIN_MEMBER_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("admin reset-scores", {"target": "Rei & Shion"}),
    ("admin reviews", {"enabled": False}),
    ("admin cooldown", {"command": "rate", "seconds": 600}),
    ("admin settings", {}),
]


@pytest.mark.parametrize(("command", "options"), PLAIN_MEMBER_COMMANDS)
async def test_a_member_without_manage_server_is_refused_and_nothing_changes(
    member: Member, another_member: Member, product_bot: ProductBot, command: str, options: Any
) -> None:
    await reviewed(another_member, 8, "Rei & Shion", "Lovely.")
    before = await product_bot.rows_about(member.guild)

    answer = await member.use(command, options)  # the client shows it only to admins; sent anyway

    assert is_ephemeral(answer)
    assert ADMIN_ONLY in text_of(answer)
    assert answer.get("components", []) == []  # no confirm button to press
    assert await product_bot.rows_about(member.guild) == before
    # Rating again at once still works: no cooldown was set, reviews are still on.
    again = await another_member.use(
        "rate", {"score": 7, "target": "Rei & Shion", "review": "Still lovely."}
    )
    assert saved(again) == Saved("Rei & Shion", 7, 8, 7.0, 1)
    assert [row[2] for row in await stored_reviews(product_bot, member.guild)] == ["Still lovely."]


async def test_remove_review_by_a_member_without_manage_server_is_refused(
    member: Member, another_member: Member, product_bot: ProductBot
) -> None:
    await reviewed(another_member, 8, "Rei & Shion", "Lovely.")

    answer = await member.use(
        "admin remove-review", {"member": another_member.member, "target": "Rei & Shion"}
    )

    assert ADMIN_ONLY in text_of(answer)
    assert [row[2] for row in await stored_reviews(product_bot, member.guild)] == ["Lovely."]


async def test_a_member_with_other_powers_but_not_manage_server_is_refused(
    fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot
) -> None:
    kick_and_ban = (1 << 1) | (1 << 2)
    moderator = Member(fake, guild, fake.add_member(guild, name="kicker", permissions=kick_and_ban))

    answer = await moderator.use("admin reviews", {"enabled": False})

    assert ADMIN_ONLY in text_of(answer)
    assert (await product_bot.rows_about(guild))["settings"] == 0


async def test_admin_in_a_dm_is_refused(fake: LoopbackDiscord, product_bot: ProductBot) -> None:
    in_dm = Member(fake, None, fake.add_member(None, name="dm-admin", permissions=MANAGE_GUILD))

    answer = await in_dm.use("admin settings")

    assert is_ephemeral(answer)
    assert embed(answer)["title"] == "Sorry!"


async def test_a_forged_press_of_an_admins_reset_confirm_by_a_member_is_refused(
    admin: Member, member: Member, another_member: Member, product_bot: ProductBot
) -> None:
    await reviewed(another_member, 8, "Rei & Shion", "Lovely.")
    confirm = await admin.use("admin reset-scores", {"target": "Rei & Shion"})
    yes = custom_id_labelled(confirm, "Reset the scores")

    refusal = await member.press(confirm, yes)

    assert is_ephemeral(refusal)
    assert title(refusal) == BUTTON_REFUSED
    assert await product_bot.stored_ratings(member.guild) == [
        (int(another_member.member.id), "couple:rei-shion", 8)
    ]


async def test_another_admin_cannot_confirm_someone_elses_reset(
    fake: LoopbackDiscord, admin: Member, another_member: Member, product_bot: ProductBot
) -> None:
    assert admin.guild is not None
    await reviewed(another_member, 8, "Rei & Shion", "Lovely.")
    other_admin = Member(
        fake, admin.guild, fake.add_member(admin.guild, name="mod2", permissions=MANAGE_GUILD)
    )
    confirm = await admin.use("admin reset-scores", {"target": "Rei & Shion"})

    refusal = await other_admin.press(confirm, custom_id_labelled(confirm, "Reset the scores"))

    assert title(refusal) == BUTTON_REFUSED
    assert len(await product_bot.stored_ratings(admin.guild)) == 1


async def test_a_forged_reset_confirm_for_a_member_who_lost_manage_server_is_refused(
    fake: LoopbackDiscord, admin: Member, another_member: Member, product_bot: ProductBot
) -> None:
    assert admin.guild is not None
    await reviewed(another_member, 8, "Rei & Shion", "Lovely.")
    confirm = await admin.use("admin reset-scores", {"target": "Rei & Shion"})
    # The same person, demoted after asking: the button checks the permission they have now.
    demoted = Member(fake, admin.guild, admin.member.__class__(admin.member.user, admin.guild.id))

    refusal = await demoted.press(confirm, custom_id_labelled(confirm, "Reset the scores"))

    assert title(refusal) == BUTTON_REFUSED
    assert len(await product_bot.stored_ratings(admin.guild)) == 1


# -- what admins can do ----------------------------------------------------------------------


async def test_remove_review_keeps_the_score_and_the_review_disappears_from_answers(
    admin: Member, member: Member, another_member: Member, product_bot: ProductBot
) -> None:
    await reviewed(another_member, 3, "Rei & Shion", "Rude words.")
    await reviewed(member, 9, "Rei & Shion", "Fine words.")

    answer = await admin.use(
        "admin remove-review", {"member": another_member.member, "target": "Rei & Shion"}
    )

    assert is_ephemeral(answer)
    assert title(answer) == "Review removed"
    assert "Aki" in description(answer)  # whose review, by the name members know
    assert "Rei & Shion" in description(answer)
    assert [row[2] for row in await stored_reviews(product_bot, admin.guild)] == ["Fine words."]
    assert sorted(row[2] for row in await product_bot.stored_ratings(admin.guild)) == [3, 9]
    page = await member.use("reviews", {"target": "Rei & Shion"})
    assert [name for name in field_names(page) if name.startswith("#")] == ["#1"]


async def test_remove_review_when_there_is_none_says_so(
    admin: Member, member: Member, product_bot: ProductBot
) -> None:
    await member.use("rate", {"score": 5, "target": "Rei & Shion"})

    answer = await admin.use(
        "admin remove-review", {"member": member.member, "target": "Rei & Shion"}
    )

    assert embed(answer)["title"] == "No review"
    assert len(await product_bot.stored_ratings(admin.guild)) == 1


async def test_reset_scores_asks_first_and_cancel_changes_nothing(
    admin: Member, member: Member, product_bot: ProductBot
) -> None:
    await reviewed(member, 9, "Jin & Giichi", "Love-hate done right.")

    confirm = await admin.use("admin reset-scores", {"target": "Jin & Giichi"})
    cancelled = await admin.press(confirm, custom_id_labelled(confirm, "Cancel"))

    assert is_ephemeral(confirm)
    assert title(confirm) == "Reset the scores?"
    assert bold(description(confirm)) == ["Jin & Giichi"]
    assert title(cancelled) == "Cancelled"
    assert cancelled["id"] == confirm["id"]
    assert cancelled["components"] == []  # the buttons are gone with the question
    assert len(await product_bot.stored_ratings(admin.guild)) == 1
    assert len(await stored_reviews(product_bot, admin.guild)) == 1


async def test_reset_scores_of_a_target_nobody_scored_says_so_without_asking(
    admin: Member, member: Member, product_bot: ProductBot
) -> None:
    await reviewed(member, 9, "Jin & Giichi", "Love-hate done right.")
    before = await product_bot.rows_about(admin.guild)

    answer = await admin.use("admin reset-scores", {"target": "Rei & Shion"})

    assert is_ephemeral(answer)
    assert title(answer) == "Nothing to reset"
    assert bold(description(answer)) == ["Rei & Shion"]
    assert answer.get("components", []) == []
    assert await product_bot.rows_about(admin.guild) == before


@pytest.mark.parametrize(("voters", "said"), [(1, "the only score"), (2, "all 2 scores")])
async def test_reset_scores_counts_what_it_deletes_in_good_english(
    fake: LoopbackDiscord, admin: Member, product_bot: ProductBot, voters: int, said: str
) -> None:
    assert admin.guild is not None
    for number in range(voters):
        voter = Member(fake, admin.guild, fake.add_member(admin.guild, name=f"v{number}"))
        await voter.use("rate", {"score": 7, "target": "Mao & Hisashi"})

    confirm = await admin.use("admin reset-scores", {"target": "Mao & Hisashi"})
    done = await admin.press(confirm, custom_id_labelled(confirm, "Reset the scores"))

    # Pins the counts' wording, for one score and for several, in the question and the answer.
    assert said in description(confirm)
    removed = "Removed 1 score " if voters == 1 else "Removed 2 scores "
    assert removed in embed(done)["description"]


async def test_reset_scores_confirmed_deletes_that_targets_scores_and_reviews_only(
    fake: LoopbackDiscord,
    admin: Member,
    member: Member,
    another_member: Member,
    product_bot: ProductBot,
) -> None:
    assert admin.guild is not None
    await reviewed(member, 9, "Jin & Giichi", "Love-hate done right.")
    await reviewed(another_member, 4, "Jin & Giichi", "Too much fighting.")
    await reviewed(member, 6, "Rei & Shion", "Sweet.")
    elsewhere = fake.add_guild(f"{admin.guild.name} (elsewhere)")
    await reviewed(member.elsewhere(elsewhere), 8, "Jin & Giichi", "Elsewhere.")

    confirm = await admin.use("admin reset-scores", {"target": "Jin & Giichi"})
    done = await admin.press(confirm, custom_id_labelled(confirm, "Reset the scores"))

    assert title(done) == "Scores reset"
    assert numbers(description(done)) == [2]
    assert bold(description(done)) == ["Jin & Giichi"]
    assert done["components"] == []
    assert await product_bot.stored_ratings(admin.guild) == [
        (int(member.member.id), "couple:rei-shion", 6)
    ]
    assert [row[2] for row in await stored_reviews(product_bot, admin.guild)] == ["Sweet."]
    assert await product_bot.stored_ratings(elsewhere) == [
        (int(member.member.id), "couple:jin-giichi", 8)
    ]
    scores = await member.use("scores", {"target": "Jin & Giichi"})
    assert out_of_ten(field_value(scores, "Server")) == []
    assert votes(field_value(scores, "Server")) is None


async def test_reviews_off_and_on_show_in_settings(admin: Member) -> None:
    off = await admin.use("admin reviews", {"enabled": False})
    shown = await admin.use("admin settings")
    on = await admin.use("admin reviews", {"enabled": True})

    assert field_value(off, "Member reviews") == "off"
    assert field_value(shown, "Member reviews") == "off"
    assert field_value(on, "Member reviews") == "on"


async def test_settings_start_with_the_bots_defaults(admin: Member) -> None:
    answer = await admin.use("admin settings")

    assert is_ephemeral(answer)
    assert field_value(answer, "Member reviews") == "on"
    assert field_value(answer, "/rate cooldown") == "0 s"
    assert field_value(answer, "/recommend cooldown") == "0 s"


async def test_a_rate_cooldown_makes_the_next_rate_wait_and_store_nothing(
    admin: Member, member: Member, another_member: Member, product_bot: ProductBot
) -> None:
    set_to = await admin.use("admin cooldown", {"command": "rate", "seconds": 600})
    await member.use("rate", {"score": 8, "target": "Rei & Shion"})

    waiting = await member.use("rate", {"score": 2, "target": "Jin & Giichi", "review": "Meh."})
    from_the_menu = await member.use("couple", {"name": "Mao"})
    pressed = await member.press(from_the_menu, custom_id_labelled_select(from_the_menu), ["3"])
    other = await another_member.use("rate", {"score": 5, "target": "Jin & Giichi"})

    assert field_value(set_to, "/rate cooldown") == "600 s"
    for answer in (waiting, pressed):
        assert is_ephemeral(answer)
        assert title(answer) == "Easy there!"
        (seconds,) = numbers(description(answer))  # how long to wait
        assert 0 < seconds <= 600
    assert saved(other).rated == "Jin & Giichi"  # per member: the others rate on
    assert await product_bot.stored_ratings(admin.guild) == sorted(
        [
            (int(member.member.id), "couple:rei-shion", 8),
            (int(another_member.member.id), "couple:jin-giichi", 5),
        ]
    )
    assert await stored_reviews(product_bot, admin.guild) == []
    shown = await admin.use("admin settings")
    assert field_value(shown, "/rate cooldown") == "600 s"


async def test_a_recommend_cooldown_makes_the_next_public_pick_wait_but_not_private_ones(
    admin: Member, member: Member
) -> None:
    await admin.use("admin cooldown", {"command": "recommend", "seconds": 120})
    first = await member.use("recommend", {"trope": "roommates"})

    waiting = await member.use("recommend")
    another = await member.press(first, custom_id_labelled(first, "Another pick"))
    couple = await member.use("couple", {"name": "Rei"})

    assert title(first).startswith("Roommates: ")
    assert title(waiting) == "Easy there!"
    (seconds,) = numbers(description(waiting))
    assert 0 < seconds <= 120
    # Another pick answers only the presser, so it crowds no channel and has no cooldown.
    assert is_ephemeral(another)
    assert embed(another)["title"] != "Easy there!"
    assert "Roommates" in embed(another)["title"] or "Watch" in embed(another)["title"]
    assert embed(couple)["title"] == "Rei & Shion"


async def test_a_cooldown_turned_back_off_lets_members_rate_at_once(
    admin: Member, member: Member
) -> None:
    await admin.use("admin cooldown", {"command": "rate", "seconds": 600})
    await member.use("rate", {"score": 8, "target": "Rei & Shion"})

    await admin.use("admin cooldown", {"command": "rate", "seconds": 0})
    answer = await member.use("rate", {"score": 9, "target": "Rei & Shion"})

    assert saved(answer) == Saved("Rei & Shion", 9, 8, 9.0, 1)


async def test_a_cooldown_in_one_server_does_not_slow_another(
    fake: LoopbackDiscord, admin: Member, member: Member
) -> None:
    assert admin.guild is not None
    await admin.use("admin cooldown", {"command": "rate", "seconds": 600})
    await member.use("rate", {"score": 8, "target": "Rei & Shion"})

    elsewhere = member.elsewhere(fake.add_guild(f"{admin.guild.name} (elsewhere)"))
    answer = await elsewhere.use("rate", {"score": 8, "target": "Rei & Shion"})

    assert saved(answer) == Saved("Rei & Shion", 8, None, 8.0, 1)


@pytest.mark.parametrize(
    "options",
    [
        {"command": "rate", "seconds": 3601},
        {"command": "rate", "seconds": -1},
        {"command": "forget-me", "seconds": 10},
        {"command": "rate", "seconds": "soon"},
    ],
)
async def test_a_forged_cooldown_is_refused_and_nothing_changes(
    admin: Member, product_bot: ProductBot, options: dict[str, Any]
) -> None:
    answer = await admin.use("admin cooldown", options, forge=True)

    assert is_ephemeral(answer)
    assert embed(answer)["title"] in ("Not a cooldown", "Sorry!")
    assert "Something went wrong" not in text_of(answer)
    assert (await product_bot.rows_about(admin.guild))["cooldowns"] == 0


def custom_id_labelled_select(message: dict[str, Any]) -> str:
    (select,) = [
        c
        for row in message.get("components", [])
        for c in row.get("components", [])
        if c.get("type") == 3
    ]
    return select["custom_id"]


@pytest.mark.parametrize("subcommand", ["reset-scores", "remove-review"])
async def test_admin_target_options_suggest_what_can_be_rated(
    admin: Member, subcommand: str
) -> None:
    options: dict[str, Any] = {"target": "rei"}
    if subcommand == "remove-review":
        options["member"] = admin.member.id
    offered = await admin.choices(f"admin {subcommand}", options, focused="target")

    assert [c["value"] for c in offered] == ["couple:rei-shion"]
    assert offered[0]["name"].startswith("Rei & Shion")


# -- the server's language ---------------------------------------------------------------------


def words(message: dict[str, Any]) -> tuple[str, list[str]]:
    """What an answer says apart from numbers: its title and field names."""
    return title(message), field_names(message)


async def test_a_server_language_words_public_answers_and_leaves_private_ones_alone(
    admin: Member, member: Member
) -> None:
    spanish = member.speaking("es-ES")
    in_english = await member.use("couple", {"name": "Rei Shion"})
    in_spanish = await spanish.use("couple", {"name": "Rei Shion"})
    private_before = await member.use("rate", {"score": 7, "target": "Rei & Shion"})

    chosen = await admin.use("admin language", {"language": "es-ES"})
    public = await member.use("couple", {"name": "Rei Shion"})
    private = await member.use("rate", {"score": 8, "target": "Rei & Shion"})

    assert words(in_english) != words(in_spanish)
    assert not is_ephemeral(public)
    assert words(public) == words(in_spanish)
    assert is_ephemeral(private)
    assert title(private) == title(private_before)
    assert field_value(chosen, "Public answers in") == "Español"
    assert is_ephemeral(chosen)


async def test_each_members_own_language_again_after_a_server_language(
    admin: Member, member: Member
) -> None:
    in_english = await member.use("scores")
    await admin.use("admin language", {"language": "es-ES"})
    in_spanish = await member.use("scores")

    cleared = await admin.use("admin language", {"language": "members"})
    again = await member.use("scores")

    assert words(in_spanish) != words(in_english)
    assert words(again) == words(in_english)
    assert field_value(cleared, "Public answers in") == "each member's own language"


async def test_a_forged_language_is_refused_and_the_servers_stays(admin: Member) -> None:
    await admin.use("admin language", {"language": "fr"})

    refused = await admin.use("admin language", {"language": "it"}, forge=True)
    shown = await admin.use("admin settings")

    assert is_ephemeral(refused)
    assert field_value(shown, "Public answers in") == "Français"


async def test_the_language_choices_name_each_language_in_its_own_words(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    (admin_command,) = [c for c in fake.commands() if c["name"] == "admin"]
    (language,) = [o for o in admin_command["options"] if o["name"] == "language"]
    (option,) = language["options"]

    names = {choice["value"]: choice["name"] for choice in option["choices"]}
    assert names["ja"] == "日本語"
    assert names["de"] == "Deutsch"
    assert all(not choice.get("name_localizations") for choice in option["choices"][:-1])
