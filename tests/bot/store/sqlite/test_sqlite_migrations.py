"""Opening a SQLite file: schema migrations in order, and refusing files the bot must not touch."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from importlib.resources import as_file, files
from pathlib import Path

import pytest
from store_keys import COUPLE, GUILD, MEMBER, OTHER_MEMBER, SERIES

from bot.store import (
    CannotOpen,
    DamagedDatabase,
    DatabaseTooNew,
    FailedIntegrityCheck,
    ForeignDatabase,
    IncompatibleDatabase,
    OpenStep,
    ScoreSummary,
    StoreError,
)
from bot.store.sqlite import SQLiteRatingStore
from bot.store.sqlite.migrations import bundled_migrations, load_migrations, split_statements

pytestmark = pytest.mark.sqlite_only

LATEST = bundled_migrations()[-1].version


def _sqlite(path: Path, *statements: str) -> None:
    """Run statements on the file with plain sqlite3, as another tool (or an older bot) would."""
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _bytes_of(path: Path) -> bytes:
    return path.read_bytes()


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
    conn.close()
    return int(version)


def _table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    conn.close()
    return {name for (name,) in rows}


def _migrations_with_extra(folder: Path, name: str, sql: str) -> Path:
    """The bundled migrations plus one more, as the next release of the bot would ship them."""
    with as_file(files("bot.store.sqlite.migrations")) as bundled:
        shutil.copytree(bundled, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (folder / name).write_text(sql, encoding="utf-8")
    return folder


async def test_a_new_file_gets_parent_folders_the_schema_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "ratings.sqlite3"

    async with await SQLiteRatingStore.open(path) as store:
        await store.rate(GUILD, MEMBER, SERIES, 5)

    assert _user_version(path) == LATEST
    assert {"ratings", "last_shown"} <= _table_names(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


async def test_an_old_empty_database_is_migrated_and_usable(db_path: Path) -> None:
    _write_file(db_path, b"")
    _sqlite(db_path, "CREATE TABLE scratch (x)", "DROP TABLE scratch")  # a real, empty v0 file
    assert (_user_version(db_path), _table_names(db_path)) == (0, set())

    async with await SQLiteRatingStore.open(db_path) as store:
        change = await store.rate(GUILD, MEMBER, COUPLE, 8)

    assert change.summary.count == 1
    assert _user_version(db_path) == LATEST


async def test_a_later_migration_is_applied_once_and_keeps_existing_scores(
    db_path: Path, tmp_path: Path
) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 8)
    folder = _migrations_with_extra(
        tmp_path / "next-release",
        f"{LATEST + 1:04d}_notes.sql",
        "CREATE TABLE notes (guild_id INTEGER, user_id INTEGER, target TEXT, body TEXT);\n"
        "-- Not idempotent on purpose: applying it twice would leave two rows.\n"
        "INSERT INTO notes VALUES (1, 2, 'series:x', 'first; and only');\n",
    )
    next_release = load_migrations(folder)

    for _ in range(2):
        reopened = await SQLiteRatingStore.open(db_path, migrations=next_release)
        assert await reopened.user_ratings(GUILD, MEMBER) == {COUPLE: 8}
        await reopened.close()

    assert _user_version(db_path) == LATEST + 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("first; and only",)]
    conn.close()


async def test_a_version_1_database_with_scores_gains_reviews_and_settings(
    db_path: Path,
) -> None:
    async with await SQLiteRatingStore.open(db_path, migrations=bundled_migrations()[:1]):
        pass  # the schema as the first release created it; its rows as that release wrote them:
    _sqlite(
        db_path,
        f"INSERT INTO ratings VALUES ({GUILD}, {MEMBER}, '{COUPLE}', 8, 1, 1)",
        f"INSERT INTO ratings VALUES ({GUILD}, {OTHER_MEMBER}, '{SERIES}', 5, 1, 1)",
        f"INSERT INTO last_shown VALUES ({GUILD}, {MEMBER}, '{COUPLE}', 1)",
    )
    assert (_user_version(db_path), _table_names(db_path)) == (1, {"ratings", "last_shown"})

    async with await SQLiteRatingStore.open(db_path) as store:
        kept = (await store.user_ratings(GUILD, MEMBER), await store.last_shown(GUILD, MEMBER))
        keeping = await store.rate(GUILD, MEMBER, COUPLE, 9)
        reviewing = await store.rate(GUILD, OTHER_MEMBER, SERIES, 5, review="Quietly great.")
        settings = await store.set_cooldown(GUILD, "rate", 20)
        forgotten = await store.forget_member(GUILD, MEMBER)
        (exported,) = await store.member_export(GUILD, OTHER_MEMBER)

    assert kept == ({COUPLE: 8}, COUPLE)
    assert (keeping.previous, keeping.review) == (8, None)
    assert (reviewing.previous, reviewing.review) == (5, "Quietly great.")
    assert (exported.review, exported.created_at) == ("Quietly great.", 1)  # first rated in v1
    assert settings.cooldowns == {"rate": 20}
    assert forgotten == {"ratings": 1, "reviews": 0, "last_shown": 1, "pick_walks": 0, "members": 0}
    assert _user_version(db_path) == LATEST
    assert {"reviews", "members", "guild_settings", "cooldowns"} <= _table_names(db_path)


async def test_a_failing_migration_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 8)
    broken = load_migrations(
        _migrations_with_extra(
            tmp_path / "broken",
            f"{LATEST + 1:04d}_broken.sql",
            "CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);\n",
        )
    )

    with pytest.raises(StoreError):
        await SQLiteRatingStore.open(db_path, migrations=broken)

    assert _user_version(db_path) == LATEST
    assert "half_done" not in _table_names(db_path)
    async with await SQLiteRatingStore.open(db_path) as store:
        assert await store.user_ratings(GUILD, MEMBER) == {COUPLE: 8}


async def test_a_database_from_a_newer_bot_is_refused_and_left_untouched(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        await store.rate(GUILD, MEMBER, COUPLE, 8)
    _sqlite(db_path, f"PRAGMA user_version = {LATEST + 41}")
    before = _bytes_of(db_path)

    with pytest.raises(DatabaseTooNew) as refused:
        await SQLiteRatingStore.open(db_path)

    assert (refused.value.version, refused.value.known) == (LATEST + 41, LATEST)
    assert isinstance(refused.value, IncompatibleDatabase)
    message = str(refused.value)
    assert f"version {LATEST + 41}" in message
    assert f"up to {LATEST}" in message
    assert "upgrade the bot or point DATABASE_PATH elsewhere" in message
    assert _bytes_of(db_path) == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database, it is a grocery list\n" * 200, b"\x00\xff" * 3000],
    ids=["text", "binary"],
)
async def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(
    db_path: Path, content: bytes
) -> None:
    _write_file(db_path, content)

    with pytest.raises(DamagedDatabase, match="left untouched") as refused:
        await SQLiteRatingStore.open(db_path)

    assert (refused.value.location, refused.value.opening) == (str(db_path), True)

    assert _bytes_of(db_path) == content


async def test_a_corrupt_database_is_refused_and_left_untouched(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path) as store:
        for member in range(1, 500):
            await store.rate(GUILD, member, COUPLE, member % 10 + 1)
    damaged = bytearray(_bytes_of(db_path))
    page_size = int.from_bytes(damaged[16:18], "big")
    damaged[page_size * 2 : page_size * 3] = b"\xa5" * page_size  # scribble over the third page
    _write_file(db_path, bytes(damaged))

    with pytest.raises((DamagedDatabase, FailedIntegrityCheck), match="left untouched"):
        await SQLiteRatingStore.open(db_path)

    assert _bytes_of(db_path) == bytes(damaged)


async def test_another_programs_sqlite_database_is_refused_and_left_untouched(
    db_path: Path,
) -> None:
    _write_file(db_path, b"")
    _sqlite(db_path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    before = _bytes_of(db_path)

    with pytest.raises(ForeignDatabase, match="something else") as refused:
        await SQLiteRatingStore.open(db_path)

    assert (refused.value.location, refused.value.engine) == (str(db_path), "SQLite")

    assert _bytes_of(db_path) == before


def test_migration_files_must_be_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_first.sql").write_text("CREATE TABLE a (x);", encoding="utf-8")
    (tmp_path / "0003_third.sql").write_text("CREATE TABLE c (x);", encoding="utf-8")

    with pytest.raises(ValueError, match="without gaps"):
        load_migrations(tmp_path)


def test_migration_files_must_be_named_nnnn_description(tmp_path: Path) -> None:
    (tmp_path / "1_first.sql").write_text("CREATE TABLE a (x);", encoding="utf-8")

    with pytest.raises(ValueError, match="NNNN_description"):
        load_migrations(tmp_path)


def test_statements_split_where_sqlite_says_they_end() -> None:
    script = """
        -- a comment; with a semicolon
        CREATE TABLE t (x TEXT);
        INSERT INTO t VALUES ('a;b');
        CREATE TRIGGER t_copy AFTER INSERT ON t BEGIN
            INSERT INTO t VALUES ('copy;');
        END;
        -- trailing comment
    """

    statements = split_statements(script)

    assert len(statements) == 3
    assert statements[1] == "INSERT INTO t VALUES ('a;b');"
    assert statements[2].endswith("END;")


def test_a_script_ending_mid_statement_is_refused() -> None:
    with pytest.raises(ValueError, match="incomplete statement"):
        split_statements("CREATE TABLE t (x); INSERT INTO t VALUES (1)")


async def test_a_path_that_cannot_hold_a_database_is_a_store_error(tmp_path: Path) -> None:
    occupied = tmp_path / "a-file"
    _write_file(occupied, b"not a folder")

    with pytest.raises(CannotOpen, match="Can't create the folder") as no_folder:
        await SQLiteRatingStore.open(occupied / "ratings.sqlite3")
    with pytest.raises(CannotOpen, match="Can't open the rating database") as a_folder:
        await SQLiteRatingStore.open(tmp_path)  # a folder, not a file

    assert (no_folder.value.step, a_folder.value.step) == (OpenStep.MAKE_FOLDER, OpenStep.CONNECT)
    assert issubclass(CannotOpen, StoreError)


# --- score counts: kept by triggers in 0003 to 0005, by the store from 0006 ---------------------


def _counted(path: Path, guild: int) -> dict[str, ScoreSummary]:
    """The summaries as counting the ratings table itself gives them."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT target, score, COUNT(*) FROM ratings WHERE guild_id = ? GROUP BY 1, 2",
            (guild,),
        ).fetchall()
    counts: dict[str, dict[int, int]] = {}
    for target, score, n in rows:
        counts.setdefault(target, {})[score] = n
    return {t: ScoreSummary.from_counts(t, c) for t, c in counts.items()}


def _triggers(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    return {name for (name,) in rows}


TARGETS = (SERIES, COUPLE, "couple:rei-shion")


async def test_ratings_from_before_the_counts_are_counted_on_upgrade(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path, migrations=bundled_migrations()[:2]):
        pass
    with closing(sqlite3.connect(db_path)) as db, db:
        db.executemany(
            "INSERT INTO ratings VALUES (?, ?, ?, ?, 1, 1)",
            [(GUILD, member, TARGETS[member % 3], 1 + member % 10) for member in range(1, 200)],
        )
    before = _counted(db_path, GUILD)

    async with await SQLiteRatingStore.open(db_path) as store:
        assert await store.summaries(GUILD) == before
        change = await store.rate(GUILD, 1, TARGETS[1], 10)

    assert change.summary == _counted(db_path, GUILD)[TARGETS[1]]
    assert change.summary.count == before[TARGETS[1]].count  # a changed score, not a new vote
    assert change.summary.total == before[TARGETS[1]].total - 2 + 10


async def test_counts_kept_by_triggers_stay_exact_when_the_store_takes_them_over(
    db_path: Path,
) -> None:
    """A file of the last release whose counts its triggers kept: 0006 drops the triggers, the
    counts stay what they were, and the store moves them from then on."""
    async with await SQLiteRatingStore.open(db_path, migrations=bundled_migrations()[:5]) as old:
        for member in range(1, 120):
            await old.rate(GUILD, member, TARGETS[member % 3], 1 + member % 10)
        await old.forget_member(GUILD, 7)
        await old.reset_target(GUILD, TARGETS[2])
    assert len(_triggers(db_path)) == 3
    kept_by_triggers = _counted(db_path, GUILD)

    async with await SQLiteRatingStore.open(db_path) as store:
        upgraded = await store.summaries(GUILD)
        await store.rate(GUILD, 1, TARGETS[1], 10)
        await store.forget_member(GUILD, 4)
        await store.reset_target(GUILD, TARGETS[0])
        kept_by_the_store = await store.summaries(GUILD)

    assert _user_version(db_path) == LATEST
    assert _triggers(db_path) == set()
    assert upgraded == kept_by_triggers
    assert kept_by_the_store == _counted(db_path, GUILD)


async def test_counts_that_drifted_before_the_upgrade_are_recounted(db_path: Path) -> None:
    async with await SQLiteRatingStore.open(db_path, migrations=bundled_migrations()[:5]) as old:
        await old.rate(GUILD, MEMBER, COUPLE, 8)
    _sqlite(db_path, "UPDATE score_counts SET votes = 41")  # as a hand-edited file might be

    async with await SQLiteRatingStore.open(db_path) as store:
        assert await store.summary(GUILD, COUPLE) == ScoreSummary.from_counts(COUPLE, {8: 1})
