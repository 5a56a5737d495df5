"""/rate, /scores and /myratings: the server's own opinion, beside the reviewer's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.core import privacy, rating
from bot.core.outcomes import ServersOnly
from bot.core.services import Services
from bot.discord.render import (
    RankingRow,
    my_ratings_embed,
    notices,
    ranking_embed,
    target_scores_embed,
)
from bot.discord.words import words_for
from bot.domain.matching import TargetAmbiguous, TargetNotFound
from bot.domain.member_text import MAX_REVIEW_LENGTH
from bot.i18n import Translator
from cogs import _answers
from cogs._reply import Reply
from cogs.views import RateSelect, answer, services_of

if TYPE_CHECKING:
    from bot.discord.client import TwilightBot

FORMATS = ("json", "csv")


@app_commands.command(name="rate", description="Score the series or a couple from 1 to 10.")
@app_commands.describe(
    score="Your score, 1 (not for me) to 10 (loved it)",
    target="What you're rating; leave empty for what I last showed you",
    review=f"A short review (up to {MAX_REVIEW_LENGTH} characters); leave empty to keep yours",
    spoiler="Hide your review behind a spoiler tag",
    remove_review="Delete your review for this (your score stays)",
)
async def rate(
    interaction: discord.Interaction,
    score: app_commands.Range[int, 1, 10],
    target: str | None = None,
    review: app_commands.Range[str, 1, MAX_REVIEW_LENGTH] | None = None,
    spoiler: bool | None = None,
    remove_review: bool = False,
) -> None:
    services = services_of(interaction)
    work = _rate(services, interaction, score, target, review, spoiler, remove_review)
    await answer(interaction, work, ephemeral=True)


@app_commands.command(name="scores", description="The server's scores beside the reviewer's.")
@app_commands.describe(target="The series or a couple; leave empty for the couples' ranking")
async def scores(interaction: discord.Interaction, target: str | None = None) -> None:
    await answer(interaction, _scores(services_of(interaction), interaction, target))


@app_commands.command(
    name="myratings", description="Your scores and reviews here, with a file to download."
)
@app_commands.describe(file_format="The download's format (default JSON)")
@app_commands.rename(file_format="format")
async def myratings(
    interaction: discord.Interaction, file_format: Literal["json", "csv"] = "json"
) -> None:
    work = _mine(services_of(interaction), interaction, file_format)
    await answer(interaction, work, ephemeral=True)


rate.autocomplete("target")(_answers.target_choices)
scores.autocomplete("target")(_answers.target_choices)


async def _rate(
    services: Services,
    interaction: discord.Interaction,
    score: int,
    target: str | None,
    review: str | None,
    spoiler: bool | None,
    remove_review: bool,
) -> Reply:
    user = interaction.user
    asked = rating.RateRequest(score, review, spoiler, remove_review)
    outcome = await rating.rate_named(
        services, interaction.guild_id, user.id, user.display_name, target, asked
    )
    tr = words_for(interaction)
    if isinstance(outcome, TargetAmbiguous | TargetNotFound):
        return _answers.target_problem(tr, services, target or "", outcome)
    return _answers.rate_reply(tr, outcome)


async def _scores(
    services: Services, interaction: discord.Interaction, target: str | None
) -> Reply:
    tr = words_for(interaction)
    outcome = await rating.scores(services, interaction.guild_id, target)
    match outcome:
        case rating.Ranking():
            return Reply(_ranking(words_for(interaction, public=True), services, outcome))
        case rating.TargetScores(title=title, summary=summary, series=series):
            embed = target_scores_embed(
                words_for(interaction, public=True),
                title,
                summary.count,
                summary.mean,
                summary.distribution,
                series,
            )
            return Reply(embed)
        case ServersOnly():
            return _answers.refusal(tr, outcome)
    return _answers.target_problem(tr, services, target or "", outcome)


def _ranking(tr: Translator, services: Services, ranking: rating.Ranking) -> discord.Embed:
    catalog = services.catalog
    rows = [RankingRow(_answers.candidate_name(tr, catalog, r.key), r) for r in ranking.couples]
    return ranking_embed(tr, rows, ranking.series)


async def _mine(services: Services, interaction: discord.Interaction, file_format: str) -> Reply:
    tr = words_for(interaction)
    outcome = await privacy.my_ratings(services, interaction.guild_id, interaction.user.id)
    if isinstance(outcome, ServersOnly):
        return _answers.refusal(tr, outcome)
    if file_format not in FORMATS:  # a modified client can send any text for a choice
        return Reply(notices.which_format_embed(tr), ephemeral=True, refused=True)
    rows = outcome.rows
    embed = my_ratings_embed(tr, rows, services.catalog)
    if not rows:
        return Reply(embed, ephemeral=True)
    from bot.discord.exports import (
        export_ratings,  # csv and json load on the first download, not at start
    )

    export = export_ratings(tr, rows, services.catalog, file_format)
    file = discord.File(export.content, filename=export.filename, description=export.description)
    return Reply(embed, ephemeral=True, files=(file,))


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(RateSelect)
    for command in (rate, scores, myratings):
        bot.tree.add_command(command)
