"""Every sentence a member can read goes through the Translator: rendered in a pseudo-locale
(tests/support/pseudo_locale.py), no answer keeps a plain English letter outside what the
catalog and the members wrote (quotes, names, summaries) and numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest
from babel.messages.pofile import read_po
from discord import app_commands
from support.catalogs import TWO_SERIES
from support.pseudo_locale import pseudo_translator

from bot.catalog import load_catalog
from bot.core.outcomes import ServerAction
from bot.core.picks import CoupleLines, VersusSide
from bot.core.services import COOLDOWN_COMMANDS, Rated, RateProblem, ReviewResult
from bot.discord import render, tree
from bot.discord.exports import export_ratings
from bot.discord.render import choices, controls, notices
from bot.discord.render.common import echo_input, safe
from bot.domain.catalog import Catalog
from bot.domain.matching import Matcher
from bot.domain.member_text import ReviewTextError, ReviewTextProblem
from bot.domain.recommend import Pick, Reason, Recommender
from bot.domain.scoring import Ranked, Tally
from bot.i18n.catalogs import DOMAIN, LOCALES
from bot.store import (
    GuildSettings,
    InvalidReview,
    InvalidScore,
    MemberRating,
    MemberReview,
    RatingChange,
    ReviewPage,
    ScoreSummary,
    StoreUnavailable,
)
from bot.store.errors import ReviewProblem

P, PSEUDO = pseudo_translator()
MEMBER_WORDS = ("Mao fan", "Loved the ending", "Rei", "Zzyzx", "Kyo", "Shion", "couple:nobody-here")
SHOWN_NAMES = tuple(f"Name {n}" for n in range(7))
COMMANDS = COOLDOWN_COMMANDS  # command names: Discord words them, not this layer
ASCII_LETTERS = re.compile(r"[A-Za-z]+")
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
CATALOG = load_catalog(TWO_SERIES)  # two series: the answers that name a couple's series too


def data_strings(value: object) -> Iterator[str]:
    """Every text the catalog holds: it is shown as written, in any locale."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from data_strings(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from data_strings(item)
    if hasattr(value, "members") and hasattr(value, "title"):
        yield value.title  # a couple's title is made of its members' names


def shown_forms(text: str) -> set[str]:
    forms = {text, text.lower(), safe(text), safe(text.lower()), echo_input(text)}
    return {form for form in forms if form}


DATA = sorted(
    {
        form
        for text in (*data_strings(CATALOG), *MEMBER_WORDS, *SHOWN_NAMES, *COMMANDS)
        for form in shown_forms(text)
    },
    key=len,
    reverse=True,
)


def english_left(text: str) -> list[str]:
    for data in DATA:
        text = text.replace(data, "")
    return ASCII_LETTERS.findall(text)


def embed_texts(embed: discord.Embed) -> Iterator[str]:
    data = embed.to_dict()
    yield from (data.get("title", ""), data.get("description", ""))
    yield data.get("footer", {}).get("text", "")
    for field in data.get("fields", []):
        yield from (field["name"], field["value"])


def component_texts(view: discord.ui.View | None) -> Iterator[str]:
    assert view is not None
    for row in view.to_components():
        for item in row["components"]:
            yield from (item.get("label", ""), item.get("placeholder", ""))
            for option in item.get("options", []):
                yield from (option["label"], option.get("description") or "")


def review(text: str = "Loved the ending", *, spoiler: bool = False) -> MemberReview:
    return MemberReview(1, "couple:rei-shion", 8, text, spoiler, "Mao fan", 0)


def picks(catalog: Catalog) -> Iterator[Pick]:
    recommender = Recommender(catalog)
    couple = catalog.couples["rei-shion"]
    trope = catalog.tropes[couple.tropes[0]]
    standing = recommender.standing(couple, {couple.key: Tally(3, 21)})
    quotes, reservation = recommender.quotes(couple), recommender.reservation(couple)
    reasons = [
        (Reason("trope_main", 2, 3), trope),
        (Reason("trope_tag", 1, 1, started_again=True), trope),
        (Reason("in_turn", 1, 3), None),
        (Reason("unrated_unscored"), None),
        (Reason("unrated_top", 1, 1), None),
        (Reason("unrated_top", 1, 2, beyond_trope=True), trope),
        (Reason("unrated_next", 2, 3), None),
        (Reason("rated_already", 1, 3, score=9), None),
        (Reason("rated_already", 2, 3, score=6, every_couple_rated=True), None),
        (Reason("rated_already", 2, 3, score=6), None),
        (Reason("rated_already", 1, 3, score=6, every_couple_rated=True), None),
    ]
    for reason, for_trope in reasons:
        yield Pick(couple, reason, quotes, reservation, standing, for_trope)


def pick_answers(catalog: Catalog) -> Iterator[discord.Embed]:
    for pick in picks(catalog):
        yield render.pick_embed(P, pick, catalog, [review()], in_guild=True)
        yield render.pick_embed(P, pick, catalog, in_guild=False)
    recommender = Recommender(catalog)
    for couple in catalog.couples.values():
        said = CoupleLines(
            recommender.quotes(couple),
            recommender.reservation(couple),
            recommender.standing(couple, {couple.key: Tally(1, 7)}),
        )
        yield render.couple_embed(P, couple, catalog, said, [review(spoiler=True)])
        unrated = CoupleLines((), None, recommender.standing(couple, {}))
        yield render.couple_embed(P, couple, catalog, unrated, in_guild=False)


def catalog_answers(catalog: Catalog) -> Iterator[discord.Embed]:
    recommender = Recommender(catalog)
    for series in catalog.series.values():
        praise, reservations = recommender.series_quotes(series.id)
        quotes = render.SeriesQuotes(praise, reservations, praise[:1])
        for standing in (Tally(2, 15), Tally(4, 4), Tally(0, 0), None):
            yield render.series_embed(P, series, catalog, quotes, standing)
    yield render.tropes_embed(P, catalog)
    yield render.help_embed(P, catalog)


def rating_answers() -> Iterator[discord.Embed]:
    summary = ScoreSummary.from_counts("couple:rei-shion", {8: 2, 6: 1})
    for previous in (None, 8, 6):
        for result in ReviewResult:
            for spoiler in (True, False):
                change = RatingChange(
                    "couple:rei-shion", 8, previous, summary, "words", spoiler=spoiler
                )
                yield render.rating_embed(P, "Rei & Shion", Rated(change, result))
    one = ScoreSummary.from_counts("couple:rei-shion", {8: 1})
    yield render.rating_embed(P, "Rei & Shion", Rated(RatingChange("x", 8, None, one)))
    for problem in RateProblem:
        yield render.rate_refused_embed(P, "Rei & Shion", problem)


def score_answers(catalog: Catalog) -> Iterator[discord.Embed]:
    series = next(iter(catalog.series.values()))
    for count in (0, 1, 3):
        yield render.target_scores_embed(P, "Rei & Shion", count, 7.0, [0] * 9 + [count], series)
    recommender = Recommender(catalog)
    tallies = {"couple:rei-shion": Tally(2, 15), "couple:jin-giichi": Tally(1, 3)}
    rows = [
        render.RankingRow(catalog.target_title(r.key) or r.key, r)
        for r in recommender.ranking(tallies)
    ]
    for tally in (Tally(4, 30), Tally(2, 10), Tally(3, 6), Tally(0, 0)):
        yield render.ranking_embed(P, rows, [(series, tally)])
    yield render.ranking_embed(P, [], [])
    yield from versus_answers(catalog)


def versus_answers(catalog: Catalog) -> Iterator[discord.Embed]:
    recommender = Recommender(catalog)
    first, second = list(catalog.couples.values())[:2]

    def side(couple, counts: dict[int, int], cautious: float | None) -> VersusSide:
        summary = ScoreSummary.from_counts(couple.key, counts)
        standing = Ranked(couple.key, Tally(summary.count, summary.total), cautious)
        return VersusSide(couple, summary, standing, next(iter(recommender.quotes(couple)), None))

    for left, right in (
        (({}, None), ({}, None)),
        (({8: 1}, 6.0), ({}, None)),
        (({}, None), ({8: 1}, 6.0)),
        (({8: 2}, 7.0), ({6: 2}, 5.0)),
        (({8: 2}, 7.0), ({8: 2}, 7.0)),
    ):
        yield render.versus_embed(P, side(first, *left), side(second, *right), catalog)


def member_answers(catalog: Catalog) -> Iterator[discord.Embed]:
    page = ReviewPage(tuple(review(spoiler=i % 2 == 0) for i in range(5)), 12, 5)
    one = ReviewPage((review(),), 1, 0)
    for order in ("newest", "highest"):
        yield render.reviews_embed(P, "Rei & Shion", page, order, 5)
        yield render.reviews_embed(P, "Rei & Shion", one, order, 5)
        yield render.reviews_embed(P, "Rei & Shion", ReviewPage((), 0, 0), order, 5)
    rows = [
        MemberRating("couple:rei-shion", 9, "Loved the ending", True, 0, 0),
        MemberRating("couple:nobody-here", 4, None, False, 0, 0),
    ]
    yield render.my_ratings_embed(P, rows, catalog)
    yield render.my_ratings_embed(P, rows[:1], catalog)
    yield render.my_ratings_embed(P, [], catalog)
    kinds = ("ratings", "reviews", "last_shown", "pick_walks", "members")
    for n in (1, 2):
        held = dict.fromkeys(kinds, n)
        yield render.forget_confirm_embed(P, held)
        yield render.forgotten_embed(P, held)
    yield render.forgotten_embed(P, dict.fromkeys(kinds, 0))
    yield render.nothing_held_embed(P)
    for n in (0, 1, 2):
        yield render.reset_confirm_embed(P, "Rei & Shion", n or 3)
        yield render.scores_reset_embed(P, "Rei & Shion", n)
    yield render.nothing_to_reset_embed(P, "Rei & Shion")
    defaults = {"rate": 0, "recommend": 5}
    for enabled in (True, False):
        settings = GuildSettings(enabled, {"rate": 30})
        yield render.settings_embed(P, settings, defaults, notices.saved_note(P))
    yield render.cooldown_embed(P, 2.5)


def lookup_answers(catalog: Catalog) -> Iterator[discord.Embed]:
    matcher = Matcher(catalog)
    for name, partner in (
        ("Zzyzx", None),
        ("Zzyzx", "Kyo"),
        ("Rei", "Zzyzx"),
        ("Rei", "Rei"),
        ("Rei", None),
        ("Shion", "Kyo"),
        ("Rei", "Kyo"),
    ):
        lookup = matcher.find_couple(name, partner)
        if lookup.couple is None:
            yield render.lookup_problem_embed(P, lookup)
    names = list(SHOWN_NAMES)
    yield render.ambiguous_target_embed(P, "Rei", ["Rei & Shion", "Rei & Kyo", *names])
    for couples_only in (True, False):
        yield render.unknown_target_embed(P, "Zzyzx", ["Rei & Shion"], couples_only=couples_only)


def notice_answers() -> Iterator[discord.Embed]:
    for action in ServerAction:
        yield notices.servers_only_embed(P, action)
    yield notices.gone_from_catalog_embed(P)
    yield notices.reviews_off_embed(P)
    yield notices.no_other_pick_embed(P)
    yield notices.same_twice_embed(P, "Rei & Shion")
    yield notices.nothing_to_recommend_embed(P)
    yield notices.unknown_trope_embed(P, "Zzyzx", ["Kyo"])
    yield notices.pick_a_series_embed(P, ["Twilight Out of Focus"])
    yield notices.pick_a_series_embed(P, ["Twilight Out of Focus"], "Zzyzx")
    yield notices.which_format_embed(P)
    yield notices.which_order_embed(P)
    yield notices.not_yours_embed(P)
    yield notices.nothing_deleted_embed(P)
    yield notices.admins_only_embed(P)
    yield notices.reset_cancelled_embed(P)
    yield notices.which_member_embed(P)
    for removed in (True, False):
        yield notices.review_removed_embed(P, "Mao fan", "Rei & Shion", removed=removed)
    yield notices.not_a_cooldown_embed(P, 3600)
    yield notices.not_a_language_embed(P)


def failures() -> Iterator[BaseException]:
    yield ReviewTextError(ReviewTextProblem.EMPTY, length=0, limit=280)
    yield ReviewTextError(ReviewTextProblem.TOO_LONG, length=300, limit=280)
    for problem in ReviewProblem:
        yield InvalidReview(problem, 300, 280)
    yield InvalidScore(11, 1, 10)
    yield StoreUnavailable("locked")
    yield app_commands.CommandOnCooldown(app_commands.Cooldown(1, 5.0), 3.4)
    yield app_commands.NoPrivateMessage()
    yield app_commands.MissingPermissions(["manage_guild"])
    yield app_commands.CheckFailure()


def all_texts() -> Iterator[tuple[str, str]]:
    embeds = [
        *pick_answers(CATALOG),
        *catalog_answers(CATALOG),
        *rating_answers(),
        *score_answers(CATALOG),
        *member_answers(CATALOG),
        *lookup_answers(CATALOG),
        *notice_answers(),
    ]
    for number, embed in enumerate(embeds):
        for text in embed_texts(embed):
            yield f"answer {number} ({embed.title})", text
    for error in failures():
        message = tree.known_failure_message(P, error)
        assert message is not None, error
        yield type(error).__name__, message
    yield "generic failure", tree.generic_failure(P)
    for series, is_series in ((None, True), ("Twilight Out of Focus", False), (None, False)):
        named = notices.candidate_name(P, "Rei & Shion", series=series, is_series=is_series)
        yield "candidate", named
    yield from component_labels()
    yield from choice_labels()
    export = export_ratings(
        P, [MemberRating("couple:rei-shion", 9, None, False, 0, 0)], CATALOG, "csv"
    )
    yield "export", export.description
    yield "export header", export.content.getvalue().decode().splitlines()[0]


def choice_labels() -> Iterator[tuple[str, str]]:
    matcher = Matcher(CATALOG)
    for label, _ in choices.target_choices(P, CATALOG, matcher.complete_targets("")):
        yield "target choice", label
    for label, _ in choices.trope_choices(P, matcher, matcher.complete_tropes("")):
        yield "trope choice", label
    many = [f"Name {n % 7}" for n in range(40)]
    for shown in (0, 1, 2, 40):
        yield "trope choice", choices.trope_label(P, "Kyo", many[:shown])


def component_labels() -> Iterator[tuple[str, str]]:
    from cogs import views  # the components live with the cogs
    from cogs.admin import ResetChoice
    from cogs.privacy import ForgetChoice

    page = ReviewPage(tuple(review() for _ in range(5)), 12, 5)
    shown = [
        views.answer_view(P, "couple:rei-shion", "rei-shion", "enemies-to-lovers"),
        views.reviews_view(P, "couple:rei-shion", "newest", page, 5, 1),
        views.reviews_view(P, "couple:rei-shion", "highest", page, 5, 1),
    ]
    for confirm in (True, False):
        choice = discord.ui.View()
        choice.add_item(ForgetChoice(P, 1, confirm))
        choice.add_item(ResetChoice(P, "couple:rei-shion", 1, confirm))
        shown.append(choice)
    for view in shown:
        for text in component_texts(view):
            yield "components", text
    for score in range(1, 11):
        yield "score", controls.score_label(P, score)


def test_every_answer_is_worded_through_the_translator() -> None:
    leaks = [(where, text, left) for where, text in all_texts() if (left := english_left(text))]
    assert leaks == []


def test_the_pseudo_locale_reaches_every_kind_of_answer() -> None:
    """The check above can't pass by rendering nothing: every answer shows marked text."""
    texts = [text for _, text in all_texts()]
    assert len(texts) > 400
    marked = [text for text in texts if "⟦" in text]
    assert len(marked) > 0.6 * len(texts)


def test_every_message_shown_is_in_the_template_for_translators() -> None:
    """A sentence kept in a table but not marked with `msgid` would never reach a translator."""
    list(all_texts())
    with TEMPLATE.open("rb") as source:
        template = {(message.context, message.id) for message in read_po(source) if message.id}
    ids = {
        (context, message[0] if isinstance(message, tuple) else message)
        for context, message in template
    }
    assert PSEUDO.asked - ids == set()


@pytest.mark.parametrize("module", [notices, controls, choices])
def test_every_notice_and_label_is_rendered_above(module: object) -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    called = set(re.findall(r"\b(?:notices|controls|choices)\.(\w+)\(", source))
    public = {
        name
        for name, value in vars(module).items()
        if callable(value) and not name.startswith("_") and value.__module__ == module.__name__
    }
    via_views = {"another_pick_label", "rate_placeholder", "score_note", "pager_labels"}
    via_views |= {"forget_label", "reset_label", "target_label"}
    assert public - called - via_views == set()
