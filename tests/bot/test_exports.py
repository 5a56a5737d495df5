from __future__ import annotations

import csv
import io
import json

from support.catalogs import ONE_SERIES

from bot.catalog import load_catalog
from bot.discord.exports import export_ratings
from bot.i18n import translator_for
from bot.store import MemberRating

EN = translator_for("en-US")

ROWS = [
    MemberRating(
        "couple:rei-shion", 9, '=HYPERLINK("http://x")', True, 1_700_000_000, 1_700_000_100
    ),
    MemberRating("series:twilight-out-of-focus", 6, None, False, 1_700_000_000, 1_700_000_000),
]


def test_json_export_holds_each_rating_with_its_title() -> None:
    export = export_ratings(EN, ROWS, load_catalog(ONE_SERIES), "json")
    data = json.loads(export.content.getvalue())
    assert export.filename == "my-ratings.json"
    assert [(r["target"], r["title"], r["score"]) for r in data["ratings"]] == [
        ("couple:rei-shion", "Rei & Shion", 9),
        ("series:twilight-out-of-focus", "Twilight Out of Focus", 6),
    ]
    assert data["ratings"][0]["spoiler"] is True
    assert data["ratings"][1]["review"] is None
    assert data["ratings"][0]["rated_at"].startswith("2023-11-14T22:13:20")


def test_csv_export_cannot_run_formulas_in_a_spreadsheet() -> None:
    export = export_ratings(EN, ROWS, load_catalog(ONE_SERIES), "csv")
    rows = list(csv.DictReader(io.StringIO(export.content.getvalue().decode())))
    assert export.filename == "my-ratings.csv"
    assert [row["score"] for row in rows] == ["9", "6"]
    assert rows[0]["review"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["review"] == ""
