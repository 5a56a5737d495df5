"""The Translator and the locales' catalogs: plurals, placeholders, numbers, fallbacks, loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import write_po
from support.catalogs import ONE_SERIES

from bot.catalog import load_catalog
from bot.discord.render.members import reviews_embed, settings_embed
from bot.discord.render.picks import reason_text
from bot.domain.recommend import Recommender
from bot.i18n import ENGLISH, translator_for
from bot.i18n.catalogs import load_translators
from bot.store import GuildSettings, MemberReview, ReviewPage

EN = translator_for("en-US")


def write_locale(folder: Path, locale: str, entries: dict[object, object]) -> None:
    """A `locale` catalog under `folder`, as a translator would leave it."""
    catalog = PoCatalog(locale=locale)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    po = folder / locale / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as out:
        write_po(out, catalog)


@pytest.mark.parametrize(("count", "said"), [(0, "0 votes"), (1, "1 vote"), (2, "2 votes")])
def test_english_plurals_are_singular_for_one_only(count: int, said: str) -> None:
    assert EN.say_plural("{count} vote", "{count} votes", count) == said


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (0, "0 reviews in this server, newest first."),
        (1, "1 review in this server, newest first."),
        (2, "2 reviews in this server, newest first."),
    ],
)
def test_a_rendered_answer_counts_through_the_layer(count: int, said: str) -> None:
    mine = MemberReview(1, "couple:rei-shion", 8, "Lovely", False, "Mao", 0)
    # The page's count is the reviews there are; the page itself may show none of them.
    embed = reviews_embed(EN, "Rei & Shion", ReviewPage((mine,), count, 0), "newest", 5)
    assert embed.title == "Member reviews: Rei & Shion"
    assert embed.description == said


def test_a_locale_plural_rules_pick_the_form(tmp_path: Path) -> None:
    # French counts 0 as singular and has a form of its own for millions; Japanese has one
    # form for every count.
    forms = ("{count} vote", "{count} votes")
    french = ("{count} voix (one)", "{count} de voix (many)", "{count} voix (other)")
    write_locale(tmp_path, "fr", {forms: french})
    write_locale(tmp_path, "ja", {forms: ("{count} 票",)})
    found = load_translators(tmp_path)
    fr, ja = found["fr"], found["ja"]
    assert [fr.say_plural(*forms, n) for n in (0, 1, 2, 1_000_000)] == [
        "0 voix (one)",
        "1 voix (one)",
        "2 voix (other)",
        "1000000 de voix (many)",
    ]
    assert [ja.say_plural(*forms, n) for n in (0, 1, 2)] == ["0 票", "1 票", "2 票"]


def test_placeholders_are_filled_after_translation_and_may_move(tmp_path: Path) -> None:
    write_locale(tmp_path, "de", {"You rated {title}.": "{title}: bewertet."})
    de = load_translators(tmp_path)["de"]
    assert de.say("You rated {title}.", title="Rei & Shion") == "Rei & Shion: bewertet."
    assert de.say("Not translated yet.") == "Not translated yet."  # English, the source


def test_numbers_are_written_the_locale_way(tmp_path: Path) -> None:
    write_locale(tmp_path, "de", {})
    de = load_translators(tmp_path)["de"]
    assert EN.number(7.45, 1) == f"{7.45:.1f}" == "7.5"
    assert de.number(7.45, 1) == "7,5"
    assert EN.number(3600) == "3600"  # no grouping: seconds and counts read as they always have
    with pytest.raises(TypeError):
        EN.say("{mean}/10", mean=7.5)  # a float must say its precision


def test_a_member_locale_falls_back_to_a_close_one_then_english() -> None:
    assert str(translator_for("pt-BR").locale) == "pt_BR"
    assert str(translator_for("es-419").locale) == "es_ES"  # Latin America reads Spain's
    assert translator_for("ko").locale == ENGLISH  # a locale the bot doesn't speak
    assert translator_for(None).locale == ENGLISH
    assert translator_for("xx-YY").say("Deleted") == "Deleted"


def test_a_fuzzy_translation_is_not_used(tmp_path: Path) -> None:
    catalog = PoCatalog(locale="es")
    catalog.add("Deleted", "Borrado", flags=("fuzzy",))
    po = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as out:
        write_po(out, catalog)
    assert load_translators(tmp_path)["es"].say("Deleted") == "Deleted"


@pytest.mark.parametrize(
    ("locale", "said"),
    [("en-US", "enemies to lovers"), ("de", "„Von Feinden zu Liebenden“")],
)
def test_a_trope_inside_a_sentence_is_lowercase_except_where_nouns_keep_capitals(
    locale: str, said: str
) -> None:
    catalog = load_catalog(ONE_SERIES)
    trope = catalog.tropes["enemies-to-lovers"]
    pick = Recommender(catalog).first(trope, {}, {})
    assert pick is not None

    assert said in reason_text(translator_for(locale), pick, catalog)


def test_a_cooldown_is_labelled_with_the_command_as_the_members_client_names_it() -> None:
    german = settings_embed(translator_for("de"), GuildSettings(True, {}), {"rate": 30}, None)
    english = settings_embed(EN, GuildSettings(True, {}), {"rate": 30}, None)

    assert "/bewerten" in german.fields[1].name
    assert "/rate" in english.fields[1].name


def test_japanese_sentences_run_on_without_a_space_after_a_full_stop() -> None:
    japanese = translator_for("ja")

    assert japanese.sentences("評価しました。", "", "ありがとう！", "Thanks.") == (
        "評価しました。ありがとう！Thanks."
    )
    assert EN.sentences("Saved.", "", "Thanks.") == "Saved. Thanks."
