"""Turning the core's answers into Discord embeds that read well on a phone.

Everything a member sees is built here, so Discord's size limits are enforced in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.catalog.models import Catalog, Character, Couple, Series, Snippet, Trope
from bot.matching import CoupleLookup, PersonMatch
from bot.recommend import Pick
from bot.scoring import Ranked, Tally

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


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe(text: str) -> str:
    """Text from a member or the catalog made inert: no markdown effects, no mentions."""
    return escape_mentions(escape_markdown(text))


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


def quote(snippet: Snippet, attribution: str) -> str:
    """A review line as a block quote with its source; spoilers hidden until tapped."""
    text = safe(snippet.text)
    body = f"||{text}||" if snippet.spoiler else text
    lines = [f"> “{body}”", f"> — {attribution}" + (" (spoiler)" if snippet.spoiler else "")]
    if snippet.note:
        lines.append(f"-# {safe(snippet.note)}")
    return "\n".join(lines)


def score_line(standing: Ranked | None, series: Series) -> str:
    critic = f"Critic: **{series.review.score}/{series.review.scale}** for the series"
    if standing is None or not standing.tally.count:
        return f"Server: no votes yet · {critic}"
    votes = "vote" if standing.tally.count == 1 else "votes"
    return f"Server: **{standing.mean:.1f}/10** ({standing.tally.count} {votes}) · {critic}"


def pick_embed(pick: Pick, catalog: Catalog) -> discord.Embed:
    couple = pick.couple
    series = catalog.series[couple.series_id]
    heading = (
        f"Watch {couple.title}" if pick.trope is None else f"{pick.trope.name}: {couple.title}"
    )
    embed = new_embed(heading, pick.reason)
    _add_couple_fields(embed, couple, series, catalog, pick.quotes, pick.standing)
    set_footer(embed, f"{series.title} · rate them with /rate")
    return embed


def couple_embed(
    couple: Couple, catalog: Catalog, quotes: Sequence[Snippet], standing: Ranked
) -> discord.Embed:
    series = catalog.series[couple.series_id]
    embed = new_embed(couple.title, f"From *{safe(series.title)}*")
    _add_couple_fields(embed, couple, series, catalog, quotes, standing)
    set_footer(embed, f"{series.title} · rate them with /rate")
    return embed


def _add_couple_fields(
    embed: discord.Embed,
    couple: Couple,
    series: Series,
    catalog: Catalog,
    quotes: Sequence[Snippet],
    standing: Ranked,
) -> None:
    add_field(embed, "The story", safe(couple.summary))
    if couple.spotlight and couple.spotlight_note:
        # It tells how the series ends, so it stays hidden until tapped.
        add_field(embed, "In the spotlight (spoiler)", f"||{safe(couple.spotlight_note)}||")
    add_field(embed, "Tropes", trope_names(catalog, (*couple.tropes, *couple.tags)), inline=True)
    add_field(embed, "Scores", score_line(standing, series), inline=True)
    for snippet in quotes:
        add_field(embed, "From the review", quote(snippet, series.review.attribution))


def trope_names(catalog: Catalog, trope_ids: Iterable[str]) -> str:
    names = [catalog.tropes[t].name for t in trope_ids if t in catalog.tropes]
    return ", ".join(names) or "—"


def suggestions_embed(title: str, intro: str, lines: Sequence[str]) -> discord.Embed:
    """A friendly "did you mean" answer: what went wrong, then the closest options."""
    body = "\n".join(f"• {line}" for line in lines)
    return new_embed(title, f"{intro}\n{body}" if body else intro, colour=WARN_COLOUR)


def notice_embed(title: str, text: str) -> discord.Embed:
    return new_embed(title, text, colour=WARN_COLOUR)


def trope_suggestion(trope: Trope, catalog: Catalog) -> str:
    couples = ", ".join(c.title for c in catalog.couples_for_trope(trope.id)) or "no couple yet"
    return f"**{trope.name}** (`{trope.id}`): {couples}"


def distribution_chart(distribution: Sequence[int]) -> str:
    """A compact bar chart, 10 at the top, in a code block so the bars line up on a phone."""
    peak = max(distribution, default=0) or 1
    rows = []
    for score in range(len(distribution), 0, -1):
        count = distribution[score - 1]
        bar = "█" * round(count / peak * BAR_WIDTH) if count else ""
        rows.append(f"{score:>2} {bar:<{BAR_WIDTH}} {count}")
    return "```\n" + "\n".join(rows) + "\n```"


def echo_input(text: str, limit: int = 80) -> str:
    """What a member typed, shown back safely and briefly."""
    return clip(safe(" ".join(text.split())), limit)


def tropes_embed(catalog: Catalog) -> discord.Embed:
    embed = new_embed("Tropes", "Ask for one with `/recommend <trope>`.")
    for kind, heading in (("trope", "Tropes"), ("tag", "Also tagged")):
        lines = [trope_suggestion(t, catalog) for t in catalog.tropes.values() if t.kind == kind]
        if lines:
            add_field(embed, heading, "\n".join(lines))
    return embed


def help_embed(catalog: Catalog) -> discord.Embed:
    titles = ", ".join(f"*{safe(s.title)}*" for s in catalog.series.values())
    embed = new_embed(
        "What I can do", f"Picks, review quotes and this server's scores for {titles}."
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
        "A couple for a trope, why it fits, and quotes about it. "
        "Leave the trope out for a pick you haven't rated yet.",
    ),
    (
        "/couple Rei Shion",
        "A couple's profile, quotes and the server's scores. One name works too.",
    ),
    (
        "/rate 8",
        "Score what I last showed you, from 1 to 10. Add a target to pick one; "
        "rate again to change your score.",
    ),
    ("/scores", "The server's ranking of the couples; add a target for its vote chart."),
    ("/tropes", "Every trope and its couples."),
)


def rating_embed(
    title: str, score: int, previous: int | None, mean: float, count: int
) -> discord.Embed:
    if previous is None:
        line = f"You rated **{safe(title)}** **{score}/10**."
    elif previous == score:
        line = f"You rated **{safe(title)}** **{score}/10** again; your score stays the same."
    else:
        line = f"You rated **{safe(title)}** **{score}/10** (it was {previous}/10)."
    votes = "vote" if count == 1 else "votes"
    return new_embed(
        "Score saved", f"{line}\nServer average now **{mean:.1f}/10** from {count} {votes}."
    )


def target_scores_embed(
    title: str, count: int, mean: float | None, distribution: Sequence[int], series: Series
) -> discord.Embed:
    embed = new_embed(f"Scores: {title}")
    if count:
        votes = "vote" if count == 1 else "votes"
        add_field(embed, "Server", f"**{mean:.1f}/10** from {count} {votes}", inline=True)
    else:
        add_field(embed, "Server", "No votes yet: be the first with `/rate`.", inline=True)
    critic = f"**{series.review.score}/{series.review.scale}** for the series"
    add_field(embed, "Critic", f"{critic} ({safe(series.review.attribution)})", inline=True)
    if count:
        add_field(embed, "How the server voted", distribution_chart(distribution))
    return embed


def ranking_embed(
    couples: Sequence[tuple[str, Ranked]], series: Sequence[tuple[Series, Tally]]
) -> discord.Embed:
    embed = new_embed(
        "The server's ranking",
        "Couples ranked by a vote-weighted average: each starts with a few votes at the critic's "
        "score, so one enthusiastic vote can't top a couple many of you rated.",
    )
    lines = [
        f"**{place}. {safe(title)}**: {_votes(r.tally)}"
        for place, (title, r) in enumerate(couples, 1)
    ]
    add_field(embed, "Couples", "\n".join(lines) or "No couples in the catalog.")
    for show, tally in series:
        critic = f"critic {show.review.score}/{show.review.scale}"
        add_field(embed, f"The series: {show.title}", f"Server {_votes(tally)} · {critic}")
    return embed


def _votes(tally: Tally) -> str:
    if not tally.count:
        return "no votes yet"
    votes = "vote" if tally.count == 1 else "votes"
    return f"{tally.total / tally.count:.1f}/10 from {tally.count} {votes}"


def lookup_problem_embed(lookup: CoupleLookup) -> discord.Embed:
    """Why `/couple` found no single couple, and what to try instead."""
    if lookup.not_a_couple:
        return notice_embed("Not a couple", _not_a_couple(lookup.people))
    if lookup.ambiguous:
        options = [f"{c.title}" for c in lookup.ambiguous]
        intro = "That fits more than one couple. Add the partner's name, or pick one:"
        return suggestions_embed("Which couple?", intro, options)
    unknown = [p for p in lookup.people if p.character is None]
    lines = [_unknown_person(p) for p in unknown]
    return suggestions_embed("Who's that?", "I don't know everyone you named:", lines)


def _not_a_couple(people: Sequence[PersonMatch]) -> str:
    names = " and ".join(f"**{safe(_name(p))}**" for p in people)
    paired = "; ".join(_paired_with(p) for p in people)
    return f"{names} aren't a couple. {paired}. Try `/couple` with one of those pairs."


def _paired_with(person: PersonMatch) -> str:
    couples = person.options or ((person.couple,) if person.couple else ())
    partners = [_partner(c, person.character) for c in couples]
    names = " or ".join(f"**{safe(p.name)}**" for p in partners if p is not None)
    return f"{safe(_name(person))} is paired with {names}" if names else ""


def _partner(couple: Couple, character: Character | None) -> Character | None:
    first, second = couple.members
    if character is None:
        return None
    return second if first.name == character.name else first


def _name(person: PersonMatch) -> str:
    return person.character.name if person.character else person.text


def _unknown_person(person: PersonMatch) -> str:
    typed = echo_input(person.text, 60)
    if person.suggestions:
        return f"“{typed}”: did you mean {', '.join(safe(s) for s in person.suggestions)}?"
    return f"“{typed}”: no one by that name. See `/tropes` for the couples."
