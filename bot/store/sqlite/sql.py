"""Every SQL statement of the SQLite backend. Every value is a bound parameter; the only names
put into a statement's text are the schema's own tables, and the placeholders of a VALUES list."""

from __future__ import annotations

from typing import Final

from bot.store.snapshot import SnapshotTable
from bot.store.values import ReviewOrder

UPSERT_RATING: Final = """
    INSERT INTO ratings (guild_id, user_id, target, score, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id, target)
    DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at
"""
# A changed review is written as a new row: REPLACE deletes the old one first, so the review
# gets the table's next rowid, and reviews written in the same second sort newest written first
# (see 0005). created_at is carried over from the row replaced; updated_at says when the words
# or the flag changed. Parameters: guild_id, user_id, target, text, spoiler, now.
WRITE_REVIEW: Final = """
    INSERT OR REPLACE INTO reviews
        (guild_id, user_id, target, text, spoiler, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, COALESCE(
        (SELECT created_at FROM reviews WHERE guild_id = ?1 AND user_id = ?2 AND target = ?3), ?6
    ), ?6)
"""
DELETE_REVIEW: Final = "DELETE FROM reviews WHERE guild_id = ? AND user_id = ? AND target = ?"
UPSERT_MEMBER: Final = """
    INSERT INTO members (guild_id, user_id, display_name, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at
"""

# Score counts (0003; kept by the store since 0006). A count that would reach 0 is deleted
# first, then the others move; parameters: guild_id, target, score, change.
DELETE_SPENT_COUNT: Final = """
    DELETE FROM score_counts
    WHERE guild_id = ?1 AND target = ?2 AND score = ?3 AND votes + ?4 <= 0
"""
ADD_TO_COUNT: Final = """
    INSERT INTO score_counts (guild_id, target, score, votes) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (guild_id, target, score) DO UPDATE SET votes = votes + excluded.votes
"""
TAKE_FROM_COUNT: Final = """
    UPDATE score_counts SET votes = votes + ?4 WHERE guild_id = ?1 AND target = ?2 AND score = ?3
"""
DROP_TARGET_COUNTS: Final = "DELETE FROM score_counts WHERE guild_id = ? AND target = ?"
DROP_GUILD_COUNTS: Final = "DELETE FROM score_counts WHERE guild_id = ?"
GUILD_COUNTS: Final = "SELECT target, score, votes FROM score_counts WHERE guild_id = ?"

BATCH_KEYS: Final = 300  # keys per lookup statement: 3 parameters each, far below SQLite's limit
# Everything a batch of ratings needs to know, in one statement (one round trip to aiosqlite's
# thread): each key's current score and review, the vote counts of each (guild, target), and each
# member's stored name. Rows are told apart by their first column; {rows} is "(?, ?, ?)" once per
# key.
BEFORE_RATES: Final = """
    WITH wanted (guild_id, user_id, target) AS (VALUES {rows})
    SELECT 'rating', s.guild_id, s.user_id, s.target, s.score, r.text, r.spoiler
    FROM wanted
    JOIN ratings AS s
        ON s.guild_id = wanted.guild_id AND s.user_id = wanted.user_id
        AND s.target = wanted.target
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    UNION ALL
    SELECT 'votes', c.guild_id, NULL, c.target, c.score, c.votes, NULL
    FROM (SELECT DISTINCT guild_id, target FROM wanted) AS w
    JOIN score_counts AS c ON c.guild_id = w.guild_id AND c.target = w.target
    UNION ALL
    SELECT 'name', m.guild_id, m.user_id, NULL, NULL, m.display_name, NULL
    FROM (SELECT DISTINCT guild_id, user_id FROM wanted) AS w
    JOIN members AS m ON m.guild_id = w.guild_id AND m.user_id = w.user_id
"""

USER_RATINGS: Final = "SELECT target, score FROM ratings WHERE guild_id = ? AND user_id = ?"
DELETE_TARGET: Final = "DELETE FROM ratings WHERE guild_id = ? AND target = ?"

# A review with its score and the name that credits it. The ratings join is by primary key;
# members is optional (a member who reviewed before the bot learnt their name shows as None).
_REVIEWS_SELECT = """
    SELECT r.user_id, r.target, s.score, r.text, r.spoiler, m.display_name, r.updated_at
    FROM reviews AS r
    JOIN ratings AS s
        ON s.guild_id = r.guild_id AND s.user_id = r.user_id AND s.target = r.target
    LEFT JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
"""
# Every order ends in the rowid, unique and larger for every review written later: within one
# second the newest written comes first, and the order is total, so OFFSET paging neither repeats
# nor skips a review between pages.
# The same, with the target's review count on every row (its own two parameters come first).
_REVIEWS_SELECT_WITH_TOTAL = """
    SELECT r.user_id, r.target, s.score, r.text, r.spoiler, m.display_name, r.updated_at,
        (SELECT COUNT(*) FROM reviews WHERE guild_id = ? AND target = ?) AS total
    FROM reviews AS r
    JOIN ratings AS s
        ON s.guild_id = r.guild_id AND s.user_id = r.user_id AND s.target = r.target
    LEFT JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
"""
TARGET_REVIEWS: Final[dict[ReviewOrder, str]] = {
    "newest": _REVIEWS_SELECT_WITH_TOTAL
    + """
    WHERE r.guild_id = ? AND r.target = ?
    ORDER BY r.updated_at DESC, r.rowid DESC
    LIMIT ? OFFSET ?
""",
    "highest": _REVIEWS_SELECT_WITH_TOTAL
    + """
    WHERE r.guild_id = ? AND r.target = ?
    ORDER BY s.score DESC, r.updated_at DESC, r.rowid DESC
    LIMIT ? OFFSET ?
""",
}
COUNT_TARGET_REVIEWS: Final = "SELECT COUNT(*) FROM reviews WHERE guild_id = ? AND target = ?"
MEMBER_REVIEWS: Final = (
    _REVIEWS_SELECT
    + """
    WHERE r.guild_id = ? AND r.user_id = ?
    ORDER BY r.updated_at DESC, r.rowid DESC
"""
)
MEMBER_EXPORT: Final = """
    SELECT s.target, s.score, r.text, COALESCE(r.spoiler, 0), s.created_at, s.updated_at
    FROM ratings AS s
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    WHERE s.guild_id = ? AND s.user_id = ?
    ORDER BY s.target
"""
# Everything held about a server, in one statement (one consistent state), rows told apart by
# their first column: (kind, user_id, text, number, text, flag, created_at, updated_at).
GUILD_EXPORT: Final = """
    SELECT 'rating', s.user_id, s.target, s.score, r.text, COALESCE(r.spoiler, 0),
        s.created_at, s.updated_at
    FROM ratings AS s
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    WHERE s.guild_id = ?1
    UNION ALL
    SELECT 'shown', user_id, target, NULL, NULL, NULL, NULL, NULL
    FROM last_shown WHERE guild_id = ?1
    UNION ALL
    SELECT 'walk', user_id, walk, NULL, couple, NULL, NULL, NULL
    FROM pick_walks WHERE guild_id = ?1
    UNION ALL
    SELECT 'name', user_id, display_name, NULL, NULL, NULL, NULL, NULL
    FROM members WHERE guild_id = ?1
    UNION ALL
    SELECT 'enabled', NULL, NULL, reviews_enabled, language, NULL, NULL, NULL
    FROM guild_settings WHERE guild_id = ?1
    UNION ALL
    SELECT 'cooldown', NULL, command, seconds, NULL, NULL, NULL, NULL
    FROM cooldowns WHERE guild_id = ?1
    ORDER BY 1, 2, 3
"""

# Forgetting deletes reviews before ratings: the cascade would take them anyway, but deleting
# them first is how we learn how many there were. Kinds are the store's (values.MEMBER_KINDS).
FORGET_MEMBER: Final = (
    ("reviews", "DELETE FROM reviews WHERE guild_id = ? AND user_id = ?"),
    ("ratings", "DELETE FROM ratings WHERE guild_id = ? AND user_id = ?"),
    ("last_shown", "DELETE FROM last_shown WHERE guild_id = ? AND user_id = ?"),
    ("pick_walks", "DELETE FROM pick_walks WHERE guild_id = ? AND user_id = ?"),
    ("members", "DELETE FROM members WHERE guild_id = ? AND user_id = ?"),
)
FORGET_GUILD: Final = (
    ("reviews", "DELETE FROM reviews WHERE guild_id = ?"),
    ("ratings", "DELETE FROM ratings WHERE guild_id = ?"),
    ("last_shown", "DELETE FROM last_shown WHERE guild_id = ?"),
    ("pick_walks", "DELETE FROM pick_walks WHERE guild_id = ?"),
    ("members", "DELETE FROM members WHERE guild_id = ?"),
    ("settings", "DELETE FROM guild_settings WHERE guild_id = ?"),
    ("cooldowns", "DELETE FROM cooldowns WHERE guild_id = ?"),
)
# What forgetting would delete, counted in one statement (one consistent state), in the order of
# the kinds above.
HELD_ABOUT_MEMBER: Final = """
    SELECT
        (SELECT COUNT(*) FROM reviews WHERE guild_id = ?1 AND user_id = ?2),
        (SELECT COUNT(*) FROM ratings WHERE guild_id = ?1 AND user_id = ?2),
        (SELECT COUNT(*) FROM last_shown WHERE guild_id = ?1 AND user_id = ?2),
        (SELECT COUNT(*) FROM pick_walks WHERE guild_id = ?1 AND user_id = ?2),
        (SELECT COUNT(*) FROM members WHERE guild_id = ?1 AND user_id = ?2)
"""
HELD_ABOUT_GUILD: Final = """
    SELECT
        (SELECT COUNT(*) FROM reviews WHERE guild_id = ?1),
        (SELECT COUNT(*) FROM ratings WHERE guild_id = ?1),
        (SELECT COUNT(*) FROM last_shown WHERE guild_id = ?1),
        (SELECT COUNT(*) FROM pick_walks WHERE guild_id = ?1),
        (SELECT COUNT(*) FROM members WHERE guild_id = ?1),
        (SELECT COUNT(*) FROM guild_settings WHERE guild_id = ?1),
        (SELECT COUNT(*) FROM cooldowns WHERE guild_id = ?1)
"""

UPSERT_REVIEWS_ENABLED: Final = """
    INSERT INTO guild_settings (guild_id, reviews_enabled, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (guild_id)
    DO UPDATE SET reviews_enabled = excluded.reviews_enabled, updated_at = excluded.updated_at
"""
# A server's language without a settings row yet: reviews stay on, as the column's default says.
UPSERT_LANGUAGE: Final = """
    INSERT INTO guild_settings (guild_id, language, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (guild_id)
    DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at
"""
UPSERT_COOLDOWN: Final = """
    INSERT INTO cooldowns (guild_id, command, seconds) VALUES (?, ?, ?)
    ON CONFLICT (guild_id, command) DO UPDATE SET seconds = excluded.seconds
"""
# A NULL name marks the settings row (the reviews flag and the language); every other row is a
# cooldown (command names are never NULL).
SETTINGS: Final = """
    SELECT NULL, reviews_enabled, language FROM guild_settings WHERE guild_id = ?1
    UNION ALL
    SELECT command, seconds, NULL FROM cooldowns WHERE guild_id = ?1
"""

WALKED: Final = "SELECT couple FROM pick_walks WHERE guild_id = ? AND user_id = ? AND walk = ?"
RESTART_WALK: Final = "DELETE FROM pick_walks WHERE guild_id = ? AND user_id = ? AND walk = ?"
WALK_ON: Final = """
    INSERT INTO pick_walks (guild_id, user_id, walk, couple, shown_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id, walk, couple) DO UPDATE SET shown_at = excluded.shown_at
"""

# {rows} is "(?, ?, ?, ?)" once per member: one statement, whole by itself (see Backend.autocommit).
UPSERT_SHOWN: Final = """
    INSERT INTO last_shown (guild_id, user_id, target, shown_at) VALUES {rows}
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET target = excluded.target, shown_at = excluded.shown_at
"""
LAST_SHOWN: Final = "SELECT target FROM last_shown WHERE guild_id = ? AND user_id = ?"


# --- snapshots (bot.store.snapshot): whole tables, page by page -------------------------------
# The table and column names come from snapshot.TABLES, never from input; every value is bound.

# Tables kept WITHOUT ROWID page by their key; every other table by rowid, which for reviews
# is the order they were written in (see WRITE_REVIEW).
WITHOUT_ROWID: Final = frozenset({"score_counts"})


def snapshot_page(table: SnapshotTable, *, first: bool) -> str:
    """Rows of table after a cursor (the rowid, or the key), each row led by its cursor."""
    columns = ", ".join(table.columns)
    if table.name in WITHOUT_ROWID:
        key = ", ".join(table.key_columns)
        after = "" if first else f"WHERE ({key}) > ({', '.join('?' * table.key)})"
        return f"SELECT {key}, {columns} FROM {table.name} {after} ORDER BY {key} LIMIT ?"  # noqa: S608
    after = "" if first else "WHERE rowid > ?"
    return f"SELECT rowid, {columns} FROM {table.name} {after} ORDER BY rowid LIMIT ?"  # noqa: S608


def snapshot_cursor_width(table: SnapshotTable) -> int:
    """How many leading columns of snapshot_page's rows are the cursor."""
    return table.key if table.name in WITHOUT_ROWID else 1


def put_snapshot_rows(table: SnapshotTable) -> str:
    """Insert snapshot rows of table; a row whose key is there already is replaced in place."""
    placeholders = ", ".join("?" * len(table.columns))
    updates = ", ".join(f"{column} = excluded.{column}" for column in table.value_columns)
    return (
        f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(table.key_columns)}) DO UPDATE SET {updates}"
    )
