"""Each interaction as the metrics and the log lines see it: what it was for, how it ended
(answered, refused, failed, late), how long the member waited for the answer, and whether the
answer was deferred.

The command tree starts watching a command (``interaction_check``) and a component callback its
press (``cogs.views``); the answer is counted when it is sent (``answered``), a failure where it
is explained (``ended``), and anything that ended without either when its callback returned
(``completed``). An interaction is counted once, by the first of these.

A command is named as it is synced ("rate", "admin reset-scores"), a component by the kind of
item pressed ("component:rate"), and a command the bot doesn't have (a forged one) "unknown":
never an id, a name or anything a member typed. Autocomplete is not counted: it is part of the
command being typed, and answered as it is typed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import discord

from bot.discord import logs
from bot.discord.health import NoMetrics

UNKNOWN = "unknown"
_WATCHED = "twilight.watched"  # the key in interaction.extras


class Recorder(Protocol):
    """The metrics an interaction reports to (bot.discord.metrics)."""

    def interaction(self, command: str, outcome: str) -> None: ...
    def answer_time(self, command: str, seconds: float) -> None: ...
    def deferral(self, command: str) -> None: ...


@dataclass(slots=True)
class _Watched:
    name: str
    recorder: Recorder
    counted: bool = False


def command_name(interaction: discord.Interaction) -> str:
    """The command as synced, or "unknown" for one the bot doesn't have."""
    command = interaction.command
    return command.qualified_name if command is not None else UNKNOWN


def begin(interaction: discord.Interaction, name: str) -> None:
    """From here on this interaction is `name`'s, in the metrics and in every log line of it."""
    logs.enter_interaction(name, shard_of(interaction), interaction.guild_id)
    recorder: Recorder | None = getattr(interaction.client, "metrics", None)
    if recorder is not None and not isinstance(recorder, NoMetrics):
        interaction.extras[_WATCHED] = _Watched(name, recorder)  # metrics off: nothing kept


def shard_of(interaction: discord.Interaction) -> int:
    """The shard that got the interaction: its server's (Discord's rule), DMs on shard 0."""
    count = interaction.client.shard_count or 1
    return 0 if interaction.guild_id is None else (interaction.guild_id >> 22) % count


def answered(interaction: discord.Interaction, *, refused: bool) -> None:
    """The answer (the first response, or the follow-up after a deferral) has been sent."""
    watched = interaction.extras.get(_WATCHED)
    if watched is None or watched.counted:
        return
    waited = time.time() - interaction.created_at.timestamp()
    watched.recorder.answer_time(watched.name, max(waited, 0.0))  # clocks may differ a little
    _count(watched, "refused" if refused else "answered")


def deferred(interaction: discord.Interaction) -> None:
    watched = interaction.extras.get(_WATCHED)
    if watched is not None:
        watched.recorder.deferral(watched.name)


def ended(interaction: discord.Interaction, outcome: str) -> None:
    """It ended otherwise: "refused" (a friendly explanation), "failed" (a bug) or "late"."""
    watched = interaction.extras.get(_WATCHED)
    if watched is not None and not watched.counted:
        _count(watched, outcome)


def completed(interaction: discord.Interaction) -> None:
    """Its callback returned: an answer sent some other way than through `answered` counts as
    answered (with no answer time: when it was sent is not known here)."""
    watched = interaction.extras.get(_WATCHED)
    if watched is not None and not watched.counted:
        _count(watched, "answered")


def _count(watched: _Watched, outcome: str) -> None:
    watched.counted = True
    watched.recorder.interaction(watched.name, outcome)
