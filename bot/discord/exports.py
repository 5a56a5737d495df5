"""A member's own data as a file they can download: JSON or CSV, nothing of anyone else's."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.catalog import Catalog
from bot.store import MemberRating

FIELDS = ("target", "title", "score", "review", "spoiler", "rated_at", "updated_at")
# A spreadsheet runs a cell starting with one of these as a formula: never let a review do that.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Export:
    content: io.BytesIO
    filename: str
    description: str


def export_ratings(rows: Sequence[MemberRating], catalog: Catalog, file_format: str) -> Export:
    records = [_record(row, catalog) for row in rows]
    if file_format == "csv":
        data = _csv(records)
    else:
        data = json.dumps({"ratings": records}, ensure_ascii=False, indent=2).encode()
    return Export(io.BytesIO(data), f"my-ratings.{file_format}", "Your scores and reviews")


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


def _csv(records: list[dict[str, object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return buffer.getvalue().encode()


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _iso(unix_seconds: int) -> str:
    return datetime.fromtimestamp(unix_seconds, tz=UTC).isoformat()
