"""A member's own data as a file they can download: JSON or CSV, nothing of anyone else's."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.catalog import Catalog
from bot.i18n import Translator, msgid
from bot.store import MemberRating

FIELDS = ("target", "title", "score", "review", "spoiler", "rated_at", "updated_at")
# The CSV's header row, which a member reads in a spreadsheet; the JSON keeps the field names.
HEADERS = {
    "target": msgid("target"),
    "title": msgid("title"),
    "score": msgid("score"),
    "review": msgid("review"),
    "spoiler": msgid("spoiler"),
    "rated_at": msgid("rated_at"),
    "updated_at": msgid("updated_at"),
}
# A spreadsheet runs a cell starting with one of these as a formula: never let a review do that.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Export:
    content: io.BytesIO
    filename: str
    description: str


def export_ratings(
    tr: Translator, rows: Sequence[MemberRating], catalog: Catalog, file_format: str
) -> Export:
    records = [_record(row, catalog) for row in rows]
    if file_format == "csv":
        data = _csv(tr, records)
    else:
        data = json.dumps({"ratings": records}, ensure_ascii=False, indent=2).encode()
    description = tr.say("Your scores and reviews")
    return Export(io.BytesIO(data), f"my-ratings.{file_format}", description)


def _record(row: MemberRating, catalog: Catalog) -> dict[str, object]:
    return {
        "target": row.target,
        "title": catalog.target_title(row.target),
        "score": row.score,
        "review": row.review,
        "spoiler": row.spoiler,
        "rated_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


def _csv(tr: Translator, records: list[dict[str, object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writerow({field: _cell(tr.say(HEADERS[field])) for field in FIELDS})
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return buffer.getvalue().encode()


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _iso(unix_seconds: int) -> str:
    return datetime.fromtimestamp(unix_seconds, tz=UTC).isoformat()
