"""Interactions a modified client could forge: options the command doesn't have, scores out of
range, targets that don't exist, /admin and its confirm buttons without Manage Server, a server
the member isn't in, a user missing from ``resolved``, custom_ids of buttons the bot never sent.
Every one is answered (privately, within the rules) and none changes what it shouldn't."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from e2e_driver import ProductBot
from hostile_checks import (
    ANSWER_TIMEOUT,
    by_guild,
    changes,
    choice_problems,
    dump,
    in_batches,
    is_ephemeral,
    is_refusal,
    reply_problems,
    title,
)
from hostile_corpus import STRING_FAMILIES
from hostile_driver import ADMIN_PERMISSIONS, WRITES

from bot.devtools.loopback import FakeGuild, FakeMember, LoopbackDiscord, Origin, Reply

pytestmark = pytest.mark.asyncio(loop_scope="session")

MESSAGE_COMPONENT = 3
REI_SHION = "couple:rei-shion"
_OPTION = {"label": "1/10", "value": "1"}


@dataclass
class World:
    """A server with an admin and a member who have each rated Rei & Shion (with a review), and
    a second server the member isn't in."""

    fake: LoopbackDiscord
    bot: ProductBot
    guild: FakeGuild
    admin: FakeMember
    member: FakeMember
    elsewhere: FakeGuild

    async def answer(self, reply: Reply) -> dict[str, Any]:
        answer = await reply.response(timeout=ANSWER_TIMEOUT)
        assert reply_problems(reply) == [], answer
        return answer

    async def use(
        self, command: str, options: dict[str, Any], *, by: FakeMember, **kwargs: Any
    ) -> dict[str, Any]:
        return await self.answer(await self.fake.invoke(command, options, member=by, **kwargs))

    async def press(
        self, message: dict[str, Any], custom_id: str, *, by: FakeMember, values: Any = None
    ) -> dict[str, Any]:
        """A component interaction with any custom_id (and values), on a real message of the bot's
        made to carry that component (as an old message would, or one whose ids were guessed:
        discord.py ignores a custom_id that isn't on the message)."""
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        component: dict[str, Any] = {"type": 2, "style": 2, "label": "x", "custom_id": custom_id}
        if values is not None:
            data.update(component_type=3, values=values)
            options = [{"label": v or "?", "value": v or "?"} for v in values]
            component = {"type": 3, "custom_id": custom_id, "options": options or [_OPTION]}
        message = {**message, "components": [{"type": 1, "components": [component]}]}
        guild = self.fake.guilds.get(by.guild_id or "")
        origin = Origin(by, guild, dm_channel_id=str(int(by.id) + 1))
        reply = await self.fake.inject(MESSAGE_COMPONENT, data, origin, message=message)
        return await self.answer(reply)

    async def rows(self) -> dict:
        return await dump(self.bot)


@pytest_asyncio.fixture(loop_scope="session")
async def world(fake: LoopbackDiscord, product_bot: ProductBot) -> World:
    guild = fake.add_guild("forgeries")
    admin = fake.add_member(guild, name="mod", display_name="Mod", permissions=ADMIN_PERMISSIONS)
    member = fake.add_member(guild, name="viewer", display_name="Viewer")
    world = World(fake, product_bot, guild, admin, member, fake.add_guild("not theirs"))
    for who, score in ((admin, 9), (member, 4)):
        saved = await world.use(
            "rate", {"score": score, "target": REI_SHION, "review": "Sweet."}, by=who
        )
        assert title(saved) == "Score saved"
    return world


def refused_privately(answer: dict[str, Any]) -> bool:
    return is_refusal(answer) and is_ephemeral(answer)


async def unchanged(world: World, work: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    """The answer to ``work``; the database is exactly as before it."""
    before = await world.rows()
    answer = await work
    assert changes(before, await world.rows()) == {}, answer
    return answer


# -- options the command doesn't have ---------------------------------------------------------

UNKNOWN_OPTIONS = [
    ("rate", {"score": 5, "target": REI_SHION, "user_id": "1", "guild_id": "2"}),
    ("scores", {"target": REI_SHION, "admin": True}),
    ("couple", {"name": "Rei", "score": 10}),
    ("help", {"everything": "@everyone"}),
    ("tropes", {"trope": "'; DROP TABLE ratings; --"}),
    ("forget-me", {"confirm": True}),
    ("admin settings", {"reviews": False}),
    ("admin reviews", {"enabled": False, "guild": "1"}),
]


@pytest.mark.parametrize(("command", "options"), UNKNOWN_OPTIONS, ids=lambda v: str(v)[:30])
async def test_an_option_the_command_does_not_have_changes_nothing(
    world: World, command: str, options: dict[str, Any]
) -> None:
    before = await world.rows()
    by = world.admin if command.startswith("admin") else world.member

    answer = await world.use(command, options, by=by, forge=True)

    changed = by_guild(changes(before, await world.rows()))
    if refused_privately(answer):
        assert changed == {}
    else:
        # The command ran as if the extra option weren't there: only its own server moved, and
        # only in what the command itself writes.
        assert set(changed) <= {int(world.guild.id)}
        assert set(changed.get(int(world.guild.id), {})) <= WRITES.get(command, set())
        for rating in changed.get(int(world.guild.id), {}).get("ratings", []):
            assert rating["user_id"] == int(by.id)  # not the forged "user_id"


# -- scores out of range, targets that don't exist --------------------------------------------


@pytest.mark.parametrize("score", [11, -3, 0, 2**63, 5.5, "7", None, True])
async def test_a_forged_score_is_refused_and_nothing_moves(world: World, score: object) -> None:
    answer = await unchanged(
        world,
        world.use("rate", {"score": score, "target": REI_SHION}, by=world.member, forge=True),
    )

    assert refused_privately(answer)
    assert "1 to 10" in str(answer)


@pytest.mark.parametrize("target", ["couple:nobody", "series:", "couple:", "series:nope"])
@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("rate", {"score": 7}),
        ("scores", {}),
        ("reviews", {}),
        ("versus", {"second": REI_SHION}),
        ("admin reset-scores", {}),
        ("admin remove-review", {}),
    ],
)
async def test_a_target_that_does_not_exist_is_refused(
    world: World, command: str, options: dict[str, Any], target: str
) -> None:
    field = "first" if command == "versus" else "target"
    by = world.admin if command.startswith("admin") else world.member
    values = {**options, field: target}
    if command == "admin remove-review":
        values["member"] = world.member

    answer = await unchanged(world, world.use(command, values, by=by))

    assert refused_privately(answer), answer


async def test_autocomplete_of_a_forged_target_offers_a_safe_short_list(world: World) -> None:
    for text in ("couple:nobody", "series:", *STRING_FAMILIES["mentions"]):
        offered = await world.fake.autocomplete(
            "rate", {"score": 5, "target": text}, focused="target", member=world.member
        )
        assert choice_problems(offered) == []


# -- /admin without Manage Server ----------------------------------------------------------------

ADMIN_COMMANDS = [
    ("admin settings", {}),
    ("admin reviews", {"enabled": False}),
    ("admin cooldown", {"command": "rate", "seconds": 3600}),
    ("admin reset-scores", {"target": REI_SHION}),
    ("admin remove-review", {"target": REI_SHION}),
]


@pytest.mark.parametrize(("command", "options"), ADMIN_COMMANDS, ids=lambda v: str(v)[:30])
async def test_a_member_without_manage_server_sending_admin_is_refused(
    world: World, command: str, options: dict[str, Any]
) -> None:
    values = dict(options)
    if command == "admin remove-review":
        values["member"] = world.admin

    answer = await unchanged(world, world.use(command, values, by=world.member))

    assert refused_privately(answer)
    assert "Manage Server" in str(answer)


async def test_the_admins_reset_button_pressed_by_anyone_else_resets_nothing(
    world: World,
) -> None:
    fake = world.fake
    confirm = await world.use("admin reset-scores", {"target": REI_SHION}, by=world.admin)
    (yes,) = [
        c["custom_id"]
        for row in confirm["components"]
        for c in row["components"]
        if c["custom_id"].endswith(":yes")
    ]
    other_admin = fake.add_member(world.guild, name="mod2", permissions=ADMIN_PERMISSIONS)
    own_id = yes.replace(world.admin.id, world.member.id)  # the member's own id, forged in

    for by, custom_id in ((world.member, yes), (other_admin, yes), (world.member, own_id)):
        answer = await unchanged(world, world.press(confirm, custom_id, by=by))
        assert refused_privately(answer), (by.user.name, custom_id)

    done = await world.press(confirm, yes, by=world.admin)
    assert title(done) == "Scores reset"
    assert await world.bot.stored_ratings(world.guild) == []


async def test_someone_elses_forget_me_button_deletes_nothing(world: World) -> None:
    forged = f"toof:forget:{world.admin.id}:yes"
    message = await world.use("help", {}, by=world.member)

    answer = await unchanged(world, world.press(message, forged, by=world.member))

    assert refused_privately(answer)
    assert title(answer) == "Not yours"


# -- buttons and selects the bot never sent ------------------------------------------------------

FORGED_COMPONENTS = [
    ("toof:rate:couple:nobody", ["7"]),
    ("toof:rate:couple:rei-shion", ["11"]),
    ("toof:rate:couple:rei-shion", ["-3"]),
    ("toof:rate:couple:rei-shion", ["abc"]),
    ("toof:rate:couple:rei-shion", []),
    ("toof:again:nobody", None),
    ("toof:again:rei-shion:no-such-trope", None),
    ("toof:reviews:couple:nobody:newest:0:1", None),
    ("toof:reviews:couple:rei-shion:newest:999999:1", None),
    ("toof:reset:couple:nobody:1:yes", None),
]


@pytest.mark.parametrize(("custom_id", "values"), FORGED_COMPONENTS, ids=lambda v: str(v))
async def test_a_forged_component_changes_nothing_but_what_it_may(
    world: World, custom_id: str, values: list[str] | None
) -> None:
    message = await world.use("couple", {"name": "Rei"}, by=world.member)
    before = await world.rows()

    answer = await world.press(message, custom_id, by=world.member, values=values)

    changed = by_guild(changes(before, await world.rows()))
    if refused_privately(answer):
        assert changed == {}, answer
    else:
        # "Another pick" for a couple that exists shows one: only the member's "last shown"
        # and their place in the walk through the picks.
        assert set(changed) <= {int(world.guild.id)}
        assert set(changed.get(int(world.guild.id), {})) <= {"last_shown", "pick_walks"}, answer


# -- a server the member isn't in, a user missing from resolved ------------------------------


async def test_a_member_claiming_a_server_they_are_not_in_touches_only_that_servers_rows(
    world: World,
) -> None:
    before = await world.rows()

    rated = await world.use(
        "rate", {"score": 10, "target": REI_SHION}, by=world.member, guild=world.elsewhere
    )
    admin = await world.use(
        "admin reset-scores", {"target": REI_SHION}, by=world.member, guild=world.elsewhere
    )
    mine = await world.use("myratings", {}, by=world.member, guild=world.elsewhere)

    assert refused_privately(admin)
    assert title(rated) == "Score saved"
    assert "1 rating in this server" in str(mine)  # the claimed server's one, not the real one's
    changed = by_guild(changes(before, await world.rows()))
    assert set(changed) == {int(world.elsewhere.id)}
    assert await world.bot.stored_ratings(world.guild) == [
        (int(world.admin.id), REI_SHION, 9),
        (int(world.member.id), REI_SHION, 4),
    ]


async def test_remove_review_of_a_user_missing_from_resolved_is_answered_and_changes_nothing(
    world: World,
) -> None:
    options = {"member": world.member.id, "target": REI_SHION}  # a bare id: no "resolved"

    answer = await unchanged(
        world, world.use("admin remove-review", options, by=world.admin, forge=True)
    )

    assert is_ephemeral(answer)


# -- names members chose ------------------------------------------------------------------------


async def test_hostile_display_names_are_shown_inert_wherever_the_bot_credits_them(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    guild = fake.add_guild("names")
    admin = fake.add_member(guild, name="mod", permissions=ADMIN_PERMISSIONS)
    names = [n[:32] for n in STRING_FAMILIES["mentions"] + STRING_FAMILIES["markdown"] if n.strip()]
    members = [fake.add_member(guild, name=f"m{i}", display_name=n) for i, n in enumerate(names)]

    async def answered(command: str, options: dict[str, Any], by: FakeMember) -> Reply:
        reply = await fake.invoke(command, options, member=by)
        await reply.response(timeout=ANSWER_TIMEOUT)
        return reply

    def review(member: FakeMember) -> Awaitable[Reply]:
        text = member.user.display_name or "?"
        return answered("rate", {"score": 6, "target": REI_SHION, "review": text}, member)

    def remove(member: FakeMember) -> Awaitable[Reply]:
        return answered("admin remove-review", {"member": member, "target": REI_SHION}, admin)

    replies = await in_batches(members, review)
    replies.append(await answered("couple", {"name": "Rei"}, admin))
    for order in ("newest", "highest"):
        replies.append(await answered("reviews", {"target": REI_SHION, "order": order}, admin))
    replies += await in_batches(members, remove)

    assert [p for reply in replies for p in reply_problems(reply)] == []
    assert all(
        title(reply.all_messages[0]) == "Review removed" for reply in replies[-len(members) :]
    )
    assert (await product_bot.rows_about(guild))["reviews"] == 0
    assert len(await product_bot.stored_ratings(guild)) == len(members)
