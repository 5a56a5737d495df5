"""`twilight-bot copy-store` as an admin runs it: a verified copy, refusals in one line that
change nothing, and a password never printed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.postgres import PASSWORD, PostgresServer
from support.terminal import on_a_terminal

from bot.store import open_store
from bot.store.copying import copy_store as store_copy
from bot.store.copying import digest
from bot.store.snapshot import TABLES, SnapshotTable

GUILD = 111_111_111_111_111_111
COUPLE = "couple:mao-hisashi"


def copy_store(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "copy-store", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def rated(path: Path, *scores: int) -> None:
    async def rate() -> None:
        async with await open_store(url(path)) as store:
            for member, score in enumerate(scores, start=1):
                await store.rate(GUILD, member, COUPLE, score, review=f"Review {member}.")

    asyncio.run(rate())


def scores_in(path: Path) -> dict[str, int]:
    async def read() -> dict[str, int]:
        async with await open_store(url(path)) as store:
            return {str(m): (await store.user_ratings(GUILD, m)).get(COUPLE, 0) for m in (1, 2)}

    return asyncio.run(read())


def test_a_copy_lists_every_table_and_says_it_is_verified(tmp_path: Path) -> None:
    rated(tmp_path / "old.db", 8, 3)

    done = copy_store(
        tmp_path, "--from", url(tmp_path / "old.db"), "--to", url(tmp_path / "new.db")
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress line in a pipe
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("Verified: every table holds the same")
    table_rows = {line.split()[0]: line.split() for line in lines[2:-1]}
    assert set(table_rows) == {table.name for table in TABLES}
    assert table_rows["ratings"][1] == "2"
    assert table_rows["reviews"][-1] == "ok"
    assert scores_in(tmp_path / "new.db") == {"1": 8, "2": 3}


def test_a_target_with_data_is_refused_in_one_line_and_left_as_it_was(tmp_path: Path) -> None:
    rated(tmp_path / "old.db", 8, 3)
    rated(tmp_path / "new.db", 1)

    refused = copy_store(
        tmp_path, "--from", url(tmp_path / "old.db"), "--to", url(tmp_path / "new.db")
    )

    assert refused.returncode == 1
    assert len(refused.stderr.splitlines()) == 1
    assert "--into-non-empty" in refused.stderr
    assert scores_in(tmp_path / "new.db") == {"1": 1, "2": 0}


def test_into_non_empty_finishes_the_copy_without_doubling_rows(tmp_path: Path) -> None:
    rated(tmp_path / "old.db", 8, 3)
    args = ("--from", url(tmp_path / "old.db"), "--to", url(tmp_path / "new.db"))
    assert copy_store(tmp_path, *args).returncode == 0

    again = copy_store(tmp_path, *args, "--into-non-empty")

    assert again.returncode == 0, again.stderr
    assert "Verified: every table holds the same 6 rows" in again.stdout


def test_the_same_database_twice_is_refused(tmp_path: Path) -> None:
    rated(tmp_path / "old.db", 8)

    refused = copy_store(
        tmp_path, "--from", url(tmp_path / "old.db"), "--to", url(tmp_path / "old.db")
    )

    assert refused.returncode == 1
    assert (
        refused.stderr.strip() == "error: --from and --to name the same database: nothing to copy"
    )


def test_a_bad_url_names_the_option_and_never_shows_the_password(tmp_path: Path) -> None:
    refused = copy_store(
        tmp_path, "--from", "mysql://bot:hunter2@db/ratings", "--to", url(tmp_path / "n.db")
    )

    assert refused.returncode == 2
    assert refused.stderr.startswith("error: --from ")
    assert "hunter2" not in refused.stderr + refused.stdout
    assert not (tmp_path / "n.db").exists()


def test_a_terminal_shows_the_rows_copied_then_clears_the_line(tmp_path: Path) -> None:
    rated(tmp_path / "old.db", 8, 3)
    argv = [sys.executable, "-m", "bot", "copy-store"]
    argv += ["--from", url(tmp_path / "old.db"), "--to", url(tmp_path / "new.db")]

    ran = on_a_terminal(argv, tmp_path, dict(os.environ))

    assert ran.returncode == 0, ran.shown
    assert "\r\x1b[Kcopying ratings: 2 rows" in ran.shown
    assert ran.shown.endswith("\r\x1b[K")
    assert "copying" not in ran.stdout
    assert scores_in(tmp_path / "new.db") == {"1": 8, "2": 3}


# --- between SQLite and PostgreSQL ---------------------------------------------------------------

OTHER_GUILD = 222_222_222_222_222_222
SERIES = "series:twilight-out-of-focus"


def filled_with_everything(path: Path) -> None:
    """Some of every table, in two servers; reviews written in the same second, in the opposite
    order to their keys, so a copy that lost the write order would list them differently."""

    async def fill() -> None:
        async with await open_store(url(path), clock=lambda: 1_700_000_000) as store:
            await store.rate(GUILD, 3, COUPLE, 4, review="First in this second.", spoiler=True)
            await store.rate(GUILD, 2, COUPLE, 9, review="Second in it.", display_name="Mika")
            await store.rate(GUILD, 1, COUPLE, 7, review="Third.")
            await store.rate(GUILD, 1, SERIES, 5)
            await store.rate(OTHER_GUILD, 1, COUPLE, 10, review="Rei!", display_name="M")
            await store.remember_shown(GUILD, 1, COUPLE)
            await store.walk_on(GUILD, 1, "", ("mao-hisashi", "rei-shion"), restart=True)
            await store.set_reviews_enabled(OTHER_GUILD, False)
            await store.set_language(GUILD, "ja")
            await store.set_cooldown(GUILD, "rate", 30)
            await store.remember_member(GUILD, 4, "Sora")

    asyncio.run(fill())


def everything_in(where: str) -> tuple[dict[str, tuple[int, str]], list[object]]:
    """Each table's row count and checksum, and what members see of both servers."""

    async def read() -> tuple[dict[str, tuple[int, str]], list[object]]:
        async with await open_store(where) as store:
            tables = {}
            for table in TABLES:
                found = await digest(store, table)
                tables[table.name] = (found.rows, found.hex)
            seen: list[object] = []
            for guild in (GUILD, OTHER_GUILD):
                page = await store.reviews(guild, COUPLE, limit=25)
                seen += [await store.guild_export(guild), [r.text for r in page.items]]
            return tables, seen

    return asyncio.run(read())


def test_a_copy_to_postgresql_and_back_keeps_every_row_and_the_order_of_reviews(
    tmp_path: Path, postgres_url: str
) -> None:
    filled_with_everything(tmp_path / "old.db")

    there = copy_store(tmp_path, "--from", url(tmp_path / "old.db"), "--to", postgres_url)
    back = copy_store(tmp_path, "--from", postgres_url, "--to", url(tmp_path / "back.db"))

    for done in (there, back):
        assert done.returncode == 0, done.stderr
        assert "Verified: every table holds the same 23 rows" in done.stdout
        assert PASSWORD not in done.stdout + done.stderr
        assert ":********@127.0.0.1" in done.stdout
    original = everything_in(url(tmp_path / "old.db"))
    assert all(rows > 0 for rows, _ in original[0].values()), original[0]
    assert everything_in(postgres_url) == original
    assert everything_in(url(tmp_path / "back.db")) == original


def test_a_postgresql_password_refused_is_one_line_without_it(
    tmp_path: Path, postgres_server: PostgresServer, postgres_database: str
) -> None:
    rated(tmp_path / "old.db", 8)
    wrong = postgres_server.url(postgres_database, password="Wr0ng-pass")

    refused = copy_store(tmp_path, "--from", url(tmp_path / "old.db"), "--to", wrong)

    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "refused the user name or password" in refused.stderr
    assert "Wr0ng-pass" not in refused.stdout + refused.stderr


class CopyCutShortError(Exception):
    """The copy stopping partway, as a copy whose terminal closed or host went down does."""


def copy_cut_short_at_reviews(source: str, target: str) -> None:
    """Copy until the first page of reviews, then stop: the tables after it are not copied."""

    def stop_at_reviews(table: SnapshotTable, _copied: int) -> None:
        if table.name == "reviews":
            raise CopyCutShortError

    async def run() -> None:
        async with await open_store(source) as reading, await open_store(target) as writing:
            await store_copy(reading, writing, progress=stop_at_reviews)

    try:
        asyncio.run(run())
    except CopyCutShortError:
        return
    raise AssertionError("the copy was not cut short")


def both_ways(tmp_path: Path, postgres_url: str, direction: str) -> tuple[str, str]:
    """(source, target) of a copy between a filled database and an empty one of the other kind."""
    sqlite = url(tmp_path / "file.db")
    if direction == "sqlite to postgresql":
        filled_with_everything(tmp_path / "file.db")
        return sqlite, postgres_url
    filled_with_everything(tmp_path / "seed.db")
    seeded = copy_store(tmp_path, "--from", url(tmp_path / "seed.db"), "--to", postgres_url)
    assert seeded.returncode == 0, seeded.stderr
    return postgres_url, sqlite


@pytest.mark.parametrize("direction", ["sqlite to postgresql", "postgresql to sqlite"])
def test_a_copy_between_the_backends_cut_short_is_refused_then_finished_without_doubling(
    tmp_path: Path, postgres_url: str, direction: str
) -> None:
    source, target = both_ways(tmp_path, postgres_url, direction)
    copy_cut_short_at_reviews(source, target)
    half = everything_in(target)[0]

    refused = copy_store(tmp_path, "--from", source, "--to", target)
    finished = copy_store(tmp_path, "--from", source, "--to", target, "--into-non-empty")
    again = copy_store(tmp_path, "--from", source, "--to", target, "--into-non-empty")

    after_reviews = [table.name for table in TABLES][2:]
    assert half["ratings"][0] > 0
    assert [half[name][0] for name in after_reviews] == [0] * len(after_reviews)
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "--into-non-empty" in refused.stderr
    for done in (finished, again):
        assert done.returncode == 0, done.stderr
        assert "Verified: every table holds the same 23 rows" in done.stdout
        assert PASSWORD not in done.stdout + done.stderr
    assert everything_in(target) == everything_in(source)
