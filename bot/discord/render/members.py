"""Members' own words and data: their reviews, their ratings, forgetting them, server settings."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import discord

from bot.discord.render.common import (
    MEMBER_NAME_LIMIT,
    add_field,
    clip,
    new_embed,
    notice_embed,
    safe,
    set_footer,
)
from bot.domain.catalog import Catalog
from bot.domain.locales import LANGUAGE_NAMES
from bot.domain.member_text import clean_line, shorten_long_words
from bot.i18n import Translator
from bot.store import GuildSettings, MemberRating, MemberReview, ReviewPage


def member_name(tr: Translator, review: MemberReview) -> str:
    name = clean_line(review.display_name or "") or tr.say("a member")
    return safe(clip(name, MEMBER_NAME_LIMIT))


def member_quote(tr: Translator, review: MemberReview) -> str:
    """A member's review as a quote, labelled as a member's words and never able to ping."""
    text = safe(shorten_long_words(clean_line(review.text)))
    body = f"||{text}||" if review.spoiler else text
    values = {"name": member_name(tr, review), "score": review.score}
    if review.spoiler:
        credit = tr.say("**{name}**, a member here · {score}/10 (spoiler)", **values)
    else:
        credit = tr.say("**{name}**, a member here · {score}/10", **values)
    quoted = tr.say("“{quote}”", quote=body)
    return f"> {quoted}\n> — {credit}"


def add_member_reviews(
    tr: Translator, embed: discord.Embed, reviews: Sequence[MemberReview]
) -> None:
    if reviews:
        value = "\n".join(member_quote(tr, r) for r in reviews)
        add_field(embed, tr.say("From members of this server"), value)


def reviews_embed(
    tr: Translator, title: str, page: ReviewPage, order: str, per_page: int
) -> discord.Embed:
    if order == "newest":
        description = tr.say_plural(
            "{count} review in this server, newest first.",
            "{count} reviews in this server, newest first.",
            page.total,
        )
    else:
        description = tr.say_plural(
            "{count} review in this server, highest scores first.",
            "{count} reviews in this server, highest scores first.",
            page.total,
        )
    embed = new_embed(tr.say("Member reviews: {title}", title=title), description)
    if not page.items:
        embed.description = tr.say(
            "No member reviews yet. Add yours with `/rate <score> review:<text>`."
        )
        return embed
    for number, review in enumerate(page.items, start=page.offset + 1):
        add_field(embed, tr.say("#{number}", number=number), member_quote(tr, review))
    pages = math.ceil(page.total / per_page)
    footer = tr.say(
        "Page {page} of {pages} · members' own words",
        page=page.offset // per_page + 1,
        pages=pages,
    )
    set_footer(embed, footer)
    return embed


def my_ratings_embed(
    tr: Translator, rows: Sequence[MemberRating], catalog: Catalog
) -> discord.Embed:
    heading = tr.say("Your ratings here")
    if not rows:
        return new_embed(heading, tr.say("You haven't rated anything in this server yet."))
    held = tr.say_plural(
        "{count} rating in this server. The file has them all.",
        "{count} ratings in this server. The file has them all.",
        len(rows),
    )
    embed = new_embed(heading, held)
    for row in rows[:20]:
        title = catalog.target_title(row.target) or tr.say(
            "{key} (no longer in the catalog)", key=row.target
        )
        value = tr.say("**{score}/10**", score=row.score)
        if row.review is not None:
            review = safe(shorten_long_words(clean_line(row.review)))
            value += f"\n> {'||' + review + '||' if row.spoiler else review}"
        add_field(embed, title, value)
    return embed


def _held(tr: Translator, counts: Mapping[str, int]) -> str:
    """``2 scores, 1 review`` for the kinds of which there are any."""
    return tr.join(_kind_count(tr, kind, count) for kind, count in counts.items() if count)


def _kind_count(tr: Translator, kind: str, count: int) -> str:
    """How many of one kind of data the bot keeps about a member."""
    match kind:
        case "ratings":
            return tr.say_plural("{count} score", "{count} scores", count)
        case "reviews":
            return tr.say_plural("{count} review", "{count} reviews", count)
        case "last_shown":
            return tr.say_plural('{count} "last shown" note', '{count} "last shown" notes', count)
        case "pick_walks":
            return tr.say_plural(
                "{count} pick Another pick showed you",
                "{count} picks Another pick showed you",
                count,
            )
        case "members":
            return tr.say_plural("{count} saved display name", "{count} saved display names", count)
    # Translators: a kind of data this text has no words for yet; {kind} is its name in code.
    return tr.say("{count} {kind}", count=count, kind=kind)


def forget_confirm_embed(tr: Translator, held: Mapping[str, int]) -> discord.Embed:
    text = tr.say(
        "This deletes everything I keep about you in this server: {held}. It can't be undone.",
        held=_held(tr, held),
    )
    return notice_embed(tr.say("Delete your data here?"), text)


def nothing_held_embed(tr: Translator) -> discord.Embed:
    return new_embed(
        tr.say("Nothing to delete"), tr.say("I hold nothing about you in this server.")
    )


def forgotten_embed(tr: Translator, deleted: Mapping[str, int]) -> discord.Embed:
    if not any(deleted.values()):
        return nothing_held_embed(tr)
    return new_embed(tr.say("Deleted"), tr.say("Gone for good: {held}.", held=_held(tr, deleted)))


def reset_confirm_embed(tr: Translator, title: str, votes: int) -> discord.Embed:
    text = tr.say_plural(
        "This deletes the only score for **{title}** in this server, with the reviews written "
        "with them. It can't be undone.",
        "This deletes all {count} scores for **{title}** in this server, with the reviews "
        "written with them. It can't be undone.",
        votes,
        title=safe(title),
    )
    return notice_embed(tr.say("Reset the scores?"), text)


def nothing_to_reset_embed(tr: Translator, title: str) -> discord.Embed:
    text = tr.say(
        "Nobody here has scored **{title}**, so there is nothing to delete.", title=safe(title)
    )
    return notice_embed(tr.say("Nothing to reset"), text)


def scores_reset_embed(tr: Translator, title: str, removed: int) -> discord.Embed:
    if not removed:
        return nothing_to_reset_embed(tr, title)
    text = tr.say_plural(
        "Removed {count} score (and their reviews) for **{title}**.",
        "Removed {count} scores (and their reviews) for **{title}**.",
        removed,
        title=safe(title),
    )
    return notice_embed(tr.say("Scores reset"), text)


def settings_embed(
    tr: Translator, settings: GuildSettings, defaults: Mapping[str, int], note: str | None
) -> discord.Embed:
    embed = new_embed(tr.say("Server settings"), note or "")
    reviews = tr.say("on") if settings.reviews_enabled else tr.say("off")
    add_field(embed, tr.say("Member reviews"), reviews, inline=True)
    for command, default in defaults.items():
        seconds = settings.cooldowns.get(command, default)
        # The command as the member's client names it (/bewerten in German).
        shown = tr.in_context("command name", command) or command
        name = tr.say("/{command} cooldown", command=shown)
        add_field(embed, name, tr.say("{seconds} s", seconds=seconds), inline=True)
    language = LANGUAGE_NAMES.get(settings.language or "") or tr.say("each member's own language")
    add_field(embed, tr.say("Public answers in"), language, inline=True)
    return embed
