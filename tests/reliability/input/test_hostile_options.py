"""The hostile corpus through every string and number option of every synced command, and through
every autocomplete: each gets a clear answer or a safe rendering, within Discord's spec and
limits, pinging no one, and nothing is stored where the bot said no."""

from __future__ import annotations

from collections import Counter

import pytest
from e2e_driver import ProductBot
from hostile_checks import by_guild, changes, dump, in_batches
from hostile_corpus import NUMBERS, STRINGS
from hostile_driver import (
    INTEGER,
    NUMBER,
    STRING,
    HostileSender,
    Outcome,
    autocompleting,
    database_problems,
    keep_figures,
    options_of,
)

from bot.devtools.loopback import LoopbackDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")


def report(outcomes: list[Outcome], more: dict[str, list[str]] | None = None) -> str:
    """One line per case with a problem, naming the option, the value and its family; first a
    count of each kind of problem by option."""
    found = [(str(o.option), str(o), p) for o in outcomes for p in o.problems]
    found += [(case.split(" = ")[0], case, p) for case, ps in (more or {}).items() for p in ps]
    kinds = Counter(f"{option}: {problem[:40]}" for option, _, problem in found)
    summary = "\n".join(f"{count:5} × {kind}" for kind, count in kinds.most_common())
    shown = "\n".join(f"{case}: {problem}" for _, case, problem in found[:60])
    return f"{len(found)} problems:\n{summary}\n{shown}" if found else ""


def assert_no_problems(found: str) -> None:
    if found:
        pytest.fail(found, pytrace=False)


def check_database(
    outcomes: list[Outcome], before: dict, after: dict, sent: dict[int, object]
) -> dict[str, list[str]]:
    """Each interaction's server holds exactly what its answer admits to; nothing else moved."""
    changed = by_guild(changes(before, after))
    found: dict[str, list[str]] = {}
    for outcome in outcomes:
        rows = changed.pop(int(outcome.guild.id), {})
        if problems := database_problems(outcome, rows, sent[id(outcome)]):
            found[str(outcome)] = problems
    if changed:
        found["rows of no interaction in this test"] = [repr(changed)[:500]]
    return found


async def test_the_corpus_is_at_least_200_strings_from_every_family() -> None:
    families = {family for family, _ in STRINGS}
    assert len(STRINGS) >= 200
    assert len({text for _, text in STRINGS}) == len(STRINGS), "duplicates in the corpus"
    assert {"sql", "mentions", "markdown", "zero-width", "control", "long"} <= families


async def test_every_string_option_answers_every_hostile_string_safely(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    options = options_of(fake, (STRING,))
    assert {str(o) for o in options} >= {
        "/rate review",
        "/couple name",
        "/admin reset-scores target",
    }
    sender = HostileSender(fake)
    await sender.prepare(options)
    cases = [(option, family, text) for option in options for family, text in STRINGS]
    before = await dump(product_bot)

    outcomes = await in_batches(cases, lambda case: sender.invoke(*case, forge=False))

    after = await dump(product_bot)
    score_sent = {id(o): 1 for o in outcomes}  # /rate's score is its lowest sane value, 1
    assert_no_problems(report(outcomes, check_database(outcomes, before, after, score_sent)))
    figures = keep_figures("string options", outcomes)
    assert figures["sent"] == len(options) * len(STRINGS)
    # Both sides were exercised: reviews kept (cleaned) and reviews refused, nothing in between.
    assert figures["by_option"]["/rate review"]["accepted"] > 100
    assert figures["by_option"]["/rate review"]["refused"] > 10


async def test_every_number_option_refuses_out_of_range_and_mistyped_values(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    options = options_of(fake, (INTEGER, NUMBER))
    assert {str(o) for o in options} >= {"/rate score", "/admin cooldown seconds"}
    sender = HostileSender(fake)
    await sender.prepare(options)
    cases = [(option, family, value) for option in options for family, value in NUMBERS]
    before = await dump(product_bot)

    outcomes = await in_batches(cases, lambda case: sender.invoke(*case, forge=True))

    after = await dump(product_bot)
    sent = {id(o): o.value for o in outcomes}
    assert_no_problems(report(outcomes, check_database(outcomes, before, after, sent)))
    for outcome in outcomes:
        low, high = outcome.option.schema.get("min_value"), outcome.option.schema.get("max_value")
        value = outcome.value
        in_range = type(value) is int and low <= value <= high
        assert outcome.refused != in_range, f"{outcome}: refused={outcome.refused}"
    keep_figures("number options", outcomes)


async def test_every_autocomplete_offers_few_short_safe_choices_for_every_hostile_string(
    fake: LoopbackDiscord, product_bot: ProductBot
) -> None:
    options = autocompleting(fake)
    assert {str(o) for o in options} >= {"/rate target", "/recommend trope", "/couple partner"}
    sender = HostileSender(fake)
    cases = [(option, family, text) for option in options for family, text in STRINGS]
    before = await dump(product_bot)

    outcomes = await in_batches(cases, lambda case: sender.autocomplete(*case))

    assert_no_problems(report(outcomes))
    assert changes(before, await dump(product_bot)) == {}
    keep_figures("autocomplete", outcomes)
