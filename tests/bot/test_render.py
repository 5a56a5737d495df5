"""The embeds members read: safe with hostile text, within Discord's limits, and truthful."""

from __future__ import annotations

import re

import pytest
from support.catalogs import ONE_SERIES

from bot.catalog import load_catalog
from bot.core.services import Rated, ReviewResult
from bot.discord.render import (
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    CoupleLines,
    add_field,
    couple_embed,
    distribution_chart,
    member_quote,
    new_embed,
    ranking_embed,
    rating_embed,
    reviews_embed,
    safe,
    sparkline,
)
from bot.domain.catalog import Catalog
from bot.domain.recommend import Recommender
from bot.domain.scoring import Tally
from bot.i18n import translator_for
from bot.store import MemberReview, RatingChange, ReviewPage, ScoreSummary

EN = translator_for("en-US")

LIVE_MENTION = re.compile(r"<(@[!&]?|#)\d+>|@(everyone|here)\b")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ONE_SERIES)


def review(text: str, *, name: str | None = "Mao fan", spoiler: bool = False) -> MemberReview:
    return MemberReview(
        user_id=1,
        target="couple:rei-shion",
        score=8,
        text=text,
        spoiler=spoiler,
        display_name=name,
        updated_at=0,
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "@everyone look",
        "@here look",
        "hi <@123456789012345678>",
        "hi <@!123456789012345678>",
        "role <@&123456789012345678>",
        "channel <#123456789012345678>",
        "slash </rate:123456789012345678>",
    ],
)
def test_mentions_are_shown_as_text(hostile: str) -> None:
    assert not LIVE_MENTION.search(safe(hostile))


def test_markdown_in_member_text_has_no_effect() -> None:
    rendered = safe("**bold** __under__ ~~gone~~ ||hidden|| `code`")
    assert "**bold**" not in rendered
    assert "\\*\\*bold\\*\\*" in rendered
    assert "\\|\\|hidden\\|\\|" in rendered


def test_a_member_review_is_one_labelled_line_with_long_words_cut() -> None:
    text = "Great\n> fake quote\n# heading @everyone " + "x" * 300
    quoted = member_quote(EN, review(text, name="<@&123456789012345678> **Boss**"))
    body, credit = quoted.split("\n")
    assert body.startswith("> “")
    assert "\n" not in body
    assert "x" * 41 not in body
    assert "a member here" in credit
    assert "8/10" in credit
    assert not LIVE_MENTION.search(quoted)


def test_spoiler_reviews_are_hidden_until_tapped() -> None:
    quoted = member_quote(EN, review("the ending!", spoiler=True))
    assert "||the ending!||" in quoted
    assert "(spoiler)" in quoted


def test_a_missing_display_name_is_credited_to_a_member() -> None:
    assert "**a member**" in member_quote(EN, review("nice", name=None))


def test_fields_beyond_the_embed_total_are_dropped_not_sent() -> None:
    embed = new_embed("t", "d")
    for _ in range(30):
        add_field(embed, "name", "v" * 2000)
    assert len(embed) <= EMBED_TOTAL_LIMIT
    assert all(len(f.value or "") <= FIELD_VALUE_LIMIT for f in embed.fields)
    assert len(embed.fields) <= 25


def test_couple_embed_quotes_the_review_its_reservation_and_members(catalog: Catalog) -> None:
    couple = catalog.couples["rei-shion"]
    recommender = Recommender(catalog)
    said = CoupleLines(
        recommender.quotes(couple),
        recommender.reservation(couple),
        recommender.standing(couple, {couple.key: Tally(2, 15)}),
    )
    embed = couple_embed(EN, couple, catalog, said, [review("Chalk and cheese!")])
    values = {f.name: f.value for f in embed.fields}
    assert embed.title == "Rei & Shion"
    assert "7.5/10" in values["Scores"]
    assert "5/10" in values["Scores"]
    assert "— a fan review" in values["From the review"]
    assert said.reservation is not None
    assert said.reservation.text in values["The review's reservation"].replace("\\", "")
    assert "Chalk and cheese!" in values["From members of this server"]


def test_outside_a_server_a_couple_promises_no_score_and_no_menu(catalog: Catalog) -> None:
    couple = catalog.couples["rei-shion"]
    recommender = Recommender(catalog)
    said = CoupleLines((), None, recommender.standing(couple, {}))
    embed = couple_embed(EN, couple, catalog, said, in_guild=False)
    values = {f.name: f.value for f in embed.fields}
    assert "Server" not in values["Scores"]
    assert "menu" not in (embed.footer.text or "")
    assert "in a server" in (embed.footer.text or "")


def test_the_rai_typo_is_quoted_verbatim_with_a_note(catalog: Catalog) -> None:
    rai = next(s for s in catalog.snippets if "Rai is" in s.text)
    recommender = Recommender(catalog)
    couple = catalog.couples["rei-shion"]
    seen = {q.id for _ in range(10) for q in recommender.quotes(couple)}
    assert rai.id in seen
    assert rai.note


def test_rating_confirmation_says_what_changed() -> None:
    summary = ScoreSummary.from_counts("couple:rei-shion", {8: 2, 6: 1})
    change = RatingChange("couple:rei-shion", 8, 6, summary)
    text = rating_embed(EN, "Rei & Shion", Rated(change)).description or ""
    assert "**Rei & Shion** **8/10** (it was 6/10)" in text
    assert "7.3/10** from 3 votes" in text


def test_a_refused_review_is_explained() -> None:
    change = RatingChange("series:x", 5, None, ScoreSummary.from_counts("series:x", {5: 1}))
    text = rating_embed(EN, "X", Rated(change, ReviewResult.REFUSED)).description or ""
    assert "reviews are turned off" in text


def test_distribution_chart_rows_line_up_from_10_down() -> None:
    chart = distribution_chart([0, 0, 0, 0, 1, 0, 0, 4, 0, 2])
    rows = chart.strip("`\n").splitlines()
    assert [row[:2] for row in rows] == [f"{n:>2}" for n in range(10, 0, -1)]
    assert rows[2].endswith(" 4")
    assert "█" * 12 in rows[2]


def test_sparkline_is_empty_without_votes() -> None:
    assert sparkline([0] * 10) == ""
    assert sparkline([1] + [0] * 9).startswith("`1 █")


def test_reviews_page_numbers_and_empty_page() -> None:
    empty = reviews_embed(EN, "Rei & Shion", ReviewPage((), 0, 0), "newest", 5)
    assert "No member reviews yet" in (empty.description or "")
    page = ReviewPage(tuple(review(f"r{i}") for i in range(5)), 12, 5)
    embed = reviews_embed(EN, "Rei & Shion", page, "highest", 5)
    assert [f.name for f in embed.fields] == ["#6", "#7", "#8", "#9", "#10"]
    assert embed.footer.text is not None
    assert "Page 2 of 3" in embed.footer.text


def test_the_ranking_says_how_the_server_compares_with_the_reviewer(catalog: Catalog) -> None:
    series = catalog.series["twilight-out-of-focus"]
    higher = ranking_embed(EN, [], [(series, Tally(4, 30))])
    same = ranking_embed(EN, [], [(series, Tally(2, 10))])
    unrated = ranking_embed(EN, [], [(series, Tally(0, 0))])
    assert "the server rates it 2.5 higher" in higher.fields[-1].value
    assert "agrees with the reviewer" in same.fields[-1].value
    assert unrated.fields[-1].value.startswith("No votes yet")
