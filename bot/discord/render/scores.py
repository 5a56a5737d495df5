"""Scores: a rating confirmed, a target's votes, the server's ranking, two couples compared."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import discord

from bot.core.picks import VersusSide
from bot.core.services import Rated, RateProblem, ReviewResult
from bot.discord.render.common import (
    BAR_WIDTH,
    add_field,
    counted,
    new_embed,
    notice_embed,
    quote,
    safe,
    trope_names,
)
from bot.domain.catalog import Catalog, Series
from bot.domain.scoring import Ranked, Tally, ranking_rule


def distribution_chart(distribution: Sequence[int]) -> str:
    """A compact bar chart, 10 at the top, in a code block so the bars line up on a phone."""
    peak = max(distribution, default=0) or 1
    rows = []
    for score in range(len(distribution), 0, -1):
        count = distribution[score - 1]
        bar = "█" * round(count / peak * BAR_WIDTH) if count else ""
        rows.append(f"{score:>2} {bar:<{BAR_WIDTH}} {count}")
    return "```\n" + "\n".join(rows) + "\n```"


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
        f"**{place}. {safe(row.title)}**: {votes_text(row.standing.tally)}"
        for place, row in enumerate(rated, 1)
    ]
    nobody = "Nobody here has rated a couple yet: be the first with `/rate`."
    add_field(embed, "Couples", "\n".join(lines) or nobody)
    unrated = [safe(row.title) for row in couples if not row.standing.rated]
    if unrated:
        add_field(embed, "Not rated yet", ", ".join(unrated))
    for show, tally in series:
        reviewer = f"reviewer {show.review.score}/{show.review.scale}"
        verdict = f"{votes_sentence(tally)} · {reviewer}{against_reviewer(tally, show)}"
        add_field(embed, f"The series: {show.title}", verdict)
    return embed


def against_reviewer(tally: Tally, series: Series) -> str:
    """How the server's average compares with the reviewer's score, in a few words."""
    if not tally.count:
        return ""
    gap = tally.total / tally.count - series.review.score * 10 / series.review.scale
    if abs(gap) < 0.05:
        return " · the server agrees with the reviewer"
    return f" · the server rates it {abs(gap):.1f} {'higher' if gap > 0 else 'lower'}"


def votes_text(tally: Tally) -> str:
    if not tally.count:
        return "no votes yet"
    return f"{tally.total / tally.count:.1f}/10 from {counted(tally.count, 'vote')}"


def votes_sentence(tally: Tally) -> str:
    votes = votes_text(tally)
    return votes[0].upper() + votes[1:]


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
        lines = [votes_text(Tally(side.summary.count, side.summary.total))]
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
