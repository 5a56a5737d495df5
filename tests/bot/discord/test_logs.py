"""Log lines as a log shipper and an admin read them: JSON that parses line by line, readable
text by default, the interaction's command, shard and server, and never a secret or what a
member typed."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.discord.logs import MASK, WITHHELD, enter_interaction, setup_logging

TOKEN = "MTIzNDU2Nzg5.fake.token-for-the-test"
PASSWORD = "hunter2-db-password"
TYPED = "my secret review text"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def install(stream: io.StringIO, log_format: str) -> None:
    handler = setup_logging(logging.INFO, log_format, [TOKEN, PASSWORD])
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)


def log_a_failure_with_everything_in_it() -> None:
    log = logging.getLogger("bot.test")
    log.info("connecting with token %s to postgresql://bot:%s@db/ratings", TOKEN, PASSWORD)
    try:
        raise ValueError(f"could not convert {TYPED!r}")
    except ValueError:
        log.exception("/rate failed")


def test_json_lines_parse_and_hold_no_secret_or_typed_text(captured: io.StringIO) -> None:
    install(captured, "json")

    log_a_failure_with_everything_in_it()

    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    assert [line["level"] for line in lines] == ["INFO", "ERROR"]
    assert {"time", "level", "logger", "message"} <= lines[0].keys()
    assert (
        lines[0]["message"] == f"connecting with token {MASK} to postgresql://bot:{MASK}@db/ratings"
    )
    assert lines[1]["error"].endswith(f"builtins.ValueError: {WITHHELD}")
    for secret in (TOKEN, PASSWORD, TYPED):
        assert secret not in captured.getvalue()


def test_readable_text_holds_no_secret_or_typed_text_either(captured: io.StringIO) -> None:
    install(captured, "text")

    log_a_failure_with_everything_in_it()

    text = captured.getvalue()
    assert "INFO     bot.test connecting with token ********" in text
    assert "Traceback (most recent call last):" in text
    for secret in (TOKEN, PASSWORD, TYPED):
        assert secret not in text


def test_an_error_from_the_network_keeps_its_message(captured: io.StringIO) -> None:
    install(captured, "json")
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except OSError:
        logging.getLogger("bot.test").exception("can't reach the database")

    (line,) = [json.loads(line) for line in captured.getvalue().splitlines()]
    assert line["error"].endswith("builtins.ConnectionRefusedError: [Errno 111] Connection refused")


def test_a_line_inside_an_interaction_names_its_command_shard_and_server(
    captured: io.StringIO,
) -> None:
    install(captured, "json")

    async def handle() -> None:
        enter_interaction("rate", 1, 555)
        logging.getLogger("bot.test").warning("slow answer")

    async def both() -> None:
        await asyncio.create_task(handle())
        logging.getLogger("bot.test").warning("outside")

    asyncio.run(both())

    inside, outside = (json.loads(line) for line in captured.getvalue().splitlines())
    assert (inside["command"], inside["shard"], inside["guild_id"]) == ("rate", 1, 555)
    assert "command" not in outside


def test_the_drivers_reconnect_failures_while_the_database_is_away_are_one_line_each(
    captured: io.StringIO,
) -> None:
    install(captured, "text")
    try:
        raise ConnectionResetError(104, "Connection reset by peer")
    except OSError:
        logging.getLogger("asyncpg.pool").warning("Failed to restore the pool", exc_info=True)
    try:
        raise ConnectionResetError(104, "Connection reset by peer")
    except OSError:
        logging.getLogger("bot.test").warning("the bot's own failure", exc_info=True)

    first, second = captured.getvalue().split("WARNING  bot.test")
    assert "Traceback" not in first
    assert first.splitlines()[1] == (
        "builtins.ConnectionResetError: [Errno 104] Connection reset by peer"
    )
    assert "Traceback (most recent call last):" in second  # the bot's own keep their stack
