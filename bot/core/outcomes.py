"""The refusals several use cases share, as typed outcomes: the Discord side words them."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class ServerAction(Enum):
    """What was asked outside a server, which works in servers only: a command, or a step from
    an answer's components."""

    RATE_COMMAND = "rate"
    SCORES_COMMAND = "scores"
    MYRATINGS_COMMAND = "myratings"
    FORGET_ME_COMMAND = "forget-me"
    RATING = "rating"
    PICKING = "picking"
    READING_REVIEWS = "reading-reviews"


class ServersOnly(NamedTuple):
    """Scores and reviews belong to a server's members: there is no server here."""

    action: ServerAction


class GoneFromCatalog(NamedTuple):
    """The target an answer (or a forged interaction) names is no longer in the catalog."""


class CoolingDown(NamedTuple):
    """This member's cooldown for the command still runs; the use was not counted."""

    retry_after: float  # seconds


class ReviewsOff(NamedTuple):
    """A server admin has turned member reviews off in this server."""
