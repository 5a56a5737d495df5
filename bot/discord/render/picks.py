"""Picks, couple profiles, the series, tropes and help: what the review says, and why a pick."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.picks import CoupleLines
from bot.core.series import SeriesQuotes
from bot.discord.render.common import (
    add_field,
    add_quote_fields,
    new_embed,
    quote,
    quote_line,
    safe,
    safe_catalog_text,
    set_footer,
    trope_names,
)
from bot.discord.render.members import add_member_reviews
from bot.discord.render.scores import against_reviewer, votes_sentence
from bot.domain.catalog import Catalog, Couple, Series, Trope
from bot.domain.recommend import Pick, Reason
from bot.domain.scoring import Ranked, Tally
from bot.i18n import Translator, msgid
from bot.store import MemberReview


def score_line(
    tr: Translator, standing: Ranked | None, series: Series, *, in_guild: bool = True
) -> str:
    review = series.review
    reviewer = tr.say(
        "Reviewer: **{score}/{scale}** for the series", score=review.score, scale=review.scale
    )
    if not in_guild:
        return reviewer  # outside a server there is no server score to show
    if standing is None or not standing.tally.count:
        server = tr.say("Server: no votes yet")
        return f"{server} · {reviewer}"
    server = tr.say_plural(
        "Server: **{mean}/10** ({count} vote)",
        "Server: **{mean}/10** ({count} votes)",
        standing.tally.count,
        mean=tr.number(standing.mean or 0, 1),
    )
    return f"{server} · {reviewer}"


def pick_embed(
    tr: Translator,
    pick: Pick,
    catalog: Catalog,
    members: Sequence[MemberReview] = (),
    *,
    in_guild: bool = True,
) -> discord.Embed:
    couple, trope = pick.couple, pick.trope
    series = catalog.series[couple.series_id]
    if trope is None:
        heading = tr.say("Watch {couple}", couple=couple.title)
    else:
        heading = tr.say("{trope}: {couple}", trope=tr.catalog(trope, "name"), couple=couple.title)
    lines = [reason_text(tr, pick, catalog)]
    if trope is not None:
        name, about = tr.catalog(trope, "name"), tr.catalog(trope, "description")
        described = tr.say(
            "*{trope}*: {description}",
            trope=safe_catalog_text(name),
            description=safe_catalog_text(about),
        )
        lines.append(f"-# {described}")
    embed = new_embed(heading, "\n".join(lines))
    said = CoupleLines(pick.quotes, pick.reservation, pick.standing)
    _add_couple_fields(tr, embed, couple, series, catalog, said, in_guild=in_guild)
    add_member_reviews(tr, embed, members)
    set_footer(embed, _footer(tr, series, in_guild))
    return embed


def couple_embed(
    tr: Translator,
    couple: Couple,
    catalog: Catalog,
    said: CoupleLines,
    members: Sequence[MemberReview] = (),
    *,
    in_guild: bool = True,
) -> discord.Embed:
    series = catalog.series[couple.series_id]
    embed = new_embed(
        couple.title, tr.say("From *{series}*", series=safe_catalog_text(series.title))
    )
    _add_couple_fields(tr, embed, couple, series, catalog, said, in_guild=in_guild)
    add_member_reviews(tr, embed, members)
    set_footer(embed, _footer(tr, series, in_guild))
    return embed


def _footer(tr: Translator, series: Series, in_guild: bool) -> str:
    if in_guild:
        return tr.say("{series} · rate with the menu below or /rate", series=series.title)
    return tr.say(
        "{series} · in a server, members rate it with /rate and see the server's scores",
        series=series.title,
    )


def _add_couple_fields(
    tr: Translator,
    embed: discord.Embed,
    couple: Couple,
    series: Series,
    catalog: Catalog,
    said: CoupleLines,
    *,
    in_guild: bool,
) -> None:
    add_field(embed, tr.say("The story"), safe_catalog_text(tr.catalog(couple, "summary")))
    if couple.spotlight and couple.spotlight_note:
        # It tells how the series ends, so it stays hidden until tapped.
        spotlight = tr.say("In the spotlight (spoiler)")
        add_field(
            embed, spotlight, f"||{safe_catalog_text(tr.catalog(couple, 'spotlight_note'))}||"
        )
    tropes = trope_names(tr, catalog, (*couple.tropes, *couple.tags))
    add_field(embed, tr.say("Tropes"), tropes, inline=True)
    scores = score_line(tr, said.standing, series, in_guild=in_guild)
    add_field(embed, tr.say("Scores"), scores, inline=True)
    for snippet in said.quotes:
        add_field(
            embed, tr.say("From the review"), quote(tr, snippet, tr.catalog(series, "attribution"))
        )
    if said.reservation is not None:
        reservation = quote(tr, said.reservation, tr.catalog(series, "attribution"))
        add_field(embed, tr.say("The review's reservation"), reservation)


def reason_text(tr: Translator, pick: Pick, catalog: Catalog) -> str:
    """Why this couple, as true as the moment it is shown."""
    reason, couple, trope = pick.reason, pick.couple, pick.trope
    title = safe_catalog_text(couple.title)
    series = safe_catalog_text(catalog.series[couple.series_id].title)
    trope_name = safe_catalog_text(tr.inside_sentence(tr.catalog(trope, "name"))) if trope else ""
    if reason.kind in ("trope_main", "trope_tag"):
        fits = (
            tr.say(
                "In *{series}*, {couple}'s story is {trope}.",
                series=series,
                couple=title,
                trope=trope_name,
            )
            if reason.kind == "trope_main"
            else tr.say(
                "In *{series}*, {couple} are tagged “{trope}”.",
                series=series,
                couple=title,
                trope=trope_name,
            )
        )
        place = ""
        if reason.of > 1:
            place = tr.say("Couple {place} of {of} for it.", place=reason.place, of=reason.of)
        text = tr.sentences(fits, place)
    elif reason.kind == "in_turn":
        text = tr.say(
            "Couple {place} of {of}, from *{series}*. In a DM I can't see a server's scores; ask "
            "again for the next, or use /recommend in a server we share for a pick you haven't "
            "rated.",
            place=reason.place,
            of=reason.of,
            series=series,
        )
    else:
        text = _member_reason(tr, reason, title)
        if reason.beyond_trope:
            every = tr.say(
                "That's every couple for “{trope}”; next, a pick for you.", trope=trope_name
            )
            text = tr.sentences(every, text)
    if reason.started_again:
        again = tr.say("You've now seen every pick, so they start again from the top.")
        text = tr.sentences(text, again)
    return text


def _member_reason(tr: Translator, reason: Reason, title: str) -> str:
    if reason.kind == "unrated_unscored":
        return tr.say(
            "You haven't rated {couple} yet, and nobody here has: be the first.", couple=title
        )
    if reason.kind == "unrated_top":
        if reason.of == 1:
            return tr.say("{couple} are the only couple you haven't rated yet.", couple=title)
        return tr.say(
            "You haven't rated {couple} yet, and the server rates them highest of those.",
            couple=title,
        )
    if reason.kind == "unrated_next":
        return tr.say(
            "You haven't rated {couple} yet; of the {of} couples you haven't, the server ranks "
            "them #{place}.",
            couple=title,
            of=reason.of,
            place=reason.place,
        )
    return _rated_reason(tr, reason, title)


def _rated_reason(tr: Translator, reason: Reason, title: str) -> str:
    values = {"couple": title, "score": reason.score, "place": reason.place}
    if reason.every_couple_rated:
        if reason.place == 1:
            return tr.say(
                "You've rated every couple. You gave {couple} {score}/10, and the server rates "
                "them highest of all.",
                **values,
            )
        return tr.say(
            "You've rated every couple. You gave {couple} {score}/10, and the server ranks them "
            "#{place}.",
            **values,
        )
    if reason.place == 1:
        return tr.say(
            "You've rated {couple} already: you gave them {score}/10, and the server rates them "
            "highest of all.",
            **values,
        )
    return tr.say(
        "You've rated {couple} already: you gave them {score}/10, and the server ranks them "
        "#{place}.",
        **values,
    )


def trope_suggestion(tr: Translator, trope: Trope, catalog: Catalog) -> str:
    titles = [c.title for c in catalog.couples_for_trope(trope.id)]
    couples = tr.join(titles) if titles else tr.say("no couple yet")
    return tr.say(
        "**{trope}** (`{id}`): {couples}",
        trope=tr.catalog(trope, "name"),
        id=trope.id,
        couples=couples,
    )


def tropes_embed(tr: Translator, catalog: Catalog) -> discord.Embed:
    embed = new_embed(tr.say("Tropes"), tr.say("Ask for one with `/recommend <trope>`."))
    for kind, heading in (("trope", tr.say("Tropes")), ("tag", tr.say("Also tagged"))):
        lines = [
            f"{trope_suggestion(tr, t, catalog)}\n*{safe(tr.catalog(t, 'description'))}*"
            for t in catalog.tropes.values()
            if t.kind == kind
        ]
        if lines:
            add_field(embed, heading, "\n".join(lines))
    return embed


def series_embed(
    tr: Translator,
    series: Series,
    catalog: Catalog,
    quotes: SeriesQuotes,
    standing: Tally | None,
) -> discord.Embed:
    """The series: its facts, its couples, the reviewer's verdict, praise and criticisms.
    `standing` is the server's votes for the series (None outside a server)."""
    review = series.review
    facts = tr.say_plural(
        "{setting}. {count} episode of about {minutes} minutes each.",
        "{setting}. {count} episodes of about {minutes} minutes each.",
        series.episodes,
        setting=safe(tr.catalog(series, "setting")),
        minutes=series.episode_minutes,
    )
    embed = new_embed(series.title, facts)
    couples = [
        tr.say(
            "**{couple}**: {tropes}",
            couple=safe(c.title),
            tropes=trope_names(tr, catalog, (*c.tropes, *c.tags)),
        )
        for c in catalog.couples.values()
        if c.series_id == series.id
    ]
    add_field(embed, tr.say("The couples"), "\n".join(couples) or "—")
    verdict = [
        tr.say(
            "**{score}/{scale}** from {source}",
            score=review.score,
            scale=review.scale,
            source=safe(tr.catalog(series, "attribution")),
        )
    ]
    verdict += [quote_line(tr, s) for s in quotes.verdict]
    add_field(embed, tr.say("The reviewer's verdict"), "\n".join(verdict))
    if standing is not None:
        server = f"{votes_sentence(tr, standing)}{against_reviewer(tr, standing, series)}"
        add_field(embed, tr.say("This server"), server)
    add_quote_fields(tr, embed, tr.say("What the review praises"), quotes.praise)
    add_quote_fields(tr, embed, tr.say("What the review criticises"), quotes.reservations)
    if standing is not None:
        footer = tr.say(
            "Quotes are verbatim from {source} · rate the series with /rate",
            source=tr.catalog(series, "attribution"),
        )
    else:
        footer = tr.say(
            "Quotes are verbatim from {source} · in a server, rate it",
            source=tr.catalog(series, "attribution"),
        )
    set_footer(embed, footer)
    return embed


def help_embed(tr: Translator, catalog: Catalog) -> discord.Embed:
    titles = tr.join(f"*{safe(s.title)}*" for s in catalog.series.values())
    embed = new_embed(
        tr.say("What I can do"),
        tr.say(
            "Picks, review quotes and, in servers, members' own scores for {titles}.",
            titles=titles,
        ),
    )
    for usage, what in HELP_LINES:
        add_field(embed, tr.say(usage), tr.say(what))
    sources = tr.join_clauses(
        tr.say(
            "*{series}*: {source}, which scores it {score}/{scale}",
            series=safe(s.title),
            source=safe(tr.catalog(s, "attribution")),
            score=s.review.score,
            scale=s.review.scale,
        )
        for s in catalog.series.values()
    )
    add_field(
        embed,
        tr.say("Where the quotes come from"),
        tr.say("Every quote is verbatim from {sources}.", sources=sources),
    )
    return embed


# Each help line: an example of a command as a member types it, and what it does.
HELP_LINES: tuple[tuple[str, str], ...] = (
    (
        # Translators: this and the other help examples keep the command and option names,
        # which Discord shows in English until the commands are translated; values may change.
        msgid("/recommend enemies to lovers"),
        msgid(
            "A couple for a trope, why it fits, the review's lines about it and its reservation. "
            "Leave the trope out for a pick you haven't rated yet. In a server, rate it or ask "
            "for another pick right under the answer: Another pick shows every couple once "
            "before any comes round again."
        ),
    ),
    (
        msgid("/couple Rei Shion"),
        msgid(
            "A couple's profile, quotes, the review's reservation and the server's scores. One "
            "name works too."
        ),
    ),
    (
        msgid("/series"),
        msgid(
            "The series: episodes, setting, couples, and the reviewer's verdict, praise and "
            "criticisms, all quoted."
        ),
    ),
    (
        msgid("/rate 8 review:Loved the ending spoiler:True"),
        msgid(
            "Score what I last showed you, from 1 to 10, with an optional short review. Add a "
            "target to pick one; rate again to change your score (your review stays unless you "
            "write a new one or remove it)."
        ),
    ),
    (
        msgid("/reviews Rei & Shion"),
        msgid("Members' reviews of a couple or the series, page by page."),
    ),
    (
        msgid("/scores"),
        msgid(
            "The server's ranking of the couples members rated (the couples nobody rated yet are "
            "listed apart); add a target for its vote chart."
        ),
    ),
    (
        msgid("/versus first:Rei & Shion second:Jin & Giichi"),
        msgid("Two couples side by side."),
    ),
    (msgid("/myratings"), msgid("Your scores and reviews here, as a file to download too.")),
    (msgid("/forget-me"), msgid("Delete everything I keep about you in this server.")),
    (msgid("/tropes"), msgid("Every trope, what it means, and its couples.")),
    (
        msgid("/admin …"),
        msgid("For server admins: remove a review, reset scores, reviews on or off, cooldowns."),
    ),
)
