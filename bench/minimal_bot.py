"""The floor of every discord.py bot: ``/ping`` answered with a one-field embed, nothing else.

Benchmarks compare the product bot against this one, and the loopback Discord's own tests drive
it, so it is started exactly as a user would start a bot::

    DISCORD_TOKEN=... [DISCORD_API_BASE=...] python bench/minimal_bot.py [sync]

``sync`` bulk-overwrites the global commands and exits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import discord
from discord import app_commands

# Run as a script, the project root is not on the path; the bot package lives there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.discord.api import DEFAULT_API_BASE, apply_api_base, steer_gateway


class MinimalBot(discord.Client):
    def __init__(self, *, sync_only: bool) -> None:
        # What a slash-only bot needs: guilds, for its server cache, and nothing privileged.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(intents=intents)
        self.tree = app_commands.CommandTree(self)
        self.sync_only = sync_only
        self.tree.command(name="ping", description="Check that the bot answers.")(ping)

    async def setup_hook(self) -> None:
        if self.sync_only:
            synced = await self.tree.sync()
            print(f"synced {len(synced)} global command(s)", flush=True)
            await self.close()
            return
        await steer_gateway(self)

    async def on_ready(self) -> None:
        print(f"ready as {self.user}", flush=True)


async def ping(interaction: discord.Interaction) -> None:
    embed = discord.Embed(title="Pong")
    embed.add_field(name="Latency", value=f"{interaction.client.latency * 1000:.0f} ms")
    await interaction.response.send_message(embed=embed)


def main(argv: list[str]) -> int:
    token = os.environ.get("DISCORD_TOKEN")
    if not token:
        print("DISCORD_TOKEN is not set", file=sys.stderr)
        return 2
    apply_api_base(os.environ.get("DISCORD_API_BASE", DEFAULT_API_BASE))
    bot = MinimalBot(sync_only=argv[1:2] == ["sync"])
    bot.run(token)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
