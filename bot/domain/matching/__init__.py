"""Matching what members type against the catalog: tropes, names, couples and rating targets.

Members type however they like ("ENEMIES_TO_LOVERS", "rei x shion", "Shoin"), so every name
is reduced to a normalized key once, when the Matcher is built. Lookups are then dictionary
hits or sorted-prefix scans (bisect), and typo tolerance only ever compares against a small
candidate set found through a one-deletion index, so a catalog of thousands of couples stays
fast enough for Discord's autocomplete.

The parts, each usable alone:

- ``text``: typed text reduced to keys (``normalize``, ``compact``) and ``edit_distance``;
- ``indexes``: ``PrefixIndex`` and ``TypoIndex``, which keep every lookup off a full scan;
- ``tropes``: ``TropeMatcher``, tropes and tags by name, synonym, start or typo;
- ``names``: ``NameIndex``, who a typed name means;
- ``couples``: ``CoupleMatcher``, which couple one or two typed names mean;
- ``targets``: ``TargetMatcher``, which series or couple a rating is for.

``Matcher`` builds them all from one catalog and answers for them.
"""

from __future__ import annotations

from bot.domain.catalog import Catalog
from bot.domain.matching.couples import CoupleLookup, CoupleMatcher, PersonMatch
from bot.domain.matching.indexes import PrefixIndex, TypoIndex
from bot.domain.matching.targets import (
    TargetAmbiguous,
    TargetFound,
    TargetMatch,
    TargetMatcher,
    TargetNotFound,
)
from bot.domain.matching.text import (
    DEFAULT_LIMIT,
    DISCORD_CHOICE_MAX,
    Choice,
    compact,
    edit_distance,
    normalize,
)
from bot.domain.matching.tropes import TropeMatch, TropeMatcher

__all__ = [
    "DEFAULT_LIMIT",
    "DISCORD_CHOICE_MAX",
    "Choice",
    "CoupleLookup",
    "Matcher",
    "PersonMatch",
    "PrefixIndex",
    "TargetAmbiguous",
    "TargetFound",
    "TargetMatch",
    "TargetNotFound",
    "TropeMatch",
    "TypoIndex",
    "compact",
    "edit_distance",
    "normalize",
]


class Matcher:
    """Indexes a catalog once; every lookup afterwards is cheap."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.tropes = TropeMatcher(catalog)
        self.couples = CoupleMatcher(catalog)
        self.targets = TargetMatcher(catalog, self.couples)

    def match_trope(self, text: str) -> TropeMatch:
        """The trope or tag `text` means, or the closest few when it means none."""
        return self.tropes.match(text)

    def complete_tropes(self, current: str, limit: int = DEFAULT_LIMIT) -> list[Choice]:
        """Tropes like what is typed so far, by name (`trope_couples` for their labels)."""
        return self.tropes.complete(current, limit)

    def trope_couples(self, trope_id: str) -> tuple[str, ...]:
        """The titles of the couples a trope fits, in the catalog's order."""
        return self.tropes.couple_titles(trope_id)

    def find_couple(self, name: str, partner: str | None = None) -> CoupleLookup:
        """The couple one name, two names in one option, or a name and a partner mean."""
        return self.couples.find(name, partner)

    def complete_names(
        self, current: str, other: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Choice]:
        """Names starting with what is typed so far; the partner of `other` first."""
        return self.couples.complete_names(current, other, limit)

    def match_target(self, text: str, *, couples_only: bool = False) -> TargetMatch:
        """The series or couple `text` names, every one it fits, or some to offer instead."""
        return self.targets.match(text, couples_only=couples_only)

    def complete_targets(self, current: str, limit: int = DEFAULT_LIMIT) -> list[Choice]:
        """Series, then couples, starting with what is typed so far (or a typo away)."""
        return self.targets.complete(current, limit)
