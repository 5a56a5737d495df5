"""What every answer to hostile input must satisfy, and what the store held before and after.

Each check returns a list of problems (empty when fine), so a test can gather the problems of
thousands of interactions and report them all, each named by its case.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from e2e_driver import ProductBot, message_bodies

from bot.devtools.loopback import EPHEMERAL, Reply
from bot.store import GuildExport

Json = dict[str, Any]
Rows = dict[str, set[tuple[Any, ...]]]
T = TypeVar("T")
R = TypeVar("R")

BATCH = 50  # interactions in flight at once: a busy server, without opening thousands of sockets
ANSWER_TIMEOUT = 10
WARN_COLOUR = 0xF4A261  # the colour of every refusal ("Sorry!", "Which one?", "Admins only"...)

# Discord's limits: https://discord.com/developers/docs/resources/message#embed-limits
LIMITS = {"title": 256, "description": 4096, "field name": 256, "field value": 1024}
FOOTER_LIMIT, AUTHOR_LIMIT, FIELDS_LIMIT, EMBED_TOTAL, CONTENT_LIMIT = 2048, 256, 25, 6000, 2000
CHOICES_LIMIT, CHOICE_TEXT_LIMIT = 25, 100

# Mention syntax Discord would render as a (pinging, or at least live) mention. discord.py's
# escape_mentions puts a zero-width space after "@"; the bot puts one after "<".
LIVE_MENTION = re.compile(
    r"<@!?\d|<@&\d|<#\d|</[^\s>]+:\d+>|(?<![\\\u200b\u2060])@(?:everyone|here)"
)
# Keys whose strings a member never reads as text.
_NOT_TEXT = {"custom_id", "url", "proxy_url", "icon_url", "id", "filename", "content_type"}


async def in_batches(items: Sequence[T], send: Callable[[T], Awaitable[R]]) -> list[R]:
    """``send`` for every item, ``BATCH`` at a time, results in order."""
    results: list[R] = []
    for start in range(0, len(items), BATCH):
        results += await asyncio.gather(*(send(item) for item in items[start : start + BATCH]))
    return results


def embed_problems(embed: Json) -> list[str]:
    problems = []
    texts = {
        "title": embed.get("title") or "",
        "description": embed.get("description") or "",
    }
    for name, text in texts.items():
        if len(text) > LIMITS[name]:
            problems.append(f"embed {name} has {len(text)} characters")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_LIMIT:
        problems.append(f"embed has {len(fields)} fields")
    for found in fields:
        if not found.get("name") or not found.get("value"):
            problems.append(f"empty field {found}")
        if len(found.get("name", "")) > LIMITS["field name"]:
            problems.append(f"field name has {len(found['name'])} characters")
        if len(found.get("value", "")) > LIMITS["field value"]:
            problems.append(f"field value has {len(found['value'])} characters")
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    if len(footer) > FOOTER_LIMIT:
        problems.append(f"footer has {len(footer)} characters")
    if len(author) > AUTHOR_LIMIT:
        problems.append(f"author has {len(author)} characters")
    total = sum(map(len, texts.values())) + len(footer) + len(author)
    total += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
    if total > EMBED_TOTAL:
        problems.append(f"embed totals {total} characters")
    return problems


def readable_strings(value: Any, key: str = "") -> Iterable[str]:
    """Every string a member could read in a message body (not ids, custom_ids or urls)."""
    if isinstance(value, str):
        if key not in _NOT_TEXT:
            yield value
    elif isinstance(value, dict):
        for name, inner in value.items():
            if name != "allowed_mentions":
                yield from readable_strings(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from readable_strings(inner, key)


def message_problems(body: Json) -> list[str]:
    problems = []
    if len(body.get("content") or "") > CONTENT_LIMIT:
        problems.append(f"content has {len(body['content'])} characters")
    for embed in body.get("embeds") or []:
        problems += embed_problems(embed)
    for text in readable_strings(body):
        if found := LIVE_MENTION.search(text):
            start = max(found.start() - 20, 0)
            problems.append(f"live mention {found.group()!r} in …{text[start : start + 60]!r}")
    return problems


def reply_problems(reply: Reply) -> list[str]:
    """Problems with everything the bot sent for one interaction, and answering it twice."""
    problems = []
    for body in message_bodies(reply.requests):
        problems += message_problems(body)
    if len(reply.callbacks) != 1:
        problems.append(f"{len(reply.callbacks)} interaction callbacks")
    return problems


def choice_problems(choices: list[Json]) -> list[str]:
    problems = []
    if len(choices) > CHOICES_LIMIT:
        problems.append(f"{len(choices)} choices")
    for choice in choices:
        name, value = choice.get("name", ""), choice.get("value")
        if not 1 <= len(name) <= CHOICE_TEXT_LIMIT:
            problems.append(f"choice name of {len(name)} characters")
        if isinstance(value, str) and len(value) > CHOICE_TEXT_LIMIT:
            problems.append(f"choice value of {len(value)} characters")
        if LIVE_MENTION.search(name):
            problems.append(f"live mention in choice {name!r}")
    return problems


def is_refusal(message: Json) -> bool:
    embeds = message.get("embeds") or []
    return bool(embeds) and embeds[0].get("color") == WARN_COLOUR


def is_ephemeral(message: Json) -> bool:
    return bool(message.get("flags", 0) & EPHEMERAL)


def title(message: Json) -> str:
    embeds = message.get("embeds") or [{}]
    return embeds[0].get("title") or ""


# -- the database ------------------------------------------------------------------------------


async def dump(bot: ProductBot) -> Rows:
    """Everything the store holds of every server the loopback Discord knows, as rows by kind
    (each row a tuple of (column, value) pairs, its guild_id among them), read through a store
    of its own on the bot's database."""
    rows: Rows = {}
    async with bot.store() as store:
        for guild in bot.fake.guilds:
            guild_id = int(guild)
            held = await store.held_about_guild(guild_id)
            if any(held.values()):
                _add_rows(rows, guild_id, await store.guild_export(guild_id), held)
    return rows


def _add_rows(rows: Rows, guild_id: int, export: GuildExport, held: dict[str, int]) -> None:
    def add(kind: str, **values: Any) -> None:
        rows.setdefault(kind, set()).add(tuple({"guild_id": guild_id, **values}.items()))

    for user_id, ratings in export.ratings.items():
        for r in ratings:
            add("ratings", user_id=user_id, target=r.target, score=r.score, at=r.updated_at)
            if r.review is not None:
                add("reviews", user_id=user_id, target=r.target, text=r.review, spoiler=r.spoiler)
    for user_id, target in export.last_shown.items():
        add("last_shown", user_id=user_id, target=target)
    for (user_id, walk), couples in export.walks.items():
        for couple in couples:
            add("pick_walks", user_id=user_id, walk=walk, couple=couple)
    for user_id, name in export.names.items():
        add("members", user_id=user_id, display_name=name)
    if held["settings"]:  # a row of settings is held, even one that equals the defaults
        add("settings", reviews_enabled=export.settings.reviews_enabled)
    for command, seconds in export.settings.cooldowns.items():
        add("cooldowns", command=command, seconds=seconds)


def changes(before: Rows, after: Rows) -> dict[str, set[tuple[Any, ...]]]:
    """Rows added or removed (a changed row is both), by table."""
    found = {}
    for table in before.keys() | after.keys():
        diff = before.get(table, set()) ^ after.get(table, set())
        if diff:
            found[table] = diff
    return found


def by_guild(diff: dict[str, set[tuple[Any, ...]]]) -> dict[int | None, dict[str, list[Json]]]:
    """The changed rows grouped by their guild_id (None: a table without one)."""
    grouped: dict[int | None, dict[str, list[Json]]] = {}
    for table, rows in diff.items():
        for row in rows:
            record = dict(row)
            grouped.setdefault(record.get("guild_id"), {}).setdefault(table, []).append(record)
    return grouped
