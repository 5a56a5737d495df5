"""Discord's embed limits, making text inert, and the small pieces every answer is built of."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.domain.catalog import Catalog, Snippet
from bot.i18n import Translator

COLOUR = discord.Colour(0xC77DFF)  # a dusk violet, for the twilight in the title


WARN_COLOUR = discord.Colour(0xF4A261)


# Discord's limits on an embed: https://discord.com/developers/docs/resources/message#embed-limits
TITLE_LIMIT = 256


DESCRIPTION_LIMIT = 4096


FIELD_NAME_LIMIT = 256


FIELD_VALUE_LIMIT = 1024


FOOTER_LIMIT = 2048


EMBED_TOTAL_LIMIT = 6000


BAR_WIDTH = 12


MEMBER_NAME_LIMIT = 32


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe(text: str) -> str:
    """Text from a member or the catalog made inert: no markdown effects, and mentions of
    people, roles, channels and commands shown as text rather than as (pinging) mentions."""
    return _MENTION_START.sub("<\u200b", escape_mentions(escape_markdown(text)))


# Answers repeat the catalog's lines (a couple's story, its tropes, their titles) in a handful of
# languages: each is escaped once. Only the catalog's: what members type would fill it.
@functools.lru_cache(maxsize=2048)
def safe_catalog_text(text: str) -> str:
    """safe() for the catalog's own words, kept once made."""
    return safe(text)


_MENTION_START = re.compile(r"<(?=[@#/])")


def new_embed(
    title: str, description: str = "", *, colour: discord.Colour = COLOUR
) -> discord.Embed:
    return discord.Embed(
        title=clip(title, TITLE_LIMIT),
        description=clip(description, DESCRIPTION_LIMIT) or None,
        colour=colour,
    )


def add_field(embed: discord.Embed, name: str, value: str, *, inline: bool = False) -> None:
    """Adds a field if the embed still has room for it under Discord's total limit."""
    name, value = clip(name, FIELD_NAME_LIMIT), clip(value, FIELD_VALUE_LIMIT)
    if len(embed) + len(name) + len(value) <= EMBED_TOTAL_LIMIT and len(embed.fields) < 25:
        embed.add_field(name=name, value=value, inline=inline)


def set_footer(embed: discord.Embed, text: str) -> None:
    room = EMBED_TOTAL_LIMIT - len(embed)
    embed.set_footer(text=clip(text, min(FOOTER_LIMIT, room)))


@functools.lru_cache(maxsize=1024)  # a catalog's quotes in six languages: far fewer
def quote(tr: Translator, snippet: Snippet, attribution: str) -> str:
    """A review line as a block quote with its source; spoilers hidden until tapped."""
    text = safe(snippet.text)
    body = f"||{text}||" if snippet.spoiler else text
    source = tr.say("{source} (spoiler)", source=attribution) if snippet.spoiler else attribution
    quoted = tr.say("“{quote}”", quote=body)
    lines = [f"> {quoted}", f"> — {source}"]
    if not tr.is_source:
        # Translators: under a quote, which is never translated.
        in_english = tr.say("Quoted in English, as the review wrote it.")
        lines.append(f"-# {in_english}")
    if snippet.note:
        lines.append(f"-# {safe(tr.catalog(snippet, 'note'))}")
    return "\n".join(lines)


def trope_names(tr: Translator, catalog: Catalog, trope_ids: Iterable[str]) -> str:
    names = [tr.catalog(catalog.tropes[t], "name") for t in trope_ids if t in catalog.tropes]
    return tr.join(names) or "—"


def suggestions_embed(title: str, intro: str, lines: Sequence[str]) -> discord.Embed:
    """A friendly "did you mean" answer: what went wrong, then the closest options."""
    body = "\n".join(f"• {line}" for line in lines)
    return new_embed(title, f"{intro}\n{body}" if body else intro, colour=WARN_COLOUR)


def notice_embed(title: str, text: str) -> discord.Embed:
    return new_embed(title, text, colour=WARN_COLOUR)


def echo_input(text: str, limit: int = 80) -> str:
    """What a member typed, shown back safely and briefly."""
    return clip(safe(" ".join(text.split())), limit)


def quote_line(tr: Translator, snippet: Snippet) -> str:
    """A review line in a list of them (the attribution is said once, elsewhere)."""
    text = safe(snippet.text)
    if snippet.spoiler:
        line = "> " + tr.say("“||{quote}||” (spoiler)", quote=text)
    else:
        line = "> " + tr.say("“{quote}”", quote=text)
    return f"{line}\n-# {safe(snippet.note)}" if snippet.note else line


def add_quote_fields(
    tr: Translator, embed: discord.Embed, name: str, snippets: Sequence[Snippet]
) -> None:
    """Quotes under `name`, as many fields as they need, never a quote cut in half."""
    chunk: list[str] = []
    size, heading = 0, name
    for line in (quote_line(tr, s) for s in snippets):
        if chunk and size + len(line) + 1 > FIELD_VALUE_LIMIT:
            add_field(embed, heading, "\n".join(chunk))
            chunk, size = [], 0
            heading = tr.say("{heading} (continued)", heading=heading)
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        add_field(embed, heading, "\n".join(chunk))


def cooldown_embed(tr: Translator, seconds_left: float) -> discord.Embed:
    wait = max(1, math.ceil(seconds_left))
    return notice_embed(tr.say("Easy there!"), tr.say("Try again in {seconds} s.", seconds=wait))
