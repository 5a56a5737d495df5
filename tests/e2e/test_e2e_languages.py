"""The bot in a member's language, end to end: Japanese, Brazilian Portuguese and French clients
see the commands by their localised names and get every answer, button, error and export in their
language, a trope typed in it matched, and the review's quotes exactly as the review wrote them,
in English. Expected words come from the bot's own catalogs (bot/i18n, the test catalog's
locale files), so a translator's correction changes no test; English is what they must not be."""

from __future__ import annotations

import csv
import io
import re

import pytest
from e2e_driver import (
    Member,
    ProductBot,
    custom_id_labelled,
    description,
    embed,
    field_names,
    is_ephemeral,
    text_of,
    title,
    uploads,
)
from support.catalogs import ONE_SERIES

from bot.catalog import Catalog, load_catalog
from bot.devtools.loopback import LoopbackDiscord
from bot.i18n import Translator, translator_for

pytestmark = pytest.mark.asyncio(loop_scope="session")

SEED = ONE_SERIES.parents[1] / "seed" / "twilight-out-of-focus-review.txt"
# A trope as a member of each language types it: the catalog's own way, and with a typo.
TYPED_ENEMIES = {
    "ja": ["敵から恋人へ", "敵から恋人え"],
    "pt-BR": ["inimigos para amantes", "inimigos para amanttes"],
    "fr": ["d'ennemis à amants", "d'enemis à amants"],
    "de": ["von Feinden zu Liebenden", "von Feinden zu Libenden"],
    "es-ES": ["de enemigos a amantes", "de enemigos a amanttes"],
}
# Command names a language writes as English does: Discord then keeps no localisation for them.
NAMED_AS_IN_ENGLISH = {"fr": frozenset({"couple"})}
# Headings a language writes as English does (German fandom says "Tropes" too).
HEADINGS_AS_IN_ENGLISH = {"de": frozenset({"Tropes"})}
HEADERS = ("target", "title", "score", "review", "spoiler", "rated_at", "updated_at")

LOCALES = pytest.mark.parametrize(
    "locale",
    [
        "ja",
        "pt-BR",
        "fr",
        "de",
        "es-ES",
    ],
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ONE_SERIES)


def speaking(member: Member, locale: str) -> tuple[Member, Translator, Translator]:
    return member.speaking(locale), translator_for(locale), translator_for("en-US")


def quotes_in(message: dict, tr: Translator) -> list[str]:
    """The quoted lines, between the quotation marks of the answer's language."""
    opening, _, closing = tr.say("“{quote}”", quote="\0").partition("\0")
    pattern = re.compile(rf"^> {re.escape(opening)}(.+){re.escape(closing)}$", re.MULTILINE)
    return pattern.findall(text_of(message))


def assert_quotes_verbatim(message: dict, tr: Translator) -> None:
    review = SEED.read_text(encoding="utf-8")
    quoted = quotes_in(message, tr)
    assert quoted, "an answer about a couple quotes the review"
    for line in quoted:
        assert (
            line.strip("|") in review
        )  # spoilers are hidden behind ||, the words are the review's
    assert tr.say("Quoted in English, as the review wrote it.") in text_of(message)


@LOCALES
async def test_the_commands_are_synced_with_names_in_the_language(
    fake: LoopbackDiscord, product_bot: ProductBot, locale: str
) -> None:
    tr = translator_for(locale)
    commands = {c["name"]: c for c in fake.commands()}

    for name in ("recommend", "couple", "rate", "scores", "help", "myratings"):
        localised = (commands[name]["name_localizations"] or {}).get(locale, name)
        if name in NAMED_AS_IN_ENGLISH.get(locale, frozenset()):
            assert localised == name
            continue
        assert localised == tr.in_context("command name", name)
        assert localised != name
        assert commands[name]["description_localizations"][locale]


@LOCALES
async def test_a_trope_typed_in_the_language_recommends_its_couple_in_that_language(
    member: Member, catalog: Catalog, locale: str
) -> None:
    them, tr, english = speaking(member, locale)
    trope = catalog.tropes["enemies-to-lovers"]

    for typed in TYPED_ENEMIES[locale]:
        answer = await them.use("recommend", {"trope": typed})

        assert not is_ephemeral(answer)
        expected = tr.say(
            "{trope}: {couple}", trope=tr.catalog(trope, "name"), couple="Jin & Giichi"
        )
        assert title(answer) == expected
        assert tr.say("From the review") in field_names(answer)
        assert english.say("From the review") not in field_names(answer)
        assert_quotes_verbatim(answer, tr)


@LOCALES
async def test_a_couple_profile_is_in_the_language_around_english_quotes(
    member: Member, locale: str
) -> None:
    them, tr, english = speaking(member, locale)

    answer = await them.use("couple", {"name": "Rei Shion"})
    in_english = await member.use("couple", {"name": "Rei Shion"})

    assert not is_ephemeral(answer)
    spelt_alike = HEADINGS_AS_IN_ENGLISH.get(locale, frozenset())
    assert (set(field_names(answer)) - spelt_alike).isdisjoint(field_names(in_english))
    assert_quotes_verbatim(answer, tr)
    assert english.say("Quoted in English, as the review wrote it.") not in text_of(answer)


@LOCALES
async def test_rating_and_the_scores_answer_in_the_language(member: Member, locale: str) -> None:
    them, tr, _ = speaking(member, locale)

    rated = await them.use("rate", {"score": 8, "target": "Rei & Shion"})
    scores = await them.use("scores")

    assert is_ephemeral(rated)
    said = tr.say("You rated **{title}** **{score}/10**.", title="Rei & Shion", score=8)
    assert said in description(rated)
    assert title(scores) == tr.say("The server's ranking")
    assert title(scores) != translator_for("en-US").say("The server's ranking")


@LOCALES
async def test_help_is_in_the_language(member: Member, locale: str) -> None:
    them, tr, english = speaking(member, locale)

    answer = await them.use("help")

    assert title(answer) == tr.say("What I can do")
    assert title(answer) != english.say("What I can do")


@LOCALES
async def test_a_refusal_is_in_the_language_and_changes_nothing(
    member: Member, product_bot: ProductBot, locale: str
) -> None:
    them, tr, _ = speaking(member, locale)

    refused = await them.use("rate", {"score": 11, "target": "Rei & Shion"}, forge=True)

    assert is_ephemeral(refused)
    assert embed(refused)["title"] == tr.say("Sorry!")
    assert tr.say("Scores are whole numbers from 1 to 10, like the review's 5/10.") in text_of(
        refused
    )
    assert await product_bot.ratings_by(member.member) == []


@LOCALES
async def test_a_button_is_labelled_and_answered_in_the_language(
    member: Member, locale: str
) -> None:
    them, tr, _ = speaking(member, locale)
    pick = await them.use("couple", {"name": "Jin Giichi"})

    another = await them.press(pick, custom_id_labelled(pick, tr.say("Another pick")))

    assert is_ephemeral(another)
    assert title(another) != title(pick)
    assert_quotes_verbatim(another, tr)


@LOCALES
async def test_an_export_has_its_headers_and_message_in_the_language(
    member: Member, locale: str
) -> None:
    them, tr, _ = speaking(member, locale)
    await them.use("rate", {"score": 6, "target": "Jin & Giichi", "review": "Rivais!"})

    reply = await them.reply_to("myratings", {"format": "csv"})
    answer = await reply.response()

    assert is_ephemeral(answer)
    header, row = list(csv.reader(io.StringIO(uploads(reply)["my-ratings.csv"].decode())))
    assert header == [
        tr.say(h)
        for h in ("target", "title", "score", "review", "spoiler", "rated_at", "updated_at")
    ]
    assert header != list(HEADERS)
    assert row[2:4] == ["6", "Rivais!"]
