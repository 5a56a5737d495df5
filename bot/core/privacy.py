"""A member's own data: /myratings, and /forget-me with its confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bot.core.outcomes import ServerAction, ServersOnly
from bot.core.services import Services
from bot.store import MemberRating


class MemberRatings(NamedTuple):
    rows: tuple[MemberRating, ...]  # empty when the member rated nothing here


async def my_ratings(
    services: Services, guild_id: int | None, user_id: int
) -> MemberRatings | ServersOnly:
    if guild_id is None:
        return ServersOnly(ServerAction.MYRATINGS_COMMAND)
    return MemberRatings(tuple(await services.store.member_export(guild_id, user_id)))


class NothingHeld(NamedTuple):
    """Nothing is kept about the member here: nothing to confirm or delete."""


class HeldAbout(NamedTuple):
    """What is kept about the member here, by kind, to confirm before deleting."""

    counts: Mapping[str, int]


class NotYours(NamedTuple):
    """Someone pressed another member's confirmation."""


class KeptData(NamedTuple):
    """The member chose to keep their data."""


class Forgotten(NamedTuple):
    counts: Mapping[str, int]  # what was deleted, by kind


async def held_about(
    services: Services, guild_id: int | None, user_id: int
) -> HeldAbout | NothingHeld | ServersOnly:
    if guild_id is None:
        return ServersOnly(ServerAction.FORGET_ME_COMMAND)
    held = await services.store.held_about_member(guild_id, user_id)
    return HeldAbout(held) if any(held.values()) else NothingHeld()


async def forget(
    services: Services, guild_id: int | None, presser_id: int, owner_id: int, *, confirm: bool
) -> Forgotten | NothingHeld | KeptData | NotYours | ServersOnly:
    """A press on /forget-me's confirmation: only its owner's counts."""
    if guild_id is None:
        return ServersOnly(ServerAction.FORGET_ME_COMMAND)
    if presser_id != owner_id:
        return NotYours()
    if not confirm:
        return KeptData()
    deleted = await services.store.forget_member(guild_id, owner_id)
    return Forgotten(deleted) if any(deleted.values()) else NothingHeld()
