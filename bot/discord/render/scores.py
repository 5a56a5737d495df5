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
    new_embed,
    notice_embed,
    quote,
    safe,
    trope_names,
)
from bot.domain.catalog import Catalog, Series
from bot.domain.scoring import Ranked, Tally, ranking_rule
from bot.i18n import Translator, msgid


def distribution_chart(distribution: Sequence[int]) -> str:
    """A compact bar chart, 10 at the top, in a code block so the bars line up on a phone."""
    peak = max(distribution, default=0) or 1
    rows = []
    for score in range(len(distribution), 0, -1):
        count = distribution[score - 1]
        bar = "█" * round(count / peak * BAR_WIDTH) if count else ""
        rows.append(f"{score:>2} {bar:<{BAR_WIDTH}} {count}")
    return "```\n" + "\n".join(rows) + "\n```"


def rating_embed(tr: Translator, title: str, outcome: Rated) -> discord.Embed:
    change = outcome.change
    score, previous = change.score, change.previous
    values = {"title": safe(title), "score": score}
    if previous is None:
        line = tr.say("You rated **{title}** **{score}/10**.", **values)
    elif previous == score:
        line = tr.say(
            "You rated **{title}** **{score}/10** again; your score stays the same.", **values
        )
    else:
        line = tr.say(
            "You rated **{title}** **{score}/10** (it was {previous}/10).",
            previous=previous,
            **values,
        )
    summary = change.summary
    average = tr.say_plural(
        "Server average now **{mean}/10** from {count} vote.",
        "Server average now **{mean}/10** from {count} votes.",
        summary.count,
        mean=tr.number(summary.mean or 0, 1),
    )
    lines = [line, average, *_review_notes(tr, outcome)]
    return new_embed(tr.say("Score saved"), "\n".join(lines))


def _review_notes(tr: Translator, outcome: Rated) -> list[str]:
    hidden = outcome.change.spoiler
    match outcome.review:
        case ReviewResult.REFUSED:
            return [
                tr.say(
                    "Member reviews are turned off in this server, so only your score was saved."
                )
            ]
        case ReviewResult.REMOVED:
            return [tr.say("Your review was removed.")]
        case ReviewResult.NOTHING_TO_REMOVE:
            return [tr.say("You had no review of this to remove.")]
        case ReviewResult.SAVED:
            shown = tr.say("Your review is saved and shows beside the review's quotes.")
            return [tr.sentences(shown, _hidden_or_not(tr, hidden))]
        case ReviewResult.MARKED:
            if hidden:
                return [tr.say("Your review is kept. It's now hidden behind a spoiler tag.")]
            return [tr.say("Your review is kept. It's now shown without a spoiler tag.")]
        case ReviewResult.KEPT:
            kept = tr.say("Your earlier review is kept.")
            return [tr.sentences(kept, _hidden_or_not(tr, hidden))]
    return []


def _hidden_or_not(tr: Translator, spoiler: bool) -> str:
    if spoiler:
        return tr.say("It's hidden behind a spoiler tag.")
    return tr.say("It isn't hidden as a spoiler.")


RATE_PROBLEMS = {
    RateProblem.REVIEW_AND_REMOVE: (
        msgid("Keep or remove?"),
        msgid(
            "You gave a review and asked to remove your review at once, so I changed nothing "
            "(your score included). Send the review alone to save it, or `remove_review:True` "
            "alone to delete yours."
        ),
    ),
    RateProblem.SPOILER_AND_REMOVE: (
        msgid("Keep or remove?"),
        msgid(
            "You asked to remove your review and to set its spoiler tag at once, so I changed "
            "nothing (your score included). Send `remove_review:True` alone to delete it."
        ),
    ),
    RateProblem.NO_REVIEW_TO_MARK: (
        msgid("No review to tag"),
        msgid(
            "`spoiler` hides or shows a review, and you have none of {title} here and gave "
            "none, so I changed nothing (your score included). Add one with `review:`, beside "
            "`spoiler:`."
        ),
    ),
}


def rate_refused_embed(tr: Translator, title: str, problem: RateProblem) -> discord.Embed:
    """Why a /rate changed nothing: what it was given doesn't fit together."""
    heading, text = RATE_PROBLEMS[problem]
    bold = f"**{safe(title)}**"
    return notice_embed(tr.say(heading), tr.say(text, title=bold))


def target_scores_embed(
    tr: Translator,
    title: str,
    count: int,
    mean: float | None,
    distribution: Sequence[int],
    series: Series,
) -> discord.Embed:
    embed = new_embed(tr.say("Scores: {title}", title=title))
    if count:
        votes = tr.say_plural(
            "**{mean}/10** from {count} vote",
            "**{mean}/10** from {count} votes",
            count,
            mean=tr.number(mean or 0, 1),
        )
        add_field(embed, tr.say("Server"), votes, inline=True)
    else:
        nobody = tr.say("No votes yet: be the first with `/rate`.")
        add_field(embed, tr.say("Server"), nobody, inline=True)
    review = series.review
    reviewer = tr.say(
        "**{score}/{scale}** for the series ({source})",
        score=review.score,
        scale=review.scale,
        source=safe(tr.catalog(series, "attribution")),
    )
    add_field(embed, tr.say("Reviewer"), reviewer, inline=True)
    if count:
        add_field(embed, tr.say("How the server voted"), distribution_chart(distribution))
    return embed


class RankingRow(NamedTuple):
    title: str  # the couple's title, with its series where the catalog has several
    standing: Ranked


def ranking_explanation(tr: Translator) -> str:
    """The method in one line, from the numbers the ranking itself uses."""
    rule = ranking_rule()
    return tr.say(
        "Couples members rated rank by their average less a margin for doubt: {at_one} points "
        "with one vote, {at_ten} with ten, shrinking as votes add up.",
        at_one=tr.number(rule.margin_at_one, 1),
        at_ten=tr.number(rule.margin_at_ten, 1),
    )


def ranking_embed(
    tr: Translator, couples: Sequence[RankingRow], series: Sequence[tuple[Series, Tally]]
) -> discord.Embed:
    embed = new_embed(tr.say("The server's ranking"), ranking_explanation(tr))
    rated = [row for row in couples if row.standing.rated]
    lines = [_ranked_line(tr, place, row) for place, row in enumerate(rated, 1)]
    nobody = tr.say("Nobody here has rated a couple yet: be the first with `/rate`.")
    add_field(embed, tr.say("Couples"), "\n".join(lines) or nobody)
    unrated = [safe(row.title) for row in couples if not row.standing.rated]
    if unrated:
        add_field(embed, tr.say("Not rated yet"), tr.join(unrated))
    for show, tally in series:
        review = show.review
        reviewer = tr.say("reviewer {score}/{scale}", score=review.score, scale=review.scale)
        verdict = f"{votes_sentence(tr, tally)} · {reviewer}{against_reviewer(tr, tally, show)}"
        add_field(embed, tr.say("The series: {series}", series=show.title), verdict)
    return embed


def _ranked_line(tr: Translator, place: int, row: RankingRow) -> str:
    ranked = tr.say("{place}. {couple}", place=place, couple=safe(row.title))
    return tr.say("**{ranked}**: {votes}", ranked=ranked, votes=votes_text(tr, row.standing.tally))


def against_reviewer(tr: Translator, tally: Tally, series: Series) -> str:
    """How the server's average compares with the reviewer's score, in a few words."""
    if not tally.count:
        return ""
    gap = tally.total / tally.count - series.review.score * 10 / series.review.scale
    if abs(gap) < 0.05:
        compared = tr.say("the server agrees with the reviewer")
    elif gap > 0:
        compared = tr.say("the server rates it {gap} higher", gap=tr.number(abs(gap), 1))
    else:
        compared = tr.say("the server rates it {gap} lower", gap=tr.number(abs(gap), 1))
    return f" · {compared}"


def votes_text(tr: Translator, tally: Tally) -> str:
    """The votes in the middle of a line: ``7.5/10 from 2 votes``, or ``no votes yet``."""
    if not tally.count:
        return tr.say("no votes yet")
    return tr.say_plural(
        "{mean}/10 from {count} vote",
        "{mean}/10 from {count} votes",
        tally.count,
        mean=tr.number(tally.total / tally.count, 1),
    )


def votes_sentence(tr: Translator, tally: Tally) -> str:
    """The votes opening a line."""
    return votes_text(tr, tally) if tally.count else tr.say("No votes yet")


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(distribution: Sequence[int]) -> str:
    """Votes for 1 to 10 as one line of bars, short enough for two columns on a phone."""
    peak = max(distribution, default=0)
    if not peak:
        return ""
    bars = "".join(SPARKS[round(n / peak * (len(SPARKS) - 1))] if n else "·" for n in distribution)
    return f"`1 {bars} 10`"


def versus_embed(
    tr: Translator, left: VersusSide, right: VersusSide, catalog: Catalog
) -> discord.Embed:
    heading = tr.say("{first} vs {second}", first=left.couple.title, second=right.couple.title)
    embed = new_embed(heading, _verdict(tr, left, right))
    for side in (left, right):
        series = catalog.series[side.couple.series_id]
        lines = [votes_text(tr, Tally(side.summary.count, side.summary.total))]
        if chart := sparkline(side.summary.distribution):
            lines.append(chart)
        lines.append(trope_names(tr, catalog, side.couple.tropes))
        if side.quote is not None:
            lines.append(quote(tr, side.quote, tr.catalog(series, "attribution")))
        add_field(embed, side.couple.title, "\n".join(lines), inline=True)
    return embed


def _verdict(tr: Translator, left: VersusSide, right: VersusSide) -> str:
    """Who leads, said only of couples with votes: an unrated couple never leads."""
    ahead_of = [side for side in (left, right) if side.standing.rated]
    if not ahead_of:
        return tr.say("Nobody here has rated either yet: settle it with `/rate`.")
    if len(ahead_of) == 1:
        rated = ahead_of[0]
        other = right if rated is left else left
        return tr.say(
            "Only **{rated}** have votes here so far; nobody has rated **{other}** yet.",
            rated=safe(rated.couple.title),
            other=safe(other.couple.title),
        )
    gap = (left.standing.cautious or 0.0) - (right.standing.cautious or 0.0)
    if abs(gap) < 0.05:
        return tr.say("Neck and neck in the server's ranking.")
    ahead = left if gap > 0 else right
    return tr.say(
        "**{couple}** rank higher in the server's ranking (see `/scores`).",
        couple=safe(ahead.couple.title),
    )
