"""Turning the core's answers into Discord embeds that read well on a phone.

Everything a member sees is built here, so Discord's size limits are enforced in one place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.core.services import Rated, RateProblem, ReviewResult
from bot.domain.catalog import Catalog, Character, Couple, Series, Snippet, Trope
from bot.domain.matching import CoupleLookup, PersonMatch
from bot.domain.member_text import clean_line, shorten_long_words
from bot.domain.recommend import Pick, Reason
from bot.domain.scoring import Ranked, Tally, ranking_rule
from bot.store import GuildSettings, MemberRating, MemberReview, ReviewPage, ScoreSummary

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


def quote(snippet: Snippet, attribution: str) -> str:
    """A review line as a block quote with its source; spoilers hidden until tapped."""
    text = safe(snippet.text)
    body = f"||{text}||" if snippet.spoiler else text
    lines = [f"> “{body}”", f"> — {attribution}" + (" (spoiler)" if snippet.spoiler else "")]
    if snippet.note:
        lines.append(f"-# {safe(snippet.note)}")
    return "\n".join(lines)


def score_line(standing: Ranked | None, series: Series, *, in_guild: bool = True) -> str:
    reviewer = f"Reviewer: **{series.review.score}/{series.review.scale}** for the series"
    if not in_guild:
        return reviewer  # outside a server there is no server score to show
    if standing is None or not standing.tally.count:
        return f"Server: no votes yet · {reviewer}"
    count = standing.tally.count
    return f"Server: **{standing.mean:.1f}/10** ({count} {_plural(count, 'vote')}) · {reviewer}"


class CoupleLines(NamedTuple):
    """What a couple's answer says besides its story: the review's lines and the scores."""

    quotes: Sequence[Snippet]
    reservation: Snippet | None
    standing: Ranked


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
        server = f"{_votes_sentence(standing)}{_against_reviewer(standing, series)}"
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


def quote_line(snippet: Snippet) -> str:
    """A review line in a list of them (the attribution is said once, elsewhere)."""
    text = safe(snippet.text)
    line = f"> “||{text}||” (spoiler)" if snippet.spoiler else f"> “{text}”"
    return f"{line}\n-# {safe(snippet.note)}" if snippet.note else line


def add_quote_fields(embed: discord.Embed, name: str, snippets: Sequence[Snippet]) -> None:
    """Quotes under `name`, as many fields as they need, never a quote cut in half."""
    chunk: list[str] = []
    size = 0
    for line in (quote_line(s) for s in snippets):
        if chunk and size + len(line) + 1 > FIELD_VALUE_LIMIT:
            add_field(embed, name, "\n".join(chunk))
            chunk, size, name = [], 0, f"{name} (continued)"
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        add_field(embed, name, "\n".join(chunk))


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


def rating_embed(title: str, outcome: Rated) -> discord.Embed:
    change = outcome.change
    score, previous = change.score, change.previous
    if previous is None:
        line = f"You rated **{safe(title)}** **{score}/10**."
    elif previous == score:
        line = f"You rated **{safe(title)}** **{score}/10** again; your score stays the same."
    else:
        line = f"You rated **{safe(title)}** **{score}/10** (it was {previous}/10)."
    summary = change.summary
    lines = [
        line,
        f"Server average now **{summary.mean or 0:.1f}/10** from {counted(summary.count, 'vote')}.",
    ]
    lines.extend(_review_notes(outcome))
    return new_embed("Score saved", "\n".join(lines))


def _review_notes(outcome: Rated) -> list[str]:
    hidden = outcome.change.spoiler
    match outcome.review:
        case ReviewResult.REFUSED:
            return ["Member reviews are turned off in this server, so only your score was saved."]
        case ReviewResult.REMOVED:
            return ["Your review was removed."]
        case ReviewResult.NOTHING_TO_REMOVE:
            return ["You had no review of this to remove."]
        case ReviewResult.SAVED:
            shown = "Your review is saved and shows beside the review's quotes."
            return [f"{shown} {_hidden_or_not(hidden)}"]
        case ReviewResult.MARKED:
            now = "now hidden behind a spoiler tag" if hidden else "now shown without a spoiler tag"
            return [f"Your review is kept. It's {now}."]
        case ReviewResult.KEPT:
            return [f"Your earlier review is kept. {_hidden_or_not(hidden)}"]
    return []


def _hidden_or_not(spoiler: bool) -> str:
    return "It's hidden behind a spoiler tag." if spoiler else "It isn't hidden as a spoiler."


RATE_PROBLEMS = {
    RateProblem.REVIEW_AND_REMOVE: (
        "Keep or remove?",
        "You gave a review and asked to remove your review at once, so I changed nothing "
        "(your score included). Send the review alone to save it, or `remove_review:True` "
        "alone to delete yours.",
    ),
    RateProblem.SPOILER_AND_REMOVE: (
        "Keep or remove?",
        "You asked to remove your review and to set its spoiler tag at once, so I changed "
        "nothing (your score included). Send `remove_review:True` alone to delete it.",
    ),
    RateProblem.NO_REVIEW_TO_MARK: (
        "No review to tag",
        "`spoiler` hides or shows a review, and you have none of {title} here and gave none, "
        "so I changed nothing (your score included). Add one with `review:`, beside `spoiler:`.",
    ),
}


def rate_refused_embed(title: str, problem: RateProblem) -> discord.Embed:
    """Why a /rate changed nothing: what it was given doesn't fit together."""
    heading, text = RATE_PROBLEMS[problem]
    return notice_embed(heading, text.format(title=f"**{safe(title)}**"))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 vote``, ``2 votes``, ``0 votes``: a count with its noun, singular only for one."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def target_scores_embed(
    title: str, count: int, mean: float | None, distribution: Sequence[int], series: Series
) -> discord.Embed:
    embed = new_embed(f"Scores: {title}")
    if count:
        votes = "vote" if count == 1 else "votes"
        add_field(embed, "Server", f"**{mean:.1f}/10** from {count} {votes}", inline=True)
    else:
        add_field(embed, "Server", "No votes yet: be the first with `/rate`.", inline=True)
    reviewer = f"**{series.review.score}/{series.review.scale}** for the series"
    add_field(embed, "Reviewer", f"{reviewer} ({safe(series.review.attribution)})", inline=True)
    if count:
        add_field(embed, "How the server voted", distribution_chart(distribution))
    return embed


class RankingRow(NamedTuple):
    title: str  # the couple's title, with its series where the catalog has several
    standing: Ranked


def ranking_explanation() -> str:
    """The method in one line, from the numbers the ranking itself uses."""
    rule = ranking_rule()
    return (
        "Couples members rated rank by their average less a margin for doubt: "
        f"{rule.margin_at_one:.1f} points with one vote, {rule.margin_at_ten:.1f} with ten, "
        "shrinking as votes add up."
    )


def ranking_embed(
    couples: Sequence[RankingRow], series: Sequence[tuple[Series, Tally]]
) -> discord.Embed:
    embed = new_embed("The server's ranking", ranking_explanation())
    rated = [row for row in couples if row.standing.rated]
    lines = [
        f"**{place}. {safe(row.title)}**: {_votes(row.standing.tally)}"
        for place, row in enumerate(rated, 1)
    ]
    nobody = "Nobody here has rated a couple yet: be the first with `/rate`."
    add_field(embed, "Couples", "\n".join(lines) or nobody)
    unrated = [safe(row.title) for row in couples if not row.standing.rated]
    if unrated:
        add_field(embed, "Not rated yet", ", ".join(unrated))
    for show, tally in series:
        reviewer = f"reviewer {show.review.score}/{show.review.scale}"
        verdict = f"{_votes_sentence(tally)} · {reviewer}{_against_reviewer(tally, show)}"
        add_field(embed, f"The series: {show.title}", verdict)
    return embed


def _against_reviewer(tally: Tally, series: Series) -> str:
    """How the server's average compares with the reviewer's score, in a few words."""
    if not tally.count:
        return ""
    gap = tally.total / tally.count - series.review.score * 10 / series.review.scale
    if abs(gap) < 0.05:
        return " · the server agrees with the reviewer"
    return f" · the server rates it {abs(gap):.1f} {'higher' if gap > 0 else 'lower'}"


def _votes(tally: Tally) -> str:
    if not tally.count:
        return "no votes yet"
    return f"{tally.total / tally.count:.1f}/10 from {tally.count} {_plural(tally.count, 'vote')}"


def _votes_sentence(tally: Tally) -> str:
    votes = _votes(tally)
    return votes[0].upper() + votes[1:]


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def lookup_problem_embed(lookup: CoupleLookup) -> discord.Embed:
    """Why `/couple` found no single couple, and what to try instead."""
    if lookup.not_a_couple:
        return notice_embed("Not a couple", _not_a_couple(lookup.people))
    if lookup.ambiguous:
        typed = " & ".join(person.text for person in lookup.people)
        fits = fits_more_than_one(typed, [c.title for c in lookup.ambiguous])
        return notice_embed("Which couple?", f"{fits} Add the partner's name to pick one.")
    unknown = [p for p in lookup.people if p.character is None]
    lines = [_unknown_person(p) for p in unknown]
    return suggestions_embed(
        "Who's that?", _unknown_names_intro(len(lookup.people), len(unknown)), lines
    )


def _unknown_names_intro(named: int, unknown: int) -> str:
    if named == 1:
        return "I don't know that name:"
    return "I don't know either name:" if unknown == named else "I don't know one of the names:"


FITS_SHOWN = 5  # candidates named in a "fits more than one"; the rest are counted


def fits_more_than_one(typed: str, names: Sequence[str]) -> str:
    """“Rei” fits more than one: Rei & Shion, Rei & Tomo."""
    shown = [f"**{safe(name)}**" for name in names[:FITS_SHOWN]]
    if len(names) > FITS_SHOWN:
        shown.append(f"and {len(names) - FITS_SHOWN} more")
    return f"“{echo_input(typed)}” fits more than one: {', '.join(shown)}."


def ambiguous_target_embed(typed: str, names: Sequence[str]) -> discord.Embed:
    """What was typed fits several rating targets: name them, and how to pick one."""
    hint = "Type more of it (for a couple, both names), or pick one from the list."
    return notice_embed("Which one?", f"{fits_more_than_one(typed, names)} {hint}")


def unknown_target_embed(
    typed: str, labels: Sequence[str], *, couples_only: bool = False
) -> discord.Embed:
    """What was typed names no rating target: the closest ones to pick instead."""
    if couples_only:
        intro = f"“{echo_input(typed)}” isn't a couple I know. Pick a couple from the list:"
    else:
        intro = f"I couldn't find “{echo_input(typed)}”. Pick one of these from the list:"
    return suggestions_embed("Which one?", intro, [safe(label) for label in labels[:5]])


def _not_a_couple(people: Sequence[PersonMatch]) -> str:
    first, second = people[0], people[-1]
    if first.character is not None and first.character == second.character:
        return f"You named **{safe(_name(first))}** twice. {_paired_with(first)}."
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


def cooldown_embed(seconds_left: float) -> discord.Embed:
    wait = max(1, math.ceil(seconds_left))
    return notice_embed("Easy there!", f"Try again in {wait} s.")


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


class VersusSide(NamedTuple):
    couple: Couple
    summary: ScoreSummary
    standing: Ranked
    quote: Snippet | None


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(distribution: Sequence[int]) -> str:
    """Votes for 1 to 10 as one line of bars, short enough for two columns on a phone."""
    peak = max(distribution, default=0)
    if not peak:
        return ""
    bars = "".join(SPARKS[round(n / peak * (len(SPARKS) - 1))] if n else "·" for n in distribution)
    return f"`1 {bars} 10`"


def versus_embed(left: VersusSide, right: VersusSide, catalog: Catalog) -> discord.Embed:
    embed = new_embed(f"{left.couple.title} vs {right.couple.title}", _verdict(left, right))
    for side in (left, right):
        series = catalog.series[side.couple.series_id]
        lines = [_votes(Tally(side.summary.count, side.summary.total))]
        if chart := sparkline(side.summary.distribution):
            lines.append(chart)
        lines.append(trope_names(catalog, side.couple.tropes))
        if side.quote is not None:
            lines.append(quote(side.quote, series.review.attribution))
        add_field(embed, side.couple.title, "\n".join(lines), inline=True)
    return embed


def _verdict(left: VersusSide, right: VersusSide) -> str:
    """Who leads, said only of couples with votes: an unrated couple never leads."""
    ahead_of = [side for side in (left, right) if side.standing.rated]
    if not ahead_of:
        return "Nobody here has rated either yet: settle it with `/rate`."
    if len(ahead_of) == 1:
        rated = ahead_of[0]
        other = right if rated is left else left
        return (
            f"Only **{safe(rated.couple.title)}** have votes here so far; nobody has rated "
            f"**{safe(other.couple.title)}** yet."
        )
    gap = (left.standing.cautious or 0.0) - (right.standing.cautious or 0.0)
    if abs(gap) < 0.05:
        return "Neck and neck in the server's ranking."
    ahead = left if gap > 0 else right
    return f"**{safe(ahead.couple.title)}** rank higher in the server's ranking (see `/scores`)."


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
