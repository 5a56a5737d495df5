"""The console: piped commands into `python -m bot console` as a newcomer would run it, and its
line parser, completion and terminal rendering as pure functions."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.devtools.console.meta import select_values
from bot.devtools.console.parse import (
    Invocation,
    ParseError,
    UnknownCommandError,
    complete,
    parse_command,
    visible_commands,
)
from bot.devtools.console.render import (
    SPOILER_HIDDEN,
    Style,
    interactive_components,
    render_message,
    terminal_text,
)
from bot.devtools.console.world import SERVER_NAME, ConsoleServer, stable_id
from bot.devtools.loopback import FakeMember, FakeUser, LoopbackDiscord
from bot.discord.render import distribution_chart, safe
from bot.store import DatabaseUrl, file_database_url, open_store

REPO = Path(__file__).resolve().parents[2]
SETTINGS_VARIABLES = ("DISCORD_TOKEN", "DATABASE_PATH", "CATALOG_DIR", "DISCORD_API_BASE")

# -- the console process -----------------------------------------------------------------------


def console(
    tmp_path: Path, *lines: str
) -> tuple[list[tuple[str, str]], subprocess.CompletedProcess]:
    """Pipe ``lines`` into the console from a directory without .env; (command, answer) pairs."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(DATABASE_PATH=str(tmp_path / "ratings.db"), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return transcript(done.stdout), done


def transcript(stdout: str) -> list[tuple[str, str]]:
    """Each echoed ``> command`` with the output that followed it."""
    pairs: list[tuple[str, str]] = []
    for line in stdout.splitlines():
        if line.startswith("> "):
            pairs.append((line[2:], ""))
        elif pairs:
            command, answer = pairs[-1]
            pairs[-1] = (command, f"{answer}{line}\n")
    return pairs


def ratings(tmp_path: Path) -> list[tuple[int, str, int]]:
    """(user id, target, score) of the console server's ratings, lowest score first, read
    through the store from the database the sessions kept."""
    return asyncio.run(_ratings_in(file_database_url(tmp_path / "ratings.db")))


async def _ratings_in(url: DatabaseUrl) -> list[tuple[int, str, int]]:
    async with await open_store(url) as store:
        export = await store.guild_export(int(stable_id("guild", SERVER_NAME)))
    rows = [(user, r.target, r.score) for user, rated in export.ratings.items() for r in rated]
    return sorted(rows, key=lambda row: row[2])


@pytest.fixture(scope="module")
def browsing_session(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[tuple[str, str]], subprocess.CompletedProcess]:
    """One session that only looks things up, shared by the tests that read its answers."""
    return console(
        tmp_path_factory.mktemp("browsing"),
        "/couple Rei Shion",
        "/recommend enemies to lovers",
        "/nope",
        "/rate eleven",
        "/rate 11",
        "couple Rei",
        "help",
        "quit",
        "/tropes",
    )


@pytest.fixture
def browsing(
    browsing_session: tuple[list[tuple[str, str]], subprocess.CompletedProcess],
) -> list[tuple[str, str]]:
    return browsing_session[0]


def answer_to(pairs: list[tuple[str, str]], command: str) -> str:
    return next(answer for typed, answer in pairs if typed == command)


def test_piped_couple_is_shown_with_its_quotes_and_no_markdown(
    browsing: list[tuple[str, str]],
) -> None:
    answer = answer_to(browsing, "/couple Rei Shion")

    assert answer.startswith("Rei & Shion\nFrom Twilight Out of Focus\n")
    assert "  │ “These two guys are as opposite as chalk and cheese.”" in answer
    assert "Reviewer: 5/10 for the series" in answer
    assert "**" not in answer
    assert "\x1b[" not in answer  # no colours in a pipe


def test_recommend_takes_a_trope_of_several_words(browsing: list[tuple[str, str]]) -> None:
    assert answer_to(browsing, "/recommend enemies to lovers").startswith(
        "Enemies to lovers: Jin & Giichi\n"
    )


def test_unknown_commands_and_bad_values_are_answered_locally(
    browsing: list[tuple[str, str]],
) -> None:
    assert answer_to(browsing, "/nope").startswith("There is no /nope here. Commands: /recommend")
    assert "/couple" in answer_to(browsing, "/nope")
    assert "not a whole number" in answer_to(browsing, "/rate eleven")
    assert answer_to(browsing, "/rate 11") == "score: must be from 1 to 10.\n"
    assert answer_to(browsing, "couple Rei") == "Slash commands start with /: try /couple\n"


def test_help_lists_console_and_bot_commands_and_quit_ends_the_session(
    browsing: list[tuple[str, str]],
) -> None:
    help_text = answer_to(browsing, "help")

    assert "as <name> [admin]" in help_text
    assert "Commands piped in skip" in help_text
    assert "/couple name: [partner:]" in help_text
    assert browsing[-1] == ("quit", "Bye.\n")  # /tropes after quit never ran


def test_a_rating_lands_in_the_sqlite_file_and_outlives_the_session(tmp_path: Path) -> None:
    pairs, _done = console(tmp_path, "/couple Rei Shion", "/rate 8")
    later, _done = console(tmp_path, "/scores Rei & Shion")

    assert "You rated Rei & Shion 8/10." in answer_to(pairs, "/rate 8")
    assert ratings(tmp_path) == [(int(stable_id("user", "you")), "couple:rei-shion", 8)]
    assert "8.0/10 from 1 vote" in answer_to(later, "/scores Rei & Shion")


def test_another_member_moves_the_server_average(tmp_path: Path) -> None:
    pairs, _done = console(
        tmp_path, "/rate 8 Rei & Shion", "as Mika", "/rate 6 Rei & Shion", "as you"
    )

    assert answer_to(pairs, "as Mika") == "You are now Mika.\n"
    second = pairs[2][1]
    assert "You rated Rei & Shion 6/10." in second
    assert "Server average now 7.0/10 from 2 votes." in second
    assert [score for _user, _target, score in ratings(tmp_path)] == [6, 8]


def test_piped_commands_are_not_held_back_by_cooldowns(tmp_path: Path) -> None:
    pairs, _done = console(
        tmp_path, "/rate 8 Rei & Shion", "/rate 9 Rei & Shion", "/recommend", "/recommend"
    )

    assert "You rated Rei & Shion 9/10 (it was 8/10)." in pairs[1][1]
    assert [answer.split("\n")[0] for _typed, answer in pairs[2:]] == [
        "Watch Mao & Hisashi",
        "Watch Mao & Hisashi",
    ]


def test_a_cooldown_the_server_set_applies_to_piped_commands_too(tmp_path: Path) -> None:
    pairs, _done = console(
        tmp_path, "/admin cooldown rate 3600", "/rate 8 Rei & Shion", "/rate 9 Rei & Shion"
    )

    assert "You rated Rei & Shion 8/10." in pairs[1][1]
    assert "Easy there!" in pairs[2][1]


def test_as_name_admin_makes_an_existing_member_one(tmp_path: Path) -> None:
    pairs, _done = console(
        tmp_path, "as Mika", "/admin settings", "as Mika admin", "/admin settings", "as mika"
    )

    assert pairs[1][1] == (
        "/admin is for members allowed to manage the server: "
        "try `as you`, or `as Mika admin` to make Mika one.\n"
    )
    assert pairs[2][1] == "You are now Mika, who can manage the server.\n"
    assert "Server settings" in pairs[3][1]
    assert pairs[4][1].startswith("You are now Mika, who can manage the server.\n")


def test_members_whose_ids_would_meet_still_get_ids_of_their_own() -> None:
    server = ConsoleServer(LoopbackDiscord())
    # Someone whose name hashed to Mika's id, as two names can
    someone = FakeMember(FakeUser(stable_id("user", "Mika"), "someone"), server.guild.id)
    server.guild.members[someone.id] = someone

    mika = server.member("Mika")

    assert mika.id != someone.id
    assert server.guild.members[someone.id] is someone
    assert server.member("Mika") is mika


def test_a_piped_session_has_no_banner_or_prompt(
    browsing_session: tuple[list[tuple[str, str]], subprocess.CompletedProcess],
) -> None:
    stdout = browsing_session[1].stdout

    assert stdout.startswith("> /couple Rei Shion\nRei & Shion\n")
    assert "@Console>" not in stdout


def test_what_members_typed_is_shown_as_discord_shows_it(tmp_path: Path) -> None:
    review = "my_fav_pair is *so* good | `code` <@123> @everyone \\o/"
    pairs, _done = console(
        tmp_path, f"/rate 8 Rei & Shion review:{review}", "/reviews Rei & Shion", "/couple Mika_"
    )

    assert f"  │ “{review}”\n" in answer_to(pairs, "/reviews Rei & Shion")
    assert "“Mika_”: no one by that name." in answer_to(pairs, "/couple Mika_")


def test_a_select_under_an_answer_can_be_used(tmp_path: Path) -> None:
    pairs, _done = console(tmp_path, "/couple Rei Shion", "select 1 9/10", "press 9")

    couple = answer_to(pairs, "/couple Rei Shion")
    assert "[1] Rate this from 1 to 10 (select): 10/10 (Loved it) · 9/10" in couple
    assert "You rated Rei & Shion 9/10." in answer_to(pairs, "select 1 9/10")
    assert answer_to(pairs, "press 9").startswith("Give a number from 1 to")


# -- the line parser ----------------------------------------------------------------------------


def option(name: str, kind: int = 3, *, required: bool = False, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": f"the {name}", "required": required, **extra}


COMMANDS: list[dict[str, Any]] = [
    {"name": "recommend", "options": [option("trope", autocomplete=True)]},
    {"name": "tropes", "options": []},
    {"name": "couple", "options": [option("name", required=True), option("partner")]},
    {
        "name": "rate",
        "options": [
            option("score", 4, required=True, min_value=1, max_value=10),
            option("target", autocomplete=True),
            option("review"),
            option("spoiler", 5),
        ],
    },
    {
        "name": "reviews",
        "options": [
            option("target", required=True),
            option("order", choices=[{"name": "Newest", "value": "new"}]),
        ],
    },
    {
        "name": "versus",
        "options": [option("first", required=True), option("second", required=True)],
    },
    {"name": "thank", "options": [option("member", 6, required=True)]},
    {
        "name": "admin",
        "default_member_permissions": "32",
        "dm_permission": False,
        "options": [
            {"name": "reset-scores", "type": 1, "options": [option("target", required=True)]},
            {
                "name": "settings",
                "type": 2,
                "options": [{"name": "reviews", "type": 1, "options": [option("enabled", 5)]}],
            },
        ],
    },
]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/couple Rei Shion", Invocation("couple", {"name": "Rei", "partner": "Shion"})),
        ("/couple Rei", Invocation("couple", {"name": "Rei"})),
        ("/rate 8 Rei & Shion", Invocation("rate", {"score": 8, "target": "Rei & Shion"})),
        (
            "/rate score:8 target:Rei & Shion",
            Invocation("rate", {"score": 8, "target": "Rei & Shion"}),
        ),
        (
            "/rate 8 Rei & Shion review:loved it, truly spoiler:yes",
            Invocation(
                "rate",
                {"score": 8, "target": "Rei & Shion", "review": "loved it, truly", "spoiler": True},
            ),
        ),
        ("/recommend enemies to lovers", Invocation("recommend", {"trope": "enemies to lovers"})),
        ("/RECOMMEND", Invocation("recommend", {})),
        ("/reviews Rei & Shion", Invocation("reviews", {"target": "Rei & Shion"})),
        ("/reviews Rei order:newest", Invocation("reviews", {"target": "Rei", "order": "new"})),
        (
            '/versus "Rei & Shion" Jin & Giichi',
            Invocation("versus", {"first": "Rei & Shion", "second": "Jin & Giichi"}),
        ),
        (
            "/admin reset-scores target:Rei & Shion",
            Invocation("admin reset-scores", {"target": "Rei & Shion"}),
        ),
        ("/admin settings reviews false", Invocation("admin settings reviews", {"enabled": False})),
    ],
)
def test_lines_become_the_commands_discord_would_send(line: str, expected: Invocation) -> None:
    assert parse_command(line, COMMANDS) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/rate eight", "score: “eight” is not a whole number (try score:8)."),
        ("/rate 0", "score: must be from 1 to 10."),
        ("/rate target:Rei", "/rate needs score: the score"),
        ("/couple", "/couple needs name: the name"),
        ("/tropes please", "/tropes takes no options, so “please” has nowhere to go."),
        ("/reviews Rei order:oldest", "order: pick one of Newest."),
        ("/rate 8 spoiler:maybe", "spoiler: “maybe” is not true or false."),
        ("/admin", "/admin needs one of: reset-scores, settings."),
        ("/admin wipe", "/admin has no 'wipe'; it has: reset-scores, settings."),
        ("/thank Nobody", "member: no member called “Nobody” (`as Nobody` brings one in)."),
        ("couple Rei", "Slash commands start with /, like /help."),
    ],
)
def test_bad_lines_get_a_clear_message(line: str, message: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_command(line, COMMANDS)

    assert str(raised.value) == message


SYNCED = json.loads((REPO / "tests" / "e2e" / "snapshots" / "commands.json").read_text())
SUB_COMMAND_TYPES = (1, 2)


def leaf_commands(commands: list[dict[str, Any]], prefix: str = "") -> list[tuple[str, Any]]:
    """(path, options) of every command and subcommand members can run."""
    found = []
    for command in commands:
        path, options = f"{prefix}{command['name']}", command.get("options", [])
        subcommands = [o for o in options if o["type"] in SUB_COMMAND_TYPES]
        found += leaf_commands(subcommands, f"{path} ") if subcommands else [(path, options)]
    return found


NEEDING_AN_OPTION = [
    (path, next(o for o in options if o.get("required")))
    for path, options in leaf_commands(SYNCED)
    if any(o.get("required") for o in options)
]


@pytest.mark.parametrize(("path", "needed"), NEEDING_AN_OPTION, ids=lambda v: str(v)[:20])
def test_a_missing_option_of_any_real_command_is_named_with_one_colon(
    path: str, needed: dict[str, Any]
) -> None:
    with pytest.raises(ParseError) as raised:
        parse_command(f"/{path}", SYNCED)

    assert str(raised.value) == f"/{path} needs {needed['name']}: {needed['description']}"
    assert "::" not in str(raised.value)


def test_an_unknown_command_lists_the_known_ones() -> None:
    with pytest.raises(UnknownCommandError, match=r"no /nope here\. Commands: /recommend, /tropes"):
        parse_command("/nope", COMMANDS)


def test_user_options_carry_the_member_the_console_finds() -> None:
    members = {"mika": "<Mika>"}

    invocation = parse_command(
        "/thank @Mika", COMMANDS, resolve_user=lambda n: members.get(n.lower())
    )

    assert invocation.options == {"member": "<Mika>"}


def test_commands_discord_would_hide_are_hidden() -> None:
    def names(permissions: int, *, in_dm: bool) -> list[str]:
        visible = visible_commands(COMMANDS, permissions=permissions, in_dm=in_dm)
        return [c["name"] for c in visible]

    assert "admin" not in names(0, in_dm=False)
    assert "admin" in names(32, in_dm=False)
    assert "admin" in names(1 << 3, in_dm=False)  # administrators see everything
    assert "admin" not in names(1 << 3, in_dm=True)  # not in DMs


# -- completion ---------------------------------------------------------------------------------


def no_choices(_path: str, _options: dict[str, Any], _focused: str) -> list[dict[str, Any]]:
    return []


def lines(found: list[Any]) -> list[str]:
    return [c.line for c in found]


def test_tab_completes_commands_and_subcommands() -> None:
    assert lines(complete("/re", COMMANDS, no_choices)) == ["/recommend ", "/reviews "]
    assert lines(complete("/admin se", COMMANDS, no_choices)) == ["/admin settings "]


def test_tab_completes_option_names_and_known_values() -> None:
    assert "/rate 8 Rei review:" in lines(complete("/rate 8 Rei re", COMMANDS, no_choices))
    assert lines(complete("/rate 1", COMMANDS, no_choices)) == ["/rate 10 ", "/rate 1 "]
    assert lines(complete("/rate 8 spoiler:t", COMMANDS, no_choices)) == ["/rate 8 spoiler:true "]
    assert lines(complete("/couple Rei ", COMMANDS, no_choices)) == ["/couple Rei partner:"]


def test_tab_asks_the_bot_for_the_focused_option_with_the_others_typed() -> None:
    asked: list[tuple[str, dict[str, Any], str]] = []

    def bot_choices(path: str, options: dict[str, Any], focused: str) -> list[dict[str, Any]]:
        asked.append((path, options, focused))
        return [{"name": "Rei & Shion — Twilight Out of Focus", "value": "couple:rei-shion"}]

    found = complete("/rate 8 Rei & Sh", COMMANDS, bot_choices)

    assert asked == [("rate", {"score": 8, "target": "Rei & Sh"}, "target")]
    assert [(c.line, c.label) for c in found] == [
        ("/rate 8 couple:rei-shion ", "couple:rei-shion  (Rei & Shion — Twilight Out of Focus)")
    ]


def test_tab_after_a_value_taken_from_the_list_offers_nothing_to_replace_it() -> None:
    def tropes(_path: str, _options: dict[str, Any], _focused: str) -> list[dict[str, Any]]:
        return [
            {"name": "Enemies to lovers", "value": "enemies-to-lovers"},
            {"name": "Friends to lovers", "value": "friends-to-lovers"},
        ]

    assert complete("/recommend enemies-to-lovers ", COMMANDS, tropes) == []
    assert len(complete("/recommend enemies-to-lovers", COMMANDS, tropes)) == 2


# -- the terminal renderer ----------------------------------------------------------------------


def test_markdown_marks_and_escapes_are_dropped() -> None:
    text = r"You rated **Rei \& Shion** **8/10**, *really* \*not\* `/rate` __now__ ~~x~~"

    assert terminal_text(text, Style()) == "You rated Rei & Shion 8/10, really *not* /rate now x"


@pytest.mark.parametrize(
    "typed",
    [
        "my_fav_pair is *so* good | 10/10",
        "`code`, ||not a spoiler||, ~~kept~~, \\o/, [a](https://x.y)",
        "> not a quote",
        "- not a list",
        "# not a heading",
        "<@123> <#45> </rate:6> @everyone",
    ],
)
def test_text_the_bot_made_safe_reads_as_it_was_typed(typed: str) -> None:
    assert terminal_text(safe(typed), Style()) == typed


def test_inside_code_a_backslash_is_kept() -> None:
    assert terminal_text(r"`a\*b` \`c\`", Style()) == r"a\*b `c`"


def test_quotes_subtext_and_spoilers() -> None:
    text = "> “They kiss.”\n> — a fan review\n-# A note\n||Mao leaves||"

    hidden = terminal_text(text, Style())
    shown = terminal_text(text, Style(show_spoilers=True))

    assert hidden == f"│ “They kiss.”\n│ — a fan review\nA note\n{SPOILER_HIDDEN}"
    assert shown.endswith("[spoiler: Mao leaves]")


def test_a_code_block_keeps_its_alignment() -> None:
    chart = distribution_chart([0, 0, 0, 0, 1, 0, 0, 2, 0, 0])

    rows = terminal_text(f"How it went\n{chart}", Style(width=30)).splitlines()

    assert rows[0] == "How it went"
    assert rows[3] == " 8 ████████████ 2"
    assert rows[6] == " 5 ██████       1"
    assert len(rows) == 11


def message(**fields: Any) -> dict[str, Any]:
    return {"content": "", "embeds": [], "components": [], "flags": 0, **fields}


RATE_SELECT = {
    "type": 3,
    "custom_id": "rate",
    "placeholder": "Rate this",
    "options": [
        {"label": "10/10", "value": "10", "description": "Loved it"},
        {"label": "9/10", "value": "9"},
    ],
}


def test_an_embed_reads_top_to_bottom_with_numbered_components() -> None:
    embed = {
        "title": "Rei & Shion",
        "description": "From *Twilight Out of Focus*",
        "fields": [{"name": "Scores", "value": "Server: **8.0/10**", "inline": True}],
        "footer": {"text": "rate them with /rate"},
    }
    button = {
        "type": 2,
        "style": 2,
        "label": "Another pick",
        "custom_id": "again",
        "emoji": {"name": "🎬"},
    }
    rows = [{"type": 1, "components": [RATE_SELECT]}, {"type": 1, "components": [button]}]

    text = render_message(message(embeds=[embed], components=rows, flags=64), Style())

    assert text.splitlines() == [
        "(only you can see this)",
        "",
        "Rei & Shion",
        "From Twilight Out of Focus",
        "",
        "Scores",
        "  Server: 8.0/10",
        "",
        "— rate them with /rate",
        "",
        "[1] Rate this (select): 10/10 (Loved it) · 9/10",
        "[2] 🎬 Another pick (button)",
    ]


def test_colours_only_when_asked() -> None:
    embed = {"title": "Score saved", "description": "**8/10**", "color": 0xC77DFF}

    assert "\x1b[" not in render_message(message(embeds=[embed]), Style())
    coloured = render_message(message(embeds=[embed]), Style(colour=True))
    assert "\x1b[38;2;199;125;255m▌" in coloured
    assert "\x1b[1m8/10\x1b[0m" in coloured


def test_components_v2_text_and_accessories_are_shown_in_reading_order() -> None:
    section = {
        "type": 9,
        "components": [{"type": 10, "content": "**Reset** the scores?"}],
        "accessory": {"type": 2, "style": 4, "label": "Reset", "custom_id": "yes"},
    }
    container = {"type": 17, "components": [section, {"type": 1, "components": [RATE_SELECT]}]}
    sent = message(components=[container], flags=1 << 15)

    assert [c["custom_id"] for c in interactive_components(sent)] == ["yes", "rate"]
    assert render_message(sent, Style()).splitlines() == [
        "Reset the scores?",
        "[1] Reset (button)",
        "[2] Rate this (select): 10/10 (Loved it) · 9/10",
    ]


def test_select_values_by_label_or_value() -> None:
    assert select_values(RATE_SELECT, "9/10") == ["9"]
    assert select_values(RATE_SELECT, "10") == ["10"]
    with pytest.raises(ParseError, match="Choose from: 10/10, 9/10"):
        select_values(RATE_SELECT, "11")
    with pytest.raises(ParseError, match="Choose 1 of them"):
        select_values({**RATE_SELECT, "min_values": 1, "max_values": 1}, "9, 10")
