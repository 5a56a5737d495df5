"""/rate and /scores: the server's own opinion, beside the critic's."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import (
    echo_input,
    notice_embed,
    ranking_embed,
    rating_embed,
    suggestions_embed,
    target_scores_embed,
)
from bot.scoring import Tally
from bot.services import Services, series_of
from cogs._reply import Reply, choices, respond

SERVERS_ONLY = (
    "Scores belong to a server's members, so `/{command}` works in servers only. "
    "Try it in a server we share!"
)


class Ratings(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="rate", description="Score the series or a couple from 1 to 10.")
    @app_commands.describe(
        score="Your score, 1 (not for me) to 10 (loved it)",
        target="What you're rating; leave empty for what I last showed you",
    )
    async def rate(
        self,
        interaction: discord.Interaction,
        score: app_commands.Range[int, 1, 10],
        target: str | None = None,
    ) -> None:
        await respond(interaction, self._rate(interaction, score, target), ephemeral=True)

    @app_commands.command(name="scores", description="The server's scores beside the critic's.")
    @app_commands.describe(target="The series or a couple; leave empty for the couples' ranking")
    async def scores(self, interaction: discord.Interaction, target: str | None = None) -> None:
        await respond(interaction, self._scores(interaction, target))

    @rate.autocomplete("target")
    @scores.autocomplete("target")
    async def _target_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.matcher.complete_targets(current))

    async def _rate(
        self, interaction: discord.Interaction, score: int, target: str | None
    ) -> Reply:
        guild_id = interaction.guild_id
        if guild_id is None:
            return Reply(notice_embed("Servers only", SERVERS_ONLY.format(command="rate")), True)
        key = await self._target_or_default(interaction, target)
        if key is None:
            return self._unknown_target(target or "")
        change = await self.services.store.rate(guild_id, interaction.user.id, key, score)
        title = self.services.catalog.target_title(key) or key
        summary = change.summary
        embed = rating_embed(
            title, change.score, change.previous, summary.mean or 0.0, summary.count
        )
        return Reply(embed, ephemeral=True)

    async def _scores(self, interaction: discord.Interaction, target: str | None) -> Reply:
        guild_id = interaction.guild_id
        if guild_id is None:
            return Reply(notice_embed("Servers only", SERVERS_ONLY.format(command="scores")), True)
        if target is None or not target.strip():
            return Reply(await self._ranking(guild_id))
        key = self.services.matcher.match_target(target)
        if key is None:
            return self._unknown_target(target)
        summary = await self.services.store.summary(guild_id, key)
        catalog = self.services.catalog
        embed = target_scores_embed(
            catalog.target_title(key) or key,
            summary.count,
            summary.mean,
            summary.distribution,
            series_of(catalog, key),
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

    def _unknown_target(self, text: str) -> Reply:
        matcher = self.services.matcher
        options = matcher.complete_targets(text)[:5] or matcher.complete_targets("")[:5]
        intro = f"I couldn't find “{echo_input(text)}”. Pick one of these from the list:"
        lines = [label for label, _ in options]
        return Reply(suggestions_embed("Which one?", intro, lines), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Ratings(bot.services))  # type: ignore[attr-defined]
