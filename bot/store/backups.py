"""Backups of whichever database the store is on, as one kind of file, and the schedule that
takes them in a running bot.

A backup is a SQLite file: on SQLite, the database itself at one moment (bot.store.sqlite.backup);
on another backend, a snapshot of every table written through the copy path (bot.store.copying).
Either is checked before it counts, and either restores into any backend.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.store import open_store
from bot.store.copying import Progress, copy_store
from bot.store.sqlite.backup import BackupCheck, BackupError, back_up, check_backup
from bot.store.urls import DatabaseUrl, file_url_of

__all__ = ["BackupCheck", "BackupError", "BackupSchedule", "give_way", "prune", "take_backup"]

log = logging.getLogger(__name__)
T = TypeVar("T")

BACKUP_GLOB = "ratings-*.sqlite3"
_SQLITE = "sqlite"
_NICEST = 19  # the lowest CPU priority: the backup takes what the bot leaves


def give_way() -> None:
    """Lower this thread's CPU priority, so that a backup copying and checking a large database
    runs on what the bot's own threads leave and members' answers are not held up behind it.
    On Linux a thread has a priority of its own; elsewhere this may not be allowed, and the
    backup runs as before. Threads this one starts inherit it."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICEST)


# The one thread backups of a SQLite database run on, at the lowest priority.
_BACKGROUND = ThreadPoolExecutor(1, thread_name_prefix="backup", initializer=give_way)


async def giving_way(work: Callable[..., T], *args: object) -> T:
    """work(*args) on the backup thread, at the lowest CPU priority, without blocking the loop."""
    return await asyncio.get_running_loop().run_in_executor(_BACKGROUND, work, *args)


def backup_name(now: float) -> str:
    """A backup's file name: when it was taken, so names sort as the backups were made."""
    return time.strftime("ratings-%Y%m%dT%H%M%SZ.sqlite3", time.gmtime(now))


async def take_backup(
    url: DatabaseUrl, target: Path, progress: Progress | None = None
) -> BackupCheck:
    """A checked backup of the database at url, written to target; BackupError if it can't be.
    ``progress`` hears of the rows copied where the backup is a snapshot (not on SQLite)."""
    if url.scheme == _SQLITE and url.path is not None:
        return await giving_way(back_up, url.path, target)
    if await asyncio.to_thread(target.exists):
        raise BackupError(f"{target} exists already: name a new file for the snapshot")
    async with (
        await open_store(url) as source,
        await open_store(file_url_of(target, _SQLITE)) as snapshot,
    ):
        report = await copy_store(source, snapshot, progress=progress)
    if not report.verified:
        raise BackupError(f"the snapshot in {target} does not match the database; take it again")
    return await asyncio.to_thread(check_backup, target)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in folder; the ones deleted."""
    backups = sorted(folder.glob(BACKUP_GLOB))
    old = backups[: max(len(backups) - keep, 0)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


@dataclass
class BackupSchedule:
    """Takes a backup every `interval_s` into `folder`, keeping the newest `keep`. A failure is
    logged and reported to `on_result`, never raised: the bot goes on, and tries again next time."""

    url: DatabaseUrl
    folder: Path
    interval_s: float
    keep: int
    on_result: Callable[[BackupCheck | None], None] = lambda _check: None
    clock: Callable[[], float] = time.time

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)  # the schedule itself: one backup per interval
            await self.take_one()

    async def take_one(self) -> BackupCheck | None:
        target = self.folder / backup_name(self.clock())
        try:
            check = await take_backup(self.url, target)
            removed = await asyncio.to_thread(prune, self.folder, self.keep)
        except (BackupError, OSError, Exception) as error:  # never fatal
            log.error("Scheduled backup to %s failed: %s", target, _why(error))
            self.on_result(None)
            return None
        log.info(
            "Backed up to %s (%d scores, %d reviews); removed %d old backups",
            check.path,
            check.scores,
            check.reviews,
            len(removed),
        )
        self.on_result(check)
        return check


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
