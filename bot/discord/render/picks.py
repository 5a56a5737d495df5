"""Picks, couple profiles, the series, tropes and help: what the review says, and why a pick."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import discord

from bot.core.picks import CoupleLines
from bot.discord.render.common import (
    add_field,
    add_quote_fields,
    counted,
    new_embed,
    quote,
    quote_line,
    safe,
    set_footer,
    trope_names,
)
from bot.discord.render.members import add_member_reviews
from bot.discord.render.scores import against_reviewer, votes_sentence
from bot.domain.catalog import Catalog, Couple, Series, Snippet, Trope
from bot.domain.recommend import Pick, Reason
from bot.domain.scoring import Ranked, Tally
from bot.store import MemberReview


def score_line(standing: Ranked | None, series: Series, *, in_guild: bool = True) -> str:
    reviewer = f"Reviewer: **{series.review.score}/{series.review.scale}** for the series"
    if not in_guild:
        return reviewer  # outside a server there is no server score to show
    if standing is None or not standing.tally.count:
        return f"Server: no votes yet · {reviewer}"
    count = standing.tally.count
    return f"Server: **{standing.mean:.1f}/10** ({counted(count, 'vote')}) · {reviewer}"


def pick_embed(
    pick: Pick, catalog: Catalog, members: Sequence[MemberReview] = (), *, in_guild: bool = True
) -> discord.Embed:
    couple, trope = pick.couple, pick.trope
    series = catalog.series[couple.series_id]
    heading = f"Watch {couple.title}" if trope is None else f"{trope.name}: {couple.title}"
    lines = [reason_text(pick, catalog)]
    if trope is not None:
        lines.append(f"-# *{safe(trope.name)}*: {safe(trope.description)}")
    embed = new_embed(heading, "\n".join(lines))
    said = CoupleLines(pick.quotes, pick.reservation, pick.standing)
    _add_couple_fields(embed, couple, series, catalog, said, in_guild=in_guild)
    add_member_reviews(embed, members)
    set_footer(embed, _footer(series, in_guild))
    return embed


def couple_embed(
    couple: Couple,
    catalog: Catalog,
    said: CoupleLines,
    members: Sequence[MemberReview] = (),
    *,
    in_guild: bool = True,
) -> discord.Embed:
    series = catalog.series[couple.series_id]
    embed = new_embed(couple.title, f"From *{safe(series.title)}*")
    _add_couple_fields(embed, couple, series, catalog, said, in_guild=in_guild)
    add_member_reviews(embed, members)
    set_footer(embed, _footer(series, in_guild))
    return embed


def _footer(series: Series, in_guild: bool) -> str:
    if in_guild:
        return f"{series.title} · rate with the menu below or /rate"
    return f"{series.title} · in a server, members rate it with /rate and see the server's scores"


def _add_couple_fields(
    embed: discord.Embed,
    couple: Couple,
    series: Series,
    catalog: Catalog,
    said: CoupleLines,
    *,
    in_guild: bool,
) -> None:
    add_field(embed, "The story", safe(couple.summary))
    if couple.spotlight and couple.spotlight_note:
        # It tells how the series ends, so it stays hidden until tapped.
        add_field(embed, "In the spotlight (spoiler)", f"||{safe(couple.spotlight_note)}||")
    add_field(embed, "Tropes", trope_names(catalog, (*couple.tropes, *couple.tags)), inline=True)
    add_field(embed, "Scores", score_line(said.standing, series, in_guild=in_guild), inline=True)
    for snippet in said.quotes:
        add_field(embed, "From the review", quote(snippet, series.review.attribution))
    if said.reservation is not None:
        reservation = quote(said.reservation, series.review.attribution)
        add_field(embed, "The review's reservation", reservation)


def reason_text(pick: Pick, catalog: Catalog) -> str:
    """Why this couple, as true as the moment it is shown."""
    reason, couple, trope = pick.reason, pick.couple, pick.trope
    title = safe(couple.title)
    series = safe(catalog.series[couple.series_id].title)
    trope_name = safe(trope.name.lower()) if trope else ""
    if reason.kind in ("trope_main", "trope_tag"):
        text = (
            f"In *{series}*, {title}'s story is {trope_name}."
            if reason.kind == "trope_main"
            else f"In *{series}*, {title} are tagged “{trope_name}”."
        )
        if reason.of > 1:
            text += f" Couple {reason.place} of {reason.of} for it."
    elif reason.kind == "in_turn":
        text = (
            f"Couple {reason.place} of {reason.of}, from *{series}*. In a DM I can't see a "
            "server's scores; ask again for the next, or use /recommend in a server we share "
            "for a pick you haven't rated."
        )
    else:
        text = _member_reason(reason, title)
        if reason.beyond_trope:
            text = f"That's every couple for “{trope_name}”; next, a pick for you. {text}"
    if reason.started_again:
        text += " You've now seen every pick, so they start again from the top."
    return text


def _member_reason(reason: Reason, title: str) -> str:
    if reason.kind == "unrated_unscored":
        return f"You haven't rated {title} yet, and nobody here has: be the first."
    if reason.kind == "unrated_top":
        if reason.of == 1:
            return f"{title} are the only couple you haven't rated yet."
        return f"You haven't rated {title} yet, and the server rates them highest of those."
    if reason.kind == "unrated_next":
        return (
            f"You haven't rated {title} yet; of the {reason.of} couples you haven't, the "
            f"server ranks them #{reason.place}."
        )
    ranked = (
        "the server rates them highest of all"
        if reason.place == 1
        else f"the server ranks them #{reason.place}"
    )
    if reason.every_couple_rated:
        return f"You've rated every couple. You gave {title} {reason.score}/10, and {ranked}."
    return f"You've rated {title} already: you gave them {reason.score}/10, and {ranked}."


def trope_suggestion(trope: Trope, catalog: Catalog) -> str:
    couples = ", ".join(c.title for c in catalog.couples_for_trope(trope.id)) or "no couple yet"
    return f"**{trope.name}** (`{trope.id}`): {couples}"


def tropes_embed(catalog: Catalog) -> discord.Embed:
    embed = new_embed("Tropes", "Ask for one with `/recommend <trope>`.")
    for kind, heading in (("trope", "Tropes"), ("tag", "Also tagged")):
        lines = [
            f"{trope_suggestion(t, catalog)}\n*{safe(t.description)}*"
            for t in catalog.tropes.values()
            if t.kind == kind
        ]
        if lines:
            add_field(embed, heading, "\n".join(lines))
    return embed


def series_embed(
    series: Series,
    catalog: Catalog,
    quotes: SeriesQuotes,
    standing: Tally | None,
) -> discord.Embed:
    """The series: its facts, its couples, the reviewer's verdict, praise and criticisms.
    `standing` is the server's votes for the series (None outside a server)."""
    review = series.review
    facts = (
        f"{safe(series.setting)}. {series.episodes} episodes of about "
        f"{series.episode_minutes} minutes each."
    )
    embed = new_embed(series.title, facts)
    couples = [
        f"**{safe(c.title)}**: {trope_names(catalog, (*c.tropes, *c.tags))}"
        for c in catalog.couples.values()
        if c.series_id == series.id
    ]
    add_field(embed, "The couples", "\n".join(couples) or "—")
    verdict = [f"**{review.score}/{review.scale}** from {safe(review.attribution)}"]
    verdict += [quote_line(s) for s in quotes.verdict]
    add_field(embed, "The reviewer's verdict", "\n".join(verdict))
    if standing is not None:
        server = f"{votes_sentence(standing)}{against_reviewer(standing, series)}"
        add_field(embed, "This server", server)
    add_quote_fields(embed, "What the review praises", quotes.praise)
    add_quote_fields(embed, "What the review criticises", quotes.reservations)
    where = "rate the series with /rate" if standing is not None else "in a server, rate it"
    set_footer(embed, f"Quotes are verbatim from {review.attribution} · {where}")
    return embed


class SeriesQuotes(NamedTuple):
    praise: tuple[Snippet, ...]
    reservations: tuple[Snippet, ...]
    verdict: tuple[Snippet, ...]


def help_embed(catalog: Catalog) -> discord.Embed:
    titles = ", ".join(f"*{safe(s.title)}*" for s in catalog.series.values())
    embed = new_embed(
        "What I can do", f"Picks, review quotes and, in servers, members' own scores for {titles}."
    )
    for usage, what in HELP_LINES:
        add_field(embed, usage, what)
    sources = "; ".join(
        f"*{safe(s.title)}*: {safe(s.review.attribution)}, which scores it "
        f"{s.review.score}/{s.review.scale}"
        for s in catalog.series.values()
    )
    add_field(embed, "Where the quotes come from", f"Every quote is verbatim from {sources}.")
    return embed


HELP_LINES: tuple[tuple[str, str], ...] = (
    (
        "/recommend enemies to lovers",
        "A couple for a trope, why it fits, the review's lines about it and its reservation. "
        "Leave the trope out for a pick you haven't rated yet. In a server, rate it or ask for "
        "another pick right under the answer: Another pick shows every couple once before any "
        "comes round again.",
    ),
    (
        "/couple Rei Shion",
        "A couple's profile, quotes, the review's reservation and the server's scores. One name "
        "works too.",
    ),
    (
        "/series",
        "The series: episodes, setting, couples, and the reviewer's verdict, praise and "
        "criticisms, all quoted.",
    ),
    (
        "/rate 8 review:Loved the ending spoiler:True",
        "Score what I last showed you, from 1 to 10, with an optional short review. Add a "
        "target to pick one; rate again to change your score (your review stays unless you "
        "write a new one or remove it).",
    ),
    ("/reviews Rei & Shion", "Members' reviews of a couple or the series, page by page."),
    (
        "/scores",
        "The server's ranking of the couples members rated (the couples nobody rated yet are "
        "listed apart); add a target for its vote chart.",
    ),
    ("/versus first:Rei & Shion second:Jin & Giichi", "Two couples side by side."),
    ("/myratings", "Your scores and reviews here, as a file to download too."),
    ("/forget-me", "Delete everything I keep about you in this server."),
    ("/tropes", "Every trope, what it means, and its couples."),
    ("/admin …", "For server admins: remove a review, reset scores, reviews on or off, cooldowns."),
)
