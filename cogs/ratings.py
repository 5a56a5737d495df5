"""/rate, /scores and /myratings: the server's own opinion, beside the reviewer's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.core.services import Services, series_of
from bot.discord.render import (
    RankingRow,
    my_ratings_embed,
    notice_embed,
    ranking_embed,
    target_scores_embed,
)
from bot.domain.matching import TargetFound, TargetMatch
from bot.domain.member_text import MAX_REVIEW_LENGTH
from bot.domain.scoring import NO_VOTES
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
    if interaction.guild_id is None:
        return _answers.servers_only("`/rate`")
    found = await _target_or_default(services, interaction, target)
    if not isinstance(found, TargetFound):
        return _answers.target_problem(services, target or "", found)
    return await _answers.rate_answer(
        services,
        interaction,
        found.key,
        score,
        review=review,
        spoiler=spoiler,
        remove_review=remove_review,
    )


async def _scores(
    services: Services, interaction: discord.Interaction, target: str | None
) -> Reply:
    guild_id = interaction.guild_id
    if guild_id is None:
        return _answers.servers_only("`/scores`")
    if target is None or not target.strip():
        return Reply(await _ranking(services, guild_id))
    found = services.matcher.match_target(target)
    if not isinstance(found, TargetFound):
        return _answers.target_problem(services, target, found)
    key = found.key
    summary = await services.store.summary(guild_id, key)
    catalog = services.catalog
    title = catalog.target_title(key) or key
    embed = target_scores_embed(
        title, summary.count, summary.mean, summary.distribution, series_of(catalog, key)
    )
    return Reply(embed)


async def _ranking(services: Services, guild_id: int) -> discord.Embed:
    catalog = services.catalog
    tallies = await services.tallies(guild_id)
    rows = [
        RankingRow(_answers.candidate_name(catalog, r.key), r)
        for r in services.recommender.ranking(tallies)
    ]
    series_rows = [(show, tallies.get(show.key, NO_VOTES)) for show in catalog.series.values()]
    return ranking_embed(rows, series_rows)


async def _mine(services: Services, interaction: discord.Interaction, file_format: str) -> Reply:
    guild_id = interaction.guild_id
    if guild_id is None:
        return _answers.servers_only("`/myratings`")
    if file_format not in FORMATS:  # a modified client can send any text for a choice
        text = "Pick the file's format from the list: json or csv."
        return Reply(notice_embed("Which format?", text), ephemeral=True)
    rows = await services.store.member_export(guild_id, interaction.user.id)
    embed = my_ratings_embed(rows, services.catalog)
    if not rows:
        return Reply(embed, ephemeral=True)
    from bot.discord.exports import (
        export_ratings,  # csv and json load on the first download, not at start
    )

    export = export_ratings(rows, services.catalog, file_format)
    file = discord.File(export.content, filename=export.filename, description=export.description)
    return Reply(embed, ephemeral=True, files=(file,))


async def _target_or_default(
    services: Services, interaction: discord.Interaction, text: str | None
) -> TargetMatch:
    """The named target; else what this member was last shown here; else the series."""
    if text is not None and text.strip():
        return services.matcher.match_target(text)
    catalog = services.catalog
    shown = await services.store.last_shown(interaction.guild_id or 0, interaction.user.id)
    if shown is not None and catalog.target_title(shown) is not None:
        return TargetFound(shown)
    return TargetFound(next(iter(catalog.series.values())).key)


async def setup(bot: TwilightBot) -> None:
    bot.add_dynamic_items(RateSelect)
    for command in (rate, scores, myratings):
        bot.tree.add_command(command)
