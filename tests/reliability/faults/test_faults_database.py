"""The database misbehaving under a running bot, and unusable files at start.

Faults are caused for real, from outside the bot process: another process holding SQLite's write
lock, and the kernel refusing to let the bot's files grow (a file-size limit set on the running
process, which SQLite meets exactly as a full disk: a write that fails). Unusable files are made
the way they happen: bytes damaged on disk, a header overwritten, a file left by a newer bot.
All of it is SQLite's: its lock, its file, its pages.
"""

from __future__ import annotations

import hashlib
import random
import resource
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from faults_driver import (
    FaultsBot,
    answered_once,
    description,
    integrity,
    record_figure,
    scores_in,
    title,
    write_lock_held_elsewhere,
)

from bot.devtools.loopback import EPHEMERAL, FakeGuild, FakeMember, LoopbackDiscord, Reply
from bot.store.sqlite import SQLiteRatingStore

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.sqlite_only]

RATE = {"score": 8, "target": "Rei & Shion"}
REI_SHION = "couple:rei-shion"
DEFERRED = 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "the bot is thinking…"
# The bot waits 5 s for another process's lock (its busy timeout), deferring after 2 s.
PAST_THE_BUSY_TIMEOUT = 15


async def rate(fake: LoopbackDiscord, guild: FakeGuild, who: FakeMember, score: int = 8) -> Reply:
    return await fake.invoke("rate", {**RATE, "score": score}, member=who, guild=guild)


def refused_to_save(answer: dict[str, object]) -> bool:
    """The private "couldn't save, try again" a member gets when the file can't take a write."""
    text = description(answer)  # type: ignore[arg-type]
    return (
        title(answer) == "Sorry!"  # type: ignore[arg-type]
        and "couldn't save that just now, so nothing changed" in text
        and "try again" in text
        and bool(int(answer.get("flags", 0)) & EPHEMERAL)  # type: ignore[call-overload]
    )


async def test_a_lock_held_past_the_busy_timeout_is_a_clear_try_again_and_then_clears(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    locked_out = fake.add_member(guild, name="locked out")
    with write_lock_held_elsewhere(bot.database_path):
        reply = await rate(fake, guild, locked_out)
        answer = await reply.response(timeout=PAST_THE_BUSY_TIMEOUT)

    assert [callback["type"] for callback in reply.callbacks] == [DEFERRED]
    assert refused_to_save(answer)
    assert answered_once(reply)
    assert await scores_in(bot.database_path, guild) == {}

    again = await (await rate(fake, guild, locked_out)).response()
    assert title(again) == "Score saved"
    assert await scores_in(bot.database_path, guild) == {(int(locked_out.id), REI_SHION): 8}


async def test_work_slower_than_discords_3_seconds_is_deferred_in_time_then_answered(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    """Slow for real: another process holds the lock until the bot has deferred (about 2 s),
    well inside the bot's 5 s busy timeout; the rating then goes through."""
    patient = fake.add_member(guild, name="patient")
    with write_lock_held_elsewhere(bot.database_path):
        reply = await rate(fake, guild, patient, score=6)
        deferral = await reply.callback()
        assert not reply.answered  # the lock is still held: nothing could have been saved yet

    answer = await reply.response(timeout=PAST_THE_BUSY_TIMEOUT)
    assert deferral["type"] == DEFERRED
    (callback_request,) = [r for r in reply.requests if r.path.endswith("/callback")]
    # The loopback Discord refuses (404 Unknown interaction) a callback over 3 s late, as Discord.
    assert fake.callback_deadline == 3.0
    assert callback_request.status == 200
    assert title(answer) == "Score saved"
    assert "You rated **Rei & Shion** **6/10**." in description(answer)
    assert answer["id"] == reply.original_message_id  # the "thinking…" message became the answer
    assert answered_once(reply)
    assert await scores_in(bot.database_path, guild) == {(int(patient.id), REI_SHION): 6}


@contextmanager
def files_capped(pid: int, size: int) -> Iterator[None]:
    """The kernel refuses to grow any file of process ``pid`` past ``size`` bytes (RLIMIT_FSIZE,
    as a disk quota would), until the block ends; the bot process itself is left running."""
    soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prlimit() is Linux's")
async def test_a_database_that_cannot_grow_refuses_clearly_keeps_what_it_confirmed_and_recovers(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    assert bot.process is not None
    files = [bot.database_path, Path(f"{bot.database_path}-wal"), bot.log_path]
    room = max(path.stat().st_size for path in files if path.exists()) + 32 * 1024
    confirmed: dict[tuple[int, str], int] = {}
    refused: FakeMember | None = None
    with files_capped(bot.process.pid, room):
        for n in range(2000):
            who = fake.add_member(guild, name=f"filler{n}")
            answer = await (await rate(fake, guild, who, score=n % 10 + 1)).response()
            if title(answer) != "Score saved":
                assert refused_to_save(answer)
                refused = who
                break
            confirmed[(int(who.id), REI_SHION)] = n % 10 + 1
        assert refused is not None, "the database never filled up"
        assert await scores_in(bot.database_path, guild) == confirmed
        # Still full: the next member is refused too, and told so.
        assert refused_to_save(await (await rate(fake, guild, refused)).response())

    record_figure("database full", f"{len(confirmed)} ratings confirmed and stored, then refused")
    answer = await (await rate(fake, guild, refused)).response()
    assert title(answer) == "Score saved"
    assert f"from {len(confirmed) + 1} votes" in description(answer)
    assert await scores_in(bot.database_path, guild) == {
        **confirmed,
        (int(refused.id), REI_SHION): 8,
    }
    assert integrity(bot.database_path) == "ok"


# -- files the bot must refuse to start on ---------------------------------------------------


async def _database_with_ratings(path: Path) -> None:
    """A real rating database, written by the bot's own store: 2,000 ratings over many pages."""
    store = await SQLiteRatingStore.open(path)
    try:
        for member in range(1, 2001):
            await store.rate(1, member, REI_SHION, member % 10 + 1)
    finally:
        await store.close()


def _damage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 2) * page] = random.Random(11).randbytes(2 * page)
    path.write_bytes(bytes(data))


def _overwrite_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"Not a database!\0"
    path.write_bytes(bytes(data))


def _from_a_newer_bot(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA user_version = 99")


UNUSABLE: dict[str, tuple[Callable[[Path], None], str]] = {
    "damaged pages": (_damage_pages, "malformed"),
    "overwritten header": (_overwrite_header, "not a usable SQLite database"),
    "newer schema": (_from_a_newer_bot, "schema version 99, but this bot only knows versions"),
}


@pytest.mark.parametrize("damage", list(UNUSABLE))
async def test_an_unusable_database_file_stops_the_bot_with_a_clear_message_and_is_untouched(
    fake: LoopbackDiscord, bot: FaultsBot, tmp_path: Path, damage: str
) -> None:
    spoil, message = UNUSABLE[damage]
    refused = FaultsBot(fake, tmp_path)
    await _database_with_ratings(refused.database_path)
    spoil(refused.database_path)
    before = hashlib.sha256(refused.database_path.read_bytes()).hexdigest()
    sessions = fake.sessions

    code, printed = await refused.run_once()

    assert code != 0
    assert f"error: {refused.database_path}" in printed
    assert message in printed
    assert "left untouched" in printed
    assert "Traceback" not in printed
    assert hashlib.sha256(refused.database_path.read_bytes()).hexdigest() == before
    assert fake.sessions == sessions  # it never went online to answer anyone


async def test_a_lock_held_elsewhere_does_not_stop_members_reading(
    fake: LoopbackDiscord, bot: FaultsBot, guild: FakeGuild
) -> None:
    """Looking is not writing: /couple and /scores answer while another process holds the lock
    (the couple is then simply not remembered as "last shown" for a later /rate)."""
    reader = fake.add_member(guild, name="reader")
    with write_lock_held_elsewhere(bot.database_path):
        couple = await fake.invoke("couple", {"name": "Rei"}, member=reader, guild=guild)
        scores = await fake.invoke("scores", {}, member=reader, guild=guild)
        answers = [await r.response(timeout=PAST_THE_BUSY_TIMEOUT) for r in (couple, scores)]

    assert [title(answer) for answer in answers] == ["Rei & Shion", "The server's ranking"]
    assert answered_once(couple)
    assert answered_once(scores)
