"""The spec validator accepts what Discord accepts and explains what it would refuse."""

from __future__ import annotations

from support.discord_spec import SpecValidator

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
COMMANDS = "/applications/{application_id}/commands"
FOLLOW_UP = "/webhooks/{webhook_id}/{webhook_token}"


def embed_reply(title: str) -> dict[str, object]:
    embed = {"title": title, "fields": [{"name": "Latency", "value": "3 ms", "inline": True}]}
    return {"type": 4, "data": {"embeds": [embed], "flags": 64}}


def test_a_well_formed_reply_passes(discord_spec: SpecValidator) -> None:
    assert discord_spec("POST", CALLBACK, embed_reply("Pong")) == []


def test_an_embed_title_over_256_characters_is_refused_with_its_place_and_limit(
    discord_spec: SpecValidator,
) -> None:
    problems = discord_spec("POST", CALLBACK, embed_reply("x" * 257))

    assert len(problems) == 1
    assert problems[0].startswith("body.data.embeds[0].title:")
    assert "maxLength 256" in problems[0]


def test_an_unknown_callback_type_names_the_types_discord_allows(
    discord_spec: SpecValidator,
) -> None:
    problems = discord_spec("POST", CALLBACK, {"type": 42, "data": {}})

    assert problems == [
        "body: no variant of the union accepts type 42; allowed types: "
        "[1, 4, 5, 6, 7, 8, 9, 12, 13]"
    ]


def test_autocomplete_choices_and_a_plain_deferral_pass(discord_spec: SpecValidator) -> None:
    choices = {"type": 8, "data": {"choices": [{"name": "Enemies to lovers", "value": "enemies"}]}}

    assert discord_spec("POST", CALLBACK, choices) == []
    assert discord_spec("POST", CALLBACK, {"type": 5}) == []


def test_numeric_strings_count_as_integers_but_still_meet_their_bounds(
    discord_spec: SpecValidator,
) -> None:
    assert discord_spec("POST", FOLLOW_UP, {"content": "hi", "flags": "64"}) == []

    problems = discord_spec("POST", FOLLOW_UP, {"embeds": [{"color": "99999999999"}]})

    assert problems == ['body.embeds[0].color: "99999999999" breaks maximum 16777215']


def test_a_command_with_a_too_long_description_is_refused(discord_spec: SpecValidator) -> None:
    command = {"name": "ping", "description": "d" * 101, "type": 1}

    problems = discord_spec("PUT", COMMANDS, [command])

    assert len(problems) == 1
    assert problems[0].startswith("body[0].description:")


def test_parameter_names_do_not_matter_only_the_route_shape(discord_spec: SpecValidator) -> None:
    assert discord_spec.knows("POST", "/webhooks/{application_id}/{token}")
    assert discord_spec("POST", "/webhooks/{a}/{b}", {"embeds": [{"title": "t" * 300}]})


def test_a_snowflake_may_travel_as_a_whole_number(discord_spec: SpecValidator) -> None:
    body = {
        "type": 4,
        "data": {"content": "file", "attachments": [{"id": 0, "filename": "my-ratings.json"}]},
    }
    assert discord_spec("POST", CALLBACK, body) == []
    body["data"]["attachments"][0]["id"] = -1
    assert discord_spec("POST", CALLBACK, body) != []
