"""The command surface the bot syncs, and what every answer shares: no pings, readable embeds.

The synced commands are compared with a committed snapshot so that any change to what members
see in Discord's command picker shows up as a diff in review. Refresh it on purpose with
``UPDATE_SNAPSHOTS=1 uv run pytest tests/e2e``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from e2e_driver import Member, ProductBot, embed, message_bodies, pings_no_one
from support.product import PRODUCT_COMMANDS

from bot.devtools.loopback import CALLBACK_ROUTE, LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

SNAPSHOT = Path(__file__).parent / "snapshots" / "commands.json"
# Assigned by Discord at each sync: they would make every sync a diff.
VOLATILE_KEYS = ("id", "application_id", "version", "guild_id")
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 1024
EMBED_TOTAL_LIMIT = 6000


def command_surface(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stable = [{k: v for k, v in c.items() if k not in VOLATILE_KEYS} for c in commands]
    return sorted(stable, key=lambda command: command["name"])


def embed_characters(card: dict[str, Any]) -> int:
    """What Discord counts against an embed's 6000 characters."""
    footer, author = card.get("footer") or {}, card.get("author") or {}
    texts = [card.get("title", ""), card.get("description", "")]
    texts += [footer.get("text", ""), author.get("name", "")]
    for found in card.get("fields", []):
        texts += [found["name"], found["value"]]
    return sum(len(text) for text in texts)


async def test_synced_commands_match_the_committed_snapshot(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    surface = command_surface(fake.commands())
    rendered = json.dumps(surface, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot yet: run with UPDATE_SNAPSHOTS=1 and commit it"
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == surface


async def test_the_commands_members_see_are_the_products(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    names = {command["name"] for command in fake.commands()}

    assert names == PRODUCT_COMMANDS


async def test_rate_offers_only_whole_scores_from_1_to_10_in_the_picker(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    rate = next(c for c in fake.commands() if c["name"] == "rate")
    score = next(o for o in rate["options"] if o["name"] == "score")

    assert score["type"] == 4  # integer
    assert (score["min_value"], score["max_value"]) == (1, 10)
    assert score["required"] is True


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("couple", {"name": "Hisashi"}),
        ("couple", {"name": "Rei", "partner": "Hisashi"}),
        ("recommend", {"trope": "e2l"}),
        ("recommend", {}),
        ("rate", {"score": 8}),
        ("scores", {}),
        ("tropes", {}),
        ("help", {}),
    ],
)
async def test_every_answer_pings_no_one_and_fits_discords_embed_limits(
    fake: LoopbackDiscord, member: Member, command: str, options: dict[str, Any]
) -> None:
    reply = await fake.invoke(command, options, member=member.member, guild=member.guild)
    answer = await reply.response()

    bodies = message_bodies(reply.requests)
    assert bodies, "the answer was not sent as a message"
    assert all(pings_no_one(body.get("allowed_mentions")) for body in bodies)
    card = embed(answer)
    assert card.get("title")
    assert len(card.get("description", "")) <= EMBED_DESCRIPTION_LIMIT
    assert all(len(f["value"]) <= EMBED_FIELD_LIMIT for f in card.get("fields", []))
    assert embed_characters(card) <= EMBED_TOTAL_LIMIT


async def test_an_answer_rate_limited_by_discord_still_arrives(
    fake: LoopbackDiscord, member: Member
) -> None:
    fake.fail_next(CALLBACK_ROUTE, count=2, status=429, retry_after=0.05)

    answer = await member.use("couple", {"name": "Jin"})

    assert embed(answer)["title"] == "Jin & Giichi"
    assert fake.pending_faults == 0
