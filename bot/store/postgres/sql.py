"""Every SQL statement of the PostgreSQL backend. Every value is a bound parameter ($1 ...); the
only names put into a statement's text are the schema's own tables and columns (from
bot.store.snapshot.TABLES, never from input)."""

from __future__ import annotations

from typing import Final

from bot.store.snapshot import SnapshotTable
from bot.store.values import ReviewOrder

# Advisory lock namespaces (the first key of the two-key form), so the store's locks never meet
# another application's on the same server: "TWIL" as an int, and one more per use.
_NAMESPACE: Final = 0x5457_494C
MIGRATION_LOCK: Final = (_NAMESPACE, 0)  # the second key: always 0
GUILD_LOCK_SPACE: Final = _NAMESPACE + 1  # the second key: the guild's lock_key()
IDENTIFY_LOCK_SPACE: Final = _NAMESPACE + 2  # the second key: the identify bucket

# Tell the other processes on the database which guild a commit changed (see listener).
CHANGES_CHANNEL: Final = "twilight_store_changes"
NOTIFY: Final = "SELECT pg_notify($1, $2)"

# Writers of one guild take turns: each write transaction that reads before it writes holds the
# guild's lock until it ends, so no other process changes those rows in between.
LOCK_GUILDS: Final = "SELECT pg_advisory_xact_lock($1, key) FROM unnest($2::integer[]) AS key"

UPSERT_RATING: Final = """
    INSERT INTO ratings (guild_id, user_id, target, score, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $5)
    ON CONFLICT (guild_id, user_id, target)
    DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at
"""
# A changed review takes the next number of reviews_written, so reviews written in the same
# second list newest written first; a replaced review keeps when it was first written.
# Parameters: guild_id, user_id, target, text, spoiler, now.
WRITE_REVIEW: Final = """
    INSERT INTO reviews (guild_id, user_id, target, text, spoiler, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $6)
    ON CONFLICT (guild_id, user_id, target)
    DO UPDATE SET text = excluded.text, spoiler = excluded.spoiler,
        updated_at = excluded.updated_at, written = nextval('reviews_written')
"""
# The keys come as three arrays: one statement, and how many it deleted.
DELETE_REVIEWS: Final = """
    DELETE FROM reviews WHERE (guild_id, user_id, target) IN (
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])
    )
"""
UPSERT_MEMBER: Final = """
    INSERT INTO members (guild_id, user_id, display_name, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at
"""

# Score counts: a count that would reach 0 is deleted first, then the others move.
# Parameters: guild_id, target, score, change.
DELETE_SPENT_COUNT: Final = """
    DELETE FROM score_counts
    WHERE guild_id = $1 AND target = $2 AND score = $3 AND votes + $4 <= 0
"""
ADD_TO_COUNT: Final = """
    INSERT INTO score_counts (guild_id, target, score, votes) VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id, target, score) DO UPDATE SET votes = score_counts.votes + excluded.votes
"""
TAKE_FROM_COUNT: Final = """
    UPDATE score_counts SET votes = votes + $4 WHERE guild_id = $1 AND target = $2 AND score = $3
"""
DROP_TARGET_COUNTS: Final = "DELETE FROM score_counts WHERE guild_id = $1 AND target = $2"
DROP_GUILD_COUNTS: Final = "DELETE FROM score_counts WHERE guild_id = $1"
GUILD_COUNTS: Final = "SELECT target, score, votes FROM score_counts WHERE guild_id = $1"

# Everything a batch of ratings needs to know, in one statement: each key's score and review,
# the vote counts of each (guild, target), each member's stored name. The keys come as three
# arrays; rows are told apart by their first column.
BEFORE_RATES: Final = """
    WITH wanted AS (
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS w(guild_id, user_id, target)
    )
    SELECT 'rating' AS kind, s.guild_id, s.user_id, s.target, s.score,
        r.text AS text, r.spoiler
    FROM wanted
    JOIN ratings AS s
        ON s.guild_id = wanted.guild_id AND s.user_id = wanted.user_id
        AND s.target = wanted.target
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    UNION ALL
    SELECT 'votes', c.guild_id, NULL, c.target, c.score, c.votes::text, NULL
    FROM (SELECT DISTINCT guild_id, target FROM wanted) AS w
    JOIN score_counts AS c ON c.guild_id = w.guild_id AND c.target = w.target
    UNION ALL
    SELECT 'name', m.guild_id, m.user_id, NULL, NULL, m.display_name, NULL
    FROM (SELECT DISTINCT guild_id, user_id FROM wanted) AS w
    JOIN members AS m ON m.guild_id = w.guild_id AND m.user_id = w.user_id
"""

USER_RATINGS: Final = "SELECT target, score FROM ratings WHERE guild_id = $1 AND user_id = $2"
DELETE_TARGET: Final = "DELETE FROM ratings WHERE guild_id = $1 AND target = $2"

# A review with its score and the name that credits it (None before the bot learnt it).
_REVIEWS_SELECT = """
    SELECT r.user_id, r.target, s.score, r.text, r.spoiler, m.display_name, r.updated_at
    FROM reviews AS r
    JOIN ratings AS s
        ON s.guild_id = r.guild_id AND s.user_id = r.user_id AND s.target = r.target
    LEFT JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
"""
# The same with the target's review count on every row: one statement, one consistent state.
# Every order ends in `written`, unique and larger for every later write: within one second the
# newest written comes first, and OFFSET paging neither repeats nor skips a review.
_REVIEWS_SELECT_WITH_TOTAL = """
    SELECT r.user_id, r.target, s.score, r.text, r.spoiler, m.display_name, r.updated_at,
        (SELECT COUNT(*) FROM reviews WHERE guild_id = $1 AND target = $2) AS total
    FROM reviews AS r
    JOIN ratings AS s
        ON s.guild_id = r.guild_id AND s.user_id = r.user_id AND s.target = r.target
    LEFT JOIN members AS m ON m.guild_id = r.guild_id AND m.user_id = r.user_id
    WHERE r.guild_id = $1 AND r.target = $2
"""
TARGET_REVIEWS: Final[dict[ReviewOrder, str]] = {
    "newest": _REVIEWS_SELECT_WITH_TOTAL
    + "ORDER BY r.updated_at DESC, r.written DESC LIMIT $3 OFFSET $4",
    "highest": _REVIEWS_SELECT_WITH_TOTAL
    + "ORDER BY s.score DESC, r.updated_at DESC, r.written DESC LIMIT $3 OFFSET $4",
}
COUNT_TARGET_REVIEWS: Final = "SELECT COUNT(*) FROM reviews WHERE guild_id = $1 AND target = $2"
MEMBER_REVIEWS: Final = (
    _REVIEWS_SELECT
    + "WHERE r.guild_id = $1 AND r.user_id = $2 ORDER BY r.updated_at DESC, r.written DESC"
)
MEMBER_EXPORT: Final = """
    SELECT s.target, s.score, r.text, COALESCE(r.spoiler, FALSE), s.created_at, s.updated_at
    FROM ratings AS s
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    WHERE s.guild_id = $1 AND s.user_id = $2
    ORDER BY s.target COLLATE "C"
"""
# Everything held about a server, in one statement (one consistent state), rows told apart by
# their first column: (kind, user_id, text, number, text, flag, created_at, updated_at).
GUILD_EXPORT: Final = """
    SELECT * FROM (
    SELECT 'rating' AS kind, s.user_id, s.target AS name, s.score AS number, r.text AS other,
        COALESCE(r.spoiler, FALSE) AS flag, s.created_at, s.updated_at
    FROM ratings AS s
    LEFT JOIN reviews AS r
        ON r.guild_id = s.guild_id AND r.user_id = s.user_id AND r.target = s.target
    WHERE s.guild_id = $1
    UNION ALL
    SELECT 'shown', user_id, target, NULL, NULL, NULL, NULL, NULL
    FROM last_shown WHERE guild_id = $1
    UNION ALL
    SELECT 'walk', user_id, walk, NULL, couple, NULL, NULL, NULL
    FROM pick_walks WHERE guild_id = $1
    UNION ALL
    SELECT 'name', user_id, display_name, NULL, NULL, NULL, NULL, NULL
    FROM members WHERE guild_id = $1
    UNION ALL
    SELECT 'enabled', NULL, NULL, reviews_enabled::integer, language, NULL, NULL, NULL
    FROM guild_settings WHERE guild_id = $1
    UNION ALL
    SELECT 'cooldown', NULL, command, seconds, NULL, NULL, NULL, NULL
    FROM cooldowns WHERE guild_id = $1
    ) AS held
    ORDER BY kind, user_id NULLS FIRST, name COLLATE "C" NULLS FIRST
"""

# Forgetting deletes reviews before ratings: the cascade would take them anyway, but deleting
# them first is how we learn how many there were. Kinds are the store's (values.MEMBER_KINDS).
FORGET_MEMBER: Final = (
    ("reviews", "DELETE FROM reviews WHERE guild_id = $1 AND user_id = $2"),
    ("ratings", "DELETE FROM ratings WHERE guild_id = $1 AND user_id = $2"),
    ("last_shown", "DELETE FROM last_shown WHERE guild_id = $1 AND user_id = $2"),
    ("pick_walks", "DELETE FROM pick_walks WHERE guild_id = $1 AND user_id = $2"),
    ("members", "DELETE FROM members WHERE guild_id = $1 AND user_id = $2"),
)
FORGET_GUILD: Final = (
    ("reviews", "DELETE FROM reviews WHERE guild_id = $1"),
    ("ratings", "DELETE FROM ratings WHERE guild_id = $1"),
    ("last_shown", "DELETE FROM last_shown WHERE guild_id = $1"),
    ("pick_walks", "DELETE FROM pick_walks WHERE guild_id = $1"),
    ("members", "DELETE FROM members WHERE guild_id = $1"),
    ("settings", "DELETE FROM guild_settings WHERE guild_id = $1"),
    ("cooldowns", "DELETE FROM cooldowns WHERE guild_id = $1"),
)
# What forgetting would delete, counted in one statement, in the order of the kinds above.
HELD_ABOUT_MEMBER: Final = """
    SELECT
        (SELECT COUNT(*) FROM reviews WHERE guild_id = $1 AND user_id = $2),
        (SELECT COUNT(*) FROM ratings WHERE guild_id = $1 AND user_id = $2),
        (SELECT COUNT(*) FROM last_shown WHERE guild_id = $1 AND user_id = $2),
        (SELECT COUNT(*) FROM pick_walks WHERE guild_id = $1 AND user_id = $2),
        (SELECT COUNT(*) FROM members WHERE guild_id = $1 AND user_id = $2)
"""
HELD_ABOUT_GUILD: Final = """
    SELECT
        (SELECT COUNT(*) FROM reviews WHERE guild_id = $1),
        (SELECT COUNT(*) FROM ratings WHERE guild_id = $1),
        (SELECT COUNT(*) FROM last_shown WHERE guild_id = $1),
        (SELECT COUNT(*) FROM pick_walks WHERE guild_id = $1),
        (SELECT COUNT(*) FROM members WHERE guild_id = $1),
        (SELECT COUNT(*) FROM guild_settings WHERE guild_id = $1),
        (SELECT COUNT(*) FROM cooldowns WHERE guild_id = $1)
"""

UPSERT_REVIEWS_ENABLED: Final = """
    INSERT INTO guild_settings (guild_id, reviews_enabled, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id)
    DO UPDATE SET reviews_enabled = excluded.reviews_enabled, updated_at = excluded.updated_at
"""
# A server's language without a settings row yet: reviews stay on, as the column's default says.
UPSERT_LANGUAGE: Final = """
    INSERT INTO guild_settings (guild_id, language, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id)
    DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at
"""
UPSERT_COOLDOWN: Final = """
    INSERT INTO cooldowns (guild_id, command, seconds) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id, command) DO UPDATE SET seconds = excluded.seconds
"""
# A NULL name marks the settings row (the reviews flag and the language); every other row is a
# cooldown (command names are never NULL).
SETTINGS: Final = """
    SELECT NULL::text AS name, reviews_enabled::integer AS value, language
    FROM guild_settings WHERE guild_id = $1
    UNION ALL
    SELECT command, seconds, NULL FROM cooldowns WHERE guild_id = $1
"""

# One statement for many members (at most one row each: a second would conflict with the first).
UPSERT_SHOWN: Final = """
    INSERT INTO last_shown (guild_id, user_id, target, shown_at)
    SELECT shown.*, $4::bigint FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS shown
    ON CONFLICT (guild_id, user_id)
    DO UPDATE SET target = excluded.target, shown_at = excluded.shown_at
"""
LAST_SHOWN: Final = "SELECT target FROM last_shown WHERE guild_id = $1 AND user_id = $2"
RESTART_WALK: Final = "DELETE FROM pick_walks WHERE guild_id = $1 AND user_id = $2 AND walk = $3"
WALK_ON: Final = """
    INSERT INTO pick_walks (guild_id, user_id, walk, couple, shown_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (guild_id, user_id, walk, couple) DO UPDATE SET shown_at = excluded.shown_at
"""
WALKED: Final = "SELECT couple FROM pick_walks WHERE guild_id = $1 AND user_id = $2 AND walk = $3"

PROBE: Final = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"


# --- snapshots (bot.store.snapshot): whole tables, page by page -------------------------------


# Reviews page in the order they were written (their `written` number); every other table in
# its primary key's order.
def snapshot_page(table: SnapshotTable, *, first: bool) -> str:
    """Rows of table after a cursor, each row led by its cursor."""
    columns = ", ".join(table.columns)
    if table.name == "reviews":
        after = "" if first else "WHERE written > $1"
        limit = "$1" if first else "$2"
        return f"SELECT written, {columns} FROM reviews {after} ORDER BY written LIMIT {limit}"  # noqa: S608
    # In the primary key's own order (the database's collation), so each page is an index scan.
    key = ", ".join(table.key_columns)
    cursor = ", ".join(f"${n}" for n in range(1, table.key + 1))
    after = "" if first else f"WHERE ({key}) > ({cursor})"
    limit = "$1" if first else f"${table.key + 1}"
    return (
        f"SELECT {key}, {columns} FROM {table.name} {after} "  # noqa: S608
        f"ORDER BY {key} LIMIT {limit}"
    )


def snapshot_cursor_width(table: SnapshotTable) -> int:
    """How many leading columns of snapshot_page's rows are the cursor."""
    return 1 if table.name == "reviews" else table.key


def put_snapshot_rows(table: SnapshotTable) -> str:
    """Insert snapshot rows of table; a row whose key is there already is replaced. A review
    written takes the next number, so reviews keep the order they are given in."""
    placeholders = ", ".join(f"${n}" for n in range(1, len(table.columns) + 1))
    updates = [f"{column} = excluded.{column}" for column in table.value_columns]
    if table.name == "reviews":
        updates.append("written = nextval('reviews_written')")
    return (
        f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(table.key_columns)}) DO UPDATE SET {', '.join(updates)}"
    )
