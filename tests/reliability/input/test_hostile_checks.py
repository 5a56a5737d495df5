"""The checks the hostile-input tests rely on catch what they are meant to catch."""

from __future__ import annotations

from hostile_checks import choice_problems, embed_problems, message_problems

USER = "123456789012345678"


def test_live_mentions_are_caught_and_escaped_ones_pass() -> None:
    for live in ("@everyone", "hi @here", f"<@{USER}>", f"<@!{USER}>", f"<@&{USER}>", "</rate:1>"):
        assert message_problems({"embeds": [{"description": live}]}), live
        assert message_problems({"content": live}), live
    for inert in ("@\u200beveryone", f"<\u200b@\u200b{USER}>", "＠everyone", "Your ratings here"):
        assert message_problems({"embeds": [{"title": inert}]}) == [], inert


def test_embeds_over_discords_limits_are_caught() -> None:
    assert embed_problems({"title": "t" * 257})
    assert embed_problems({"description": "d" * 4097})
    assert embed_problems({"fields": [{"name": "n", "value": "v"}] * 26})
    assert embed_problems({"fields": [{"name": "n" * 257, "value": "v"}]})
    assert embed_problems({"fields": [{"name": "n", "value": "v" * 1025}]})
    assert embed_problems(
        {"description": "d" * 4000, "fields": [{"name": "n", "value": "v" * 1000}] * 3}
    )
    assert embed_problems({"title": "t" * 256, "description": "d" * 4096}) == []


def test_autocomplete_lists_over_the_limits_are_caught() -> None:
    assert choice_problems([{"name": "a", "value": "a"}] * 26)
    assert choice_problems([{"name": "a" * 101, "value": "a"}])
    assert choice_problems([{"name": "a", "value": "a" * 101}])
    assert choice_problems([{"name": "@everyone", "value": "a"}])
    assert choice_problems([{"name": "a", "value": "a"}] * 25) == []
