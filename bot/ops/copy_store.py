"""`twilight-bot copy-store --from URL --to URL`: every server's data into another database.

The copy itself is bot.store.copying; this opens both stores, shows progress in a terminal, and
prints the check table by table. URLs are shown with their passwords hidden.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings
from bot.discord.launcher import CliError
from bot.ops.progress import TerminalProgress, rows_copied
from bot.store import CoreStore, DatabaseUrl, DatabaseUrlError, database_url, open_store
from bot.store.copying import CopyRefused, CopyReport, copy_store


def copy_store_command(args: argparse.Namespace, _settings: Settings) -> int:
    source, target = _url("--from", args.source), _url("--to", args.target)
    if source.reveal() == target.reveal():
        raise CopyRefused("--from and --to name the same database: nothing to copy")
    report = asyncio.run(_copy(source, target, into_non_empty=args.into_non_empty))
    print(f"Copied {source} to {target}.")
    print(_report_table(report))
    if report.verified:
        print(f"Verified: every table holds the same {report.rows} rows on both sides.")
        return 0
    print(
        "The copy does not match its source (see the tables marked DIFFERENT). Was the bot "
        "still running? Stop it, then run the same command with --into-non-empty.",
        file=sys.stderr,
    )
    return 1


def _url(option: str, text: str) -> DatabaseUrl:
    try:
        return database_url(text)
    except DatabaseUrlError as error:
        raise CliError(f"{option} {error}", code=2) from error


async def _copy(source: DatabaseUrl, target: DatabaseUrl, *, into_non_empty: bool) -> CopyReport:
    async with await open_store(source) as reading, await open_store(target) as writing:
        progress = TerminalProgress.on_stderr()
        try:
            return await _run(reading, writing, into_non_empty, progress)
        finally:
            if progress is not None:
                progress.done()


async def _run(
    source: CoreStore, target: CoreStore, into_non_empty: bool, progress: TerminalProgress | None
) -> CopyReport:
    return await copy_store(
        source, target, into_non_empty=into_non_empty, progress=rows_copied(progress)
    )


def _report_table(report: CopyReport) -> str:
    lines = [f"{'table':<16}{'rows':>10}  {'checksum':<18}check"]
    for check in report.tables:
        verdict = "ok" if check.agrees else f"DIFFERENT (target: {check.target.rows} rows)"
        lines.append(
            f"{check.table.name:<16}{check.source.rows:>10}  {check.source.hex:<18}{verdict}"
        )
    return "\n".join(lines)
