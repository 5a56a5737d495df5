"""/rate, /scores and /myratings: the server's own opinion, beside the critic's."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.exports import export_ratings
from bot.member_text import MAX_REVIEW_LENGTH
from bot.render import my_ratings_embed, notice_embed, ranking_embed, target_scores_embed
from bot.scoring import Tally
from bot.services import Services, series_of
from cogs import _answers
from cogs._reply import Reply, choices, respond
from cogs.views import RateSelect

FORMATS = ("json", "csv")


class Ratings(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="rate", description="Score the series or a couple from 1 to 10.")
    @app_commands.describe(
        score="Your score, 1 (not for me) to 10 (loved it)",
        target="What you're rating; leave empty for what I last showed you",
        review=f"A short review (up to {MAX_REVIEW_LENGTH} characters); leave empty to keep yours",
        spoiler="Hide your review behind a spoiler tag",
        remove_review="Delete your review for this (your score stays)",
    )
    async def rate(
        self,
        interaction: discord.Interaction,
        score: app_commands.Range[int, 1, 10],
        target: str | None = None,
        review: app_commands.Range[str, 1, MAX_REVIEW_LENGTH] | None = None,
        spoiler: bool | None = None,
        remove_review: bool = False,
    ) -> None:
        work = self._rate(interaction, score, target, review, spoiler, remove_review)
        await respond(interaction, work, ephemeral=True)

    @app_commands.command(name="scores", description="The server's scores beside the critic's.")
    @app_commands.describe(target="The series or a couple; leave empty for the couples' ranking")
    async def scores(self, interaction: discord.Interaction, target: str | None = None) -> None:
        await respond(interaction, self._scores(interaction, target))

    @app_commands.command(
        name="myratings", description="Your scores and reviews here, with a file to download."
    )
    @app_commands.describe(file_format="The download's format (default JSON)")
    @app_commands.rename(file_format="format")
    async def myratings(
        self, interaction: discord.Interaction, file_format: Literal["json", "csv"] = "json"
    ) -> None:
        await respond(interaction, self._mine(interaction, file_format), ephemeral=True)

    @rate.autocomplete("target")
    @scores.autocomplete("target")
    async def _target_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.matcher.complete_targets(current))

    async def _rate(
        self,
        interaction: discord.Interaction,
        score: int,
        target: str | None,
        review: str | None,
        spoiler: bool | None,
        remove_review: bool,
    ) -> Reply:
        if interaction.guild_id is None:
            return _answers.servers_only("`/rate`")
        key = await self._target_or_default(interaction, target)
        if key is None:
            return _answers.unknown_target(self.services, target or "")
        return await _answers.rate_answer(
            self.services,
            interaction,
            key,
            score,
            review=review,
            spoiler=spoiler,
            remove_review=remove_review,
        )

    async def _scores(self, interaction: discord.Interaction, target: str | None) -> Reply:
        guild_id = interaction.guild_id
        if guild_id is None:
            return _answers.servers_only("`/scores`")
        if target is None or not target.strip():
            return Reply(await self._ranking(guild_id))
        key = self.services.matcher.match_target(target)
        if key is None:
            return _answers.unknown_target(self.services, target)
        summary = await self.services.store.summary(guild_id, key)
        catalog = self.services.catalog
        title = catalog.target_title(key) or key
        embed = target_scores_embed(
            title, summary.count, summary.mean, summary.distribution, series_of(catalog, key)
        )
        return Reply(embed)

    async def _ranking(self, guild_id: int) -> discord.Embed:
        catalog = self.services.catalog
        tallies = await self.services.tallies(guild_id)
        couples = self.services.recommender.ranking(tallies)
        couple_rows = [(catalog.target_title(r.key) or r.key, r) for r in couples]
        series_rows = [
            (show, tallies.get(show.key, Tally(0, 0))) for show in catalog.series.values()
        ]
        return ranking_embed(couple_rows, series_rows)

    async def _mine(self, interaction: discord.Interaction, file_format: str) -> Reply:
        guild_id = interaction.guild_id
        if guild_id is None:
            return _answers.servers_only("`/myratings`")
        if file_format not in FORMATS:  # a modified client can send any text for a choice
            text = "Pick the file's format from the list: json or csv."
            return Reply(notice_embed("Which format?", text), ephemeral=True)
        rows = await self.services.store.member_export(guild_id, interaction.user.id)
        embed = my_ratings_embed(rows, self.services.catalog)
        if not rows:
            return Reply(embed, ephemeral=True)
        export = export_ratings(rows, self.services.catalog, file_format)
        file = discord.File(
            export.content, filename=export.filename, description=export.description
        )
        return Reply(embed, ephemeral=True, files=(file,))

    async def _target_or_default(
        self, interaction: discord.Interaction, text: str | None
    ) -> str | None:
        """The named target; else what this member was last shown here; else the series."""
        if text is not None and text.strip():
            return self.services.matcher.match_target(text)
        catalog = self.services.catalog
        shown = await self.services.store.last_shown(interaction.guild_id or 0, interaction.user.id)
        if shown is not None and catalog.target_title(shown) is not None:
            return shown
        return next(iter(catalog.series.values())).key


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(RateSelect)
    await bot.add_cog(Ratings(bot.services))  # type: ignore[attr-defined]
