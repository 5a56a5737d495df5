"""docs/operations.md speaks of the metrics a running bot really serves: every name in its example
alerts and in its table is one a /metrics scrape exports, and the table lists every one."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import pytest
from e2e_driver import Member, ProductBot, saved
from operations_driver import running
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from bot.devtools.loopback import LoopbackDiscord

DOC = Path(__file__).resolve().parents[3] / "docs" / "operations.md"
METRIC = re.compile(r"\btwilight_[a-z_]+\b")
# The names Prometheus queries a family by, after the family's own name, by its type.
SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum"),
}


def alert_rules() -> str:
    """The yaml block of the "Example alerts" section."""
    section = DOC.read_text(encoding="utf-8").split("### Example alerts", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def alert_exprs() -> list[str]:
    """Each rule's expr, a one-line one or a block (`expr: |` and the lines indented under it)."""
    exprs, lines = [], alert_rules().splitlines()
    for number, line in enumerate(lines):
        key, _, value = line.strip().partition(":")
        if key == "expr":
            block = value.strip() == "|"
            exprs.append(_block(lines[number + 1 :], _indent(line)) if block else value.strip())
    return exprs


def _block(following: list[str], indent: int) -> str:
    """The lines indented deeper than the key, up to the first that is not, as one line."""
    taken = []
    for line in following:
        if _indent(line) <= indent:
            break
        taken.append(line.strip())
    return " ".join(taken)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def table_metrics() -> set[str]:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    return {row.split("`")[1] for row in rows}


async def served_families(base: str) -> list[Metric]:
    """The bot's metric families /metrics serves (those with no samples yet too). A counter's or
    histogram's _created series, which the client library adds, parses as a family of its own:
    it is the library's, left out."""
    async with aiohttp.ClientSession() as session, session.get(f"{base}/metrics") as answer:
        text = await answer.text()
    return [
        family
        for family in text_string_to_metric_families(text)
        if family.name.startswith("twilight_") and not family.name.endswith("_created")
    ]


def queried(families: list[Metric]) -> set[str]:
    """Every name a query may use of them: a counter's _total, a histogram's _bucket and so on."""
    return {f.name + suffix for f in families for suffix in SUFFIXES[f.type]}


def listed(families: list[Metric]) -> set[str]:
    """The names the doc's table gives them: a counter by its _total, the others by their own."""
    return {f.name + ("_total" if f.type == "counter" else "") for f in families}


def test_the_doc_has_alerts_to_check() -> None:
    exprs = alert_exprs()

    assert len(exprs) == 5
    assert all(METRIC.search(expr) for expr in exprs), exprs
    assert "/ sum(rate(twilight_interactions_total[10m])) > 0.01" in exprs[1]


@pytest.mark.asyncio(loop_scope="session")
async def test_every_metric_the_doc_names_is_one_the_bot_serves(
    fake: LoopbackDiscord, tmp_path: Path, launched: list[ProductBot]
) -> None:
    settings = {"BACKUP_DIR": str(tmp_path / "backups")}
    async with running(fake, tmp_path, launched, **settings) as (_, base):
        fan = Member(fake, fake.default_guild, fake.add_member(fake.default_guild, name="fan"))
        assert saved(await fan.use("rate", {"score": 8, "target": "Rei & Shion"})).score == 8
        families = await served_families(base)

    in_alerts = {name for expr in alert_exprs() for name in METRIC.findall(expr)}
    assert in_alerts - queried(families) == set()
    assert table_metrics() == listed(families)
