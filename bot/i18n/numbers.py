"""Numbers as each shipped locale writes them: its decimal sign and digit-group separator.

The signs are CLDR's, as Babel has them. Babel loads a locale's whole CLDR data (1 to 4 MB of
memory each) the first time it writes a number in it, and the bot only ever needs these two
signs, so they are copied here; tests/bot/i18n/test_numbers.py writes every shipped locale's
numbers both ways and fails the day CLDR and this table disagree. A locale not listed here
(a catalog added without its line) is written by Babel itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bot.i18n.translator import LocaleName


class NumberSigns(NamedTuple):
    decimal: str
    group: str


# By Babel's locale name (str(Locale)); CLDR's signs for the Latin digits.
SIGNS: dict[str, NumberSigns] = {
    "en_US": NumberSigns(".", ","),
    "ja": NumberSigns(".", ","),
    "pt_BR": NumberSigns(",", "."),
    "es_ES": NumberSigns(",", "."),
    "fr": NumberSigns(",", "\u202f"),  # a narrow no-break space between groups
    "de": NumberSigns(",", "."),
}


def write_number(value: float, decimals: int, grouped: bool, locale: LocaleName) -> str:
    """`value` with exactly `decimals` decimals, rounded from its exact binary value, ties to
    even (as Babel and Python's own formatting round), with the locale's signs; digits grouped
    by three only when asked."""
    signs = SIGNS.get(str(locale))
    if signs is None:
        return _by_babel(value, decimals, grouped, locale)
    sign, whole, fraction = _fixed(value, decimals)
    if grouped:
        whole = _grouped(whole, signs.group)
    return sign + whole + (signs.decimal + fraction if fraction else "")


def _fixed(value: float, decimals: int) -> tuple[str, str, str]:
    """The sign, whole digits and `decimals` decimal digits of `value`. A float is written by
    Python's own formatting, which rounds its exact binary value to the nearest, ties to even
    (as Decimal's ROUND_HALF_EVEN would, without importing decimal into every bot); a whole
    number exactly, however large."""
    if isinstance(value, int):
        text = f"{value}.{'0' * decimals}" if decimals else str(value)
    else:
        text = f"{value:.{decimals}f}"
    whole, _, fraction = text.removeprefix("-").partition(".")
    return ("-" if text.startswith("-") else ""), whole, fraction


def _grouped(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


def _by_babel(value: float, decimals: int, grouped: bool, locale: LocaleName) -> str:
    from decimal import Decimal

    from babel import Locale  # loads the locale's CLDR data: see above
    from babel.numbers import format_decimal

    pattern = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
    return format_decimal(Decimal(value), format=pattern, locale=Locale.parse(str(locale)))
