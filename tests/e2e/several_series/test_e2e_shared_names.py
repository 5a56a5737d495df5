"""A name that fits more than one couple ("Rei": Rei & Shion, Rei & Tomo), typed into every
command that takes a couple or a target: each answers privately that it fits more than one,
naming them, changes nothing, and a partner's name settles it."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_driver import Member, ProductBot, bold, description, is_ephemeral, listed, saved, title

from bot.devtools.loopback import MANAGE_GUILD, FakeGuild, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

CANDIDATES = ("Rei & Shion", "Rei & Tomo")


@pytest.fixture
def admin(fake: LoopbackDiscord, guild: FakeGuild, product_bot: ProductBot) -> Member:
    return Member(fake, guild, fake.add_member(guild, name="mod", permissions=MANAGE_GUILD))


def with_the_name(command: str, name: str, someone: Member) -> dict[str, Any]:
    """The command's options, with `name` where it takes the couple."""
    match command:
        case "rate":
            return {"score": 3, "target": name, "review": "Which Rei?"}
        case "versus":
            return {"first": "Haru", "second": name}
        case "couple":
            return {"name": name}
        case "admin remove-review":
            return {"member": someone.member, "target": name}
    return {"target": name}


COMMANDS = [
    "rate",
    "scores",
    "reviews",
    "versus",
    "couple",
    "admin remove-review",
    "admin reset-scores",
]


@pytest.mark.parametrize("typed", ["Rei", "rei &", "Reii"])
@pytest.mark.parametrize("command", COMMANDS)
async def test_a_shared_name_fits_more_than_one_and_the_answer_names_them(
    admin: Member, member: Member, product_bot: ProductBot, command: str, typed: str
) -> None:
    for couple in CANDIDATES:
        await member.use("rate", {"score": 8, "target": couple, "review": "Lovely."})
    before = await product_bot.rows_about(admin.guild)

    answer = await admin.use(command, with_the_name(command, typed, member))

    assert is_ephemeral(answer)
    assert title(answer) in ("Which one?", "Which couple?")
    # Both couples named, each with its series where the answer adds it; no list of guesses.
    named = [name.split(" (")[0] for name in bold(description(answer))]
    assert sorted(named) == sorted(CANDIDATES)
    assert listed(answer) == []
    assert answer.get("components", []) == []  # nothing to confirm
    assert await product_bot.rows_about(admin.guild) == before


async def test_the_answer_pins_the_wording_with_each_couples_series(member: Member) -> None:
    answer = await member.use("scores", {"target": "Rei"})

    assert title(answer) == "Which one?"
    assert description(answer).startswith(
        "“Rei” fits more than one: **Rei & Tomo (Paper Lanterns at Low Tide)**, "
        "**Rei & Shion (Twilight Out of Focus)**."
    )


@pytest.mark.parametrize(
    ("typed", "key"), [("Rei & Tomo", "couple:rei-tomo"), ("rei shion", "couple:rei-shion")]
)
async def test_a_partners_name_settles_which_rei(
    member: Member, product_bot: ProductBot, typed: str, key: str
) -> None:
    answer = await member.use("rate", {"score": 7, "target": typed})

    assert saved(answer).score == 7
    assert await product_bot.stored_ratings(member.guild) == [(int(member.member.id), key, 7)]
