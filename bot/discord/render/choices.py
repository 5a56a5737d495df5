"""Autocomplete choices as members read them: the matcher finds them, these word them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain.catalog import Catalog, is_couple_key
from bot.domain.matching import DISCORD_CHOICE_MAX, Choice, Matcher
from bot.domain.matching.text import clip
from bot.i18n import Translator


def target_label(tr: Translator, catalog: Catalog, label: str, key: str) -> str:
    """A rating target offered to pick: a couple as the matcher labels it, the series as such."""
    if is_couple_key(key):
        return label
    return clip(tr.say("{title} (series)", title=catalog.target_title(key) or label))


def target_choices(tr: Translator, catalog: Catalog, found: Iterable[Choice]) -> list[Choice]:
    return [(target_label(tr, catalog, label, key), key) for label, key in found]


def trope_choices(tr: Translator, matcher: Matcher, found: Iterable[Choice]) -> list[Choice]:
    """Each trope with the couples it fits, as many as a choice's label has room for."""
    return [(trope_label(tr, name, matcher.trope_couples(key)), key) for name, key in found]


def trope_label(tr: Translator, name: str, titles: Sequence[str]) -> str:
    label = name
    for shown in range(1, len(titles) + 1):
        candidate = _listed(tr, name, titles, shown)
        if len(candidate) > DISCORD_CHOICE_MAX:
            return clip(_listed(tr, name, titles, shown - 1))
        label = candidate
    return label


def _listed(tr: Translator, name: str, titles: Sequence[str], shown: int) -> str:
    """The trope with its first `shown` couples, and how many more there are."""
    rest = len(titles) - shown
    count = tr.number(rest, grouped=True)
    if not shown:
        return tr.say_plural(
            "{trope}, +{count} more", "{trope}, +{count} more", rest, trope=name, count=count
        )
    couples = tr.join(titles[:shown])
    if not rest:
        return tr.say("{trope} — {couples}", trope=name, couples=couples)
    return tr.say_plural(
        "{trope} — {couples}, +{count} more",
        "{trope} — {couples}, +{count} more",
        rest,
        trope=name,
        couples=couples,
        count=count,
    )
