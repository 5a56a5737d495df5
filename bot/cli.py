"""The command line: `twilight-bot [run|sync|check|console]`, also `python -m bot`."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Start-up only builds objects that live as long as the process: don't collect while it runs.
    # Each subcommand freezes what it built and turns the collector back on before its event loop
    # starts (launcher.settle_start_up_heap); the finally covers a failure on the way there.
    gc.disable()
    try:
        # Imported here, with the collector paused: they import discord.py.
        from bot.discord import launcher

        if args.command == "console":
            from bot.devtools.console.app import console_command  # pulls in the loopback Discord

            return launcher.execute(args, console_command)
        if args.command in _OPERATIONS:
            return launcher.execute(args, _operation(args.command))
        return launcher.execute(args, launcher.COMMANDS[args.command])
    finally:
        gc.enable()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twilight-bot", description="A Discord bot for fans of Twilight Out of Focus."
    )
    parser.set_defaults(command="run")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    run = commands.add_parser("run", help="log in to Discord and answer commands (the default)")
    run.set_defaults(command="run")
    sync = commands.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument(
        "--guild",
        nargs="?",
        const="dev",
        metavar="ID",
        help="sync to one server only (instant); without ID, DEV_GUILD_ID is used",
    )
    sync.set_defaults(command="sync")
    check = commands.add_parser("check", help="validate the catalog and print a summary")
    check.set_defaults(command="check")
    console = commands.add_parser("console", help="try the bot offline, typing slash commands")
    console.set_defaults(command="console")
    _add_copy_store(commands)
    _add_backups(commands)
    return parser


_OPERATIONS = ("copy-store", "backup", "restore")


def _operation(command: str):  # the launcher's Command type needs discord.py
    """The function behind an operation on the data, imported only when it runs."""
    if command == "copy-store":
        from bot.ops.copy_store import copy_store_command

        return copy_store_command
    from bot.ops import backup

    return backup.backup_command if command == "backup" else backup.restore_command


def _add_backups(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup",
        help="copy the database to a checked backup file, also while the bot runs",
        description=(
            "Copy the rating database, as it is at one moment, to a backup file (also while the "
            "bot is running and rating), then check the copy and say what it holds."
        ),
    )
    backup.add_argument(
        "path", nargs="?", metavar="PATH", help="where (default: backups/ beside the database)"
    )
    backup.set_defaults(command="backup")
    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the database (stop the bot first)",
        description=(
            "Check a backup file, then put it in place of the SQLite database, keeping the file "
            "it replaces beside it. Refused while a bot is using the database."
        ),
    )
    restore.add_argument("path", metavar="PATH", help="the backup file")
    restore.set_defaults(command="restore")


def _add_copy_store(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    copy = commands.add_parser(
        "copy-store",
        help="copy every server's scores, reviews, names and settings to another database",
        description=(
            "Copy every server's data from one database to another (SQLite or PostgreSQL, either "
            "way), then check both hold the same rows, table by table. Stop the bot first."
        ),
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="copy from")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="copy into")
    copy.add_argument(
        "--into-non-empty",
        action="store_true",
        help="copy into a database that holds data (to finish a copy that was interrupted)",
    )
    copy.set_defaults(command="copy-store")
