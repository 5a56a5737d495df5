"""Where the bot finds Discord: the real API, or a stand-in such as the loopback Discord.

``DISCORD_API_BASE`` names the REST base (``https://discord.com/api/v10`` by default). discord.py
reads its REST base from ``Route.BASE``, but a client told its shard count never asks where the
gateway is: it goes straight to ``DiscordWebSocket.DEFAULT_GATEWAY`` (also when it re-identifies
after an invalid session). So for any other base we ask that API for its gateway and steer the
constant too.
"""

from __future__ import annotations

import discord
import discord.gateway
import discord.http
import yarl

from bot.config import DEFAULT_API_BASE


def is_default_api_base(api_base: str) -> bool:
    return api_base.rstrip("/") == DEFAULT_API_BASE


def apply_api_base(api_base: str) -> None:
    """Send every REST call (including interaction webhooks) to ``api_base``."""
    if is_default_api_base(api_base):
        return
    discord.http.Route.BASE = api_base.rstrip("/")


async def session_start(client: discord.Client) -> int:
    """Ask the API for its gateway (steering to it when the base is not Discord's) and return its
    ``max_concurrency``: how many buckets of shards may IDENTIFY at once (bot.store.identify)."""
    _shards, url, limits = await client.http.get_bot_gateway()
    if not is_default_api_base(discord.http.Route.BASE):
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    return max(1, int(limits.get("max_concurrency", 1)))


async def steer_gateway(client: discord.Client) -> None:
    """Point the gateway at the one the configured API announces; call it from ``setup_hook``."""
    if is_default_api_base(discord.http.Route.BASE):
        return
    _shards, url, _limits = await client.http.get_bot_gateway()
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
