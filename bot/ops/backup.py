"""`twilight-bot backup [PATH]` and `twilight-bot restore PATH`: the members' scores kept safe.

On SQLite a backup is the database file as it was at one moment, taken while the bot runs (see
bot.store.sqlite.backup); on PostgreSQL it is the same kind of file, a SQLite snapshot written
through the copy path (bot.store.copying), which restores into either backend. Both are checked
before they are reported: SQLite's integrity check, the schema version, the rows per table.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from pathlib import Path

from bot.config import Settings
from bot.discord.launcher import CliError
from bot.ops.progress import TerminalProgress, rows_copied
from bot.store import DatabaseUrl
from bot.store.backups import backup_name, give_way, take_backup
from bot.store.sqlite.backup import BackupCheck, BackupError, back_up, restore

_SQLITE = "sqlite"
_POLL_S = 0.2  # how often a terminal's progress line is redrawn


def backup_command(args: argparse.Namespace, settings: Settings) -> int:
    target = Path(args.path) if args.path else default_backup_path(settings)
    url = settings.store_url
    try:
        check = _back_up(url, target)
    except BackupError as error:
        raise CliError(str(error)) from error
    print(f"Backed up {url} to {check.path}")
    print(describe(check))
    return 0


def restore_command(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.store_url
    if url.scheme != _SQLITE or url.path is None:
        raise CliError(
            "restore puts a backup file in place of a SQLite database; for PostgreSQL, copy the"
            " backup into an empty database: twilight-bot copy-store --from sqlite:///BACKUP"
            " --to DATABASE_URL"
        )
    try:
        restored = restore(Path(args.path), url.path)
    except BackupError as error:
        raise CliError(str(error)) from error
    print(f"Restored {args.path} to {url.path}")
    print(describe(restored.check))
    if restored.kept is not None:
        print(f"The database it replaced is kept as {restored.kept}")
    return 0


def default_backup_path(settings: Settings) -> Path:
    folder = settings.backup_dir or settings.database_path.parent / "backups"
    return folder / backup_name(time.time())


def describe(check: BackupCheck) -> str:
    counts = ", ".join(f"{rows} {name}" for name, rows in check.rows.items())
    return (
        f"Checked: integrity ok, schema version {check.version}; {check.servers} servers,"
        f" {check.scores} scores, {check.reviews} reviews ({counts})"
    )


def _back_up(url: DatabaseUrl, target: Path) -> BackupCheck:
    give_way()  # run beside a busy bot, the backup waits rather than slowing its answers
    progress = TerminalProgress.on_stderr()
    try:
        if url.scheme == _SQLITE and url.path is not None:
            return _sqlite_backup(url.path, target, progress)
        return asyncio.run(take_backup(url, target, rows_copied(progress)))
    finally:
        if progress is not None:
            progress.done()


def _sqlite_backup(database: Path, target: Path, progress: TerminalProgress | None) -> BackupCheck:
    """back_up; on a terminal, in a worker thread while a line says how much is written."""
    if progress is None or not database.is_file():
        return back_up(database, target)  # nothing to follow: the result, or the refusal
    outcome: list[BackupCheck | BaseException] = []

    def work() -> None:
        try:
            outcome.append(back_up(database, target))
        except BaseException as error:  # handed to the main thread, raised there
            outcome.append(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    _follow(worker, database, target.with_name(target.name + ".partial"), progress)
    (result,) = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def _follow(
    worker: threading.Thread, database: Path, partial: Path, progress: TerminalProgress
) -> None:
    """Redraw the line until the worker ends; drawn once at least, however quick the backup."""
    total = max(_size(database), 1)
    while True:
        written = _size(partial)
        progress.show(f"backing up: {written / 1e6:.1f} of {total / 1e6:.1f} MB")
        worker.join(_POLL_S)
        if not worker.is_alive():
            return


def _size(path: Path) -> int:
    """The file's size; 0 before it is made or once it is renamed (the backup is complete)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
