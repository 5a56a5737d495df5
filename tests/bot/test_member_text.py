import pytest

from bot.domain.member_text import (
    MAX_REVIEW_LENGTH,
    ReviewTextError,
    ReviewTextProblem,
    clean_line,
    clean_review,
    shorten_long_words,
)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Loved\nthem\r\n so  much", "Loved them so much"),
        ("zero\u200bwidth\u200d joiners\ufeff", "zerowidth joiners"),
        ("\u202eright to left\u202c", "right to left"),
        ("nul\x00byte", "nul byte"),
        ("\u3164\u3164 filler \u2800", "filler"),
        ("ｆｕｌｌｗｉｄｔｈ stays", "ｆｕｌｌｗｉｄｔｈ stays"),
        ("e\u0301\u0301\u0301\u0301\u0301 zalgo", "\u00e9\u0301\u0301 zalgo"),
        ("仁と義一が好き", "仁と義一が好き"),
        ("👩\u200d❤\ufe0f\u200d👨 family", "👩\u200d❤\ufe0f\u200d👨 family"),
        ("a\u200db", "ab"),
    ],
)
def test_clean_line_keeps_the_words_and_drops_the_tricks(typed: str, kept: str) -> None:
    assert clean_line(typed) == kept


def test_a_review_of_only_invisible_characters_is_refused() -> None:
    with pytest.raises(ReviewTextError, match="empty") as refused:
        clean_review("\u200b \n\u3164")
    assert refused.value.problem is ReviewTextProblem.EMPTY


def test_review_length_is_counted_after_cleaning() -> None:
    assert clean_review("a\u200b" * MAX_REVIEW_LENGTH) == "a" * MAX_REVIEW_LENGTH
    with pytest.raises(ReviewTextError, match="281") as refused:
        clean_review("a" * (MAX_REVIEW_LENGTH + 1))
    problem = refused.value
    assert (problem.problem, problem.length, problem.limit) == (
        ReviewTextProblem.TOO_LONG,
        MAX_REVIEW_LENGTH + 1,
        MAX_REVIEW_LENGTH,
    )


def test_long_words_are_cut_but_short_ones_kept() -> None:
    shortened = shorten_long_words("ok " + "x" * 100 + " fine", limit=10)
    assert shortened == "ok " + "x" * 9 + "… fine"


def test_a_japanese_review_is_kept_whole_however_long_its_sentences() -> None:
    review = "三組のカップルがそれぞれ違う魅力を持っていて、最後まで楽しく見られました。" * 4

    assert shorten_long_words(review, limit=40) == review


def test_a_long_run_of_letters_inside_japanese_text_is_still_cut() -> None:
    shortened = shorten_long_words("最高でした" + "w" * 60 + "また見たい", limit=10)

    assert shortened == "最高でした" + "w" * 9 + "…" + "また見たい"
