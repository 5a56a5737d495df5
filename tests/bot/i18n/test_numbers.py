"""Numbers in every shipped locale are written as Babel (CLDR) writes them, without loading
CLDR's data: bot/i18n/numbers.py copies each locale's signs, and this holds it to Babel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal

from bot.domain.locales import SHIPPED_LOCALES
from bot.i18n import translator_for
from bot.i18n.numbers import SIGNS, write_number
from bot.i18n.translator import LocaleName

VALUES = (
    *range(12),
    *(0.05, 0.15, 0.25, 0.35, 2.5, 3.5, 7.45, 9.95, 9.96, 10.0, -1.5, -0.04, 0.0, -0.0),
    *(0.125, 0.375, -2.675),  # exact binary ties, and a value just below one
    *(999, 1000, 3333, 10_000, 99_999, 123_456, 1_000_000, 1_234_567.891, 10**12),
    *(-42, 2**60 + 1),  # whole numbers beyond a float's 53 bits are written exactly
)


def by_babel(value: float, decimals: int, grouped: bool, locale: str) -> str:
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
    return format_decimal(Decimal(value), format=pattern, locale=locale)


@pytest.mark.parametrize("locale", ["en-US", *SHIPPED_LOCALES])
@pytest.mark.parametrize("grouped", [False, True])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_every_shipped_locale_writes_numbers_as_cldr_does(
    locale: str, grouped: bool, decimals: int
) -> None:
    translator = translator_for(locale)
    name = str(translator.locale)
    assert name in SIGNS, f"{locale}: add its signs to bot/i18n/numbers.py"

    ours = [translator.number(v, decimals, grouped=grouped) for v in VALUES]

    assert ours == [by_babel(v, decimals, grouped, name) for v in VALUES]


def test_a_locale_without_signs_of_its_own_is_written_by_babel() -> None:
    italian = LocaleName.parse("it")
    assert "it" not in SIGNS

    assert write_number(1234.5, 1, True, italian) == by_babel(1234.5, 1, True, "it")
