"""Members' own words and data: their reviews, their ratings, forgetting them, server settings."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import discord

from bot.discord.render.common import (
    MEMBER_NAME_LIMIT,
    add_field,
    clip,
    counted,
    new_embed,
    notice_embed,
    safe,
    set_footer,
)
from bot.domain.catalog import Catalog
from bot.domain.member_text import clean_line, shorten_long_words
from bot.store import GuildSettings, MemberRating, MemberReview, ReviewPage


def member_name(review: MemberReview) -> str:
    name = clean_line(review.display_name or "") or "a member"
    return safe(clip(name, MEMBER_NAME_LIMIT))


def member_quote(review: MemberReview) -> str:
    """A member's review as a quote, labelled as a member's words and never able to ping."""
    text = safe(shorten_long_words(clean_line(review.text)))
    body = f"||{text}||" if review.spoiler else text
    spoiler = " (spoiler)" if review.spoiler else ""
    return f"> “{body}”\n> — **{member_name(review)}**, a member here · {review.score}/10{spoiler}"


def add_member_reviews(embed: discord.Embed, reviews: Sequence[MemberReview]) -> None:
    if reviews:
        value = "\n".join(member_quote(r) for r in reviews)
        add_field(embed, "From members of this server", value)


def reviews_embed(title: str, page: ReviewPage, order: str, per_page: int) -> discord.Embed:
    ordering = "newest first" if order == "newest" else "highest scores first"
    embed = new_embed(
        f"Member reviews: {title}", f"{counted(page.total, 'review')} in this server, {ordering}."
    )
    if not page.items:
        embed.description = "No member reviews yet. Add yours with `/rate <score> review:<text>`."
        return embed
    for number, review in enumerate(page.items, start=page.offset + 1):
        add_field(embed, f"#{number}", member_quote(review))
    pages = math.ceil(page.total / per_page)
    set_footer(embed, f"Page {page.offset // per_page + 1} of {pages} · members' own words")
    return embed


def my_ratings_embed(rows: Sequence[MemberRating], catalog: Catalog) -> discord.Embed:
    if not rows:
        return new_embed("Your ratings here", "You haven't rated anything in this server yet.")
    held = counted(len(rows), "rating")
    embed = new_embed("Your ratings here", f"{held} in this server. The file has them all.")
    for row in rows[:20]:
        title = catalog.target_title(row.target) or f"{row.target} (no longer in the catalog)"
        value = f"**{row.score}/10**"
        if row.review is not None:
            review = safe(shorten_long_words(clean_line(row.review)))
            value += f"\n> {'||' + review + '||' if row.spoiler else review}"
        add_field(embed, title, value)
    return embed


FORGOTTEN_KINDS = {
    "ratings": ("score", "scores"),
    "reviews": ("review", "reviews"),
    "last_shown": ('"last shown" note', '"last shown" notes'),
    "pick_walks": ("pick Another pick showed you", "picks Another pick showed you"),
    "members": ("saved display name", "saved display names"),
}


def _held(counts: Mapping[str, int]) -> str:
    """``2 scores, 1 review`` for the kinds of which there are any."""
    parts = [
        counted(count, *FORGOTTEN_KINDS.get(kind, (kind, kind)))
        for kind, count in counts.items()
        if count
    ]
    return ", ".join(parts)


def forget_confirm_embed(held: Mapping[str, int]) -> discord.Embed:
    text = (
        f"This deletes everything I keep about you in this server: {_held(held)}. "
        "It can't be undone."
    )
    return notice_embed("Delete your data here?", text)


def nothing_held_embed() -> discord.Embed:
    return new_embed("Nothing to delete", "I hold nothing about you in this server.")


def forgotten_embed(deleted: Mapping[str, int]) -> discord.Embed:
    if not any(deleted.values()):
        return nothing_held_embed()
    return new_embed("Deleted", f"Gone for good: {_held(deleted)}.")


def reset_confirm_embed(title: str, votes: int) -> discord.Embed:
    scores = "the only score" if votes == 1 else f"all {counted(votes, 'score')}"
    text = (
        f"This deletes {scores} for **{safe(title)}** in this server, with the reviews written "
        "with them. It can't be undone."
    )
    return notice_embed("Reset the scores?", text)


def nothing_to_reset_embed(title: str) -> discord.Embed:
    text = f"Nobody here has scored **{safe(title)}**, so there is nothing to delete."
    return notice_embed("Nothing to reset", text)


def scores_reset_embed(title: str, removed: int) -> discord.Embed:
    if not removed:
        return nothing_to_reset_embed(title)
    text = f"Removed {counted(removed, 'score')} (and their reviews) for **{safe(title)}**."
    return notice_embed("Scores reset", text)


def settings_embed(
    settings: GuildSettings, defaults: Mapping[str, int], note: str | None
) -> discord.Embed:
    embed = new_embed("Server settings", note or "")
    add_field(embed, "Member reviews", "on" if settings.reviews_enabled else "off", inline=True)
    for command, default in defaults.items():
        seconds = settings.cooldowns.get(command, default)
        add_field(embed, f"/{command} cooldown", f"{seconds} s", inline=True)
    return embed
