"""The components under a couple or a pick are built once per language and couple, and what
each answer sends is exactly what building them afresh would make."""

from __future__ import annotations

import pytest

from bot.i18n import translator_for
from cogs import views

LOCALES = ("en-US", "ja", "pt-BR", "es-ES", "fr", "de")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("trope_id", [None, "enemies-to-lovers"])
def test_an_answers_components_are_those_built_afresh(locale: str, trope_id: str | None) -> None:
    tr = translator_for(locale)
    fresh = views.fresh_answer_view(tr, "couple:jin-giichi", "jin-giichi", trope_id)

    sent = views.answer_view(tr, "couple:jin-giichi", "jin-giichi", trope_id)

    assert sent.to_components() == fresh.to_components()
    assert sent.timeout is None  # persistent, as the items it names are


def test_each_language_and_couple_has_its_own_components() -> None:
    english, japanese = translator_for("en-US"), translator_for("ja")

    built = {
        str(views.answer_view(tr, f"couple:{couple}", couple).to_components())
        for tr in (english, japanese)
        for couple in ("jin-giichi", "rei-shion")
    }

    assert len(built) == 4


def test_what_one_answer_sends_cannot_change_the_next() -> None:
    tr = translator_for("fr")
    first = views.answer_view(tr, "couple:rei-shion", "rei-shion").to_components()
    first.clear()

    assert views.answer_view(tr, "couple:rei-shion", "rei-shion").to_components()
