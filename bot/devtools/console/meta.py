"""The console's own commands, typed without a slash: help, becoming another member, moving
between the server and a DM, and pressing the buttons or choosing in the selects of an answer."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.devtools.console.localized import SOURCE
from bot.devtools.console.parse import ParseError, command_usage
from bot.devtools.console.render import BUTTON, LINK_STYLE, STRING_SELECT, interactive_components
from bot.devtools.console.world import SERVER_NAME, YOU, display_name
from bot.devtools.loopback import MANAGE_GUILD
from bot.domain.locales import DISCORD_LOCALES, SHIPPED_LOCALES

if TYPE_CHECKING:
    from bot.devtools.console.session import ConsoleSession

MetaCommand = Callable[["ConsoleSession", str], Awaitable[bool]]  # argument text -> keep going?

_LONGEST_NAME = 32  # Discord's limit for a user name


async def _help(session: ConsoleSession, _argument: str) -> bool:
    session.say(HELP)
    for command in session.commands:
        session.say(command_usage(command["name"], command.get("options", [])))
        session.say(f"    {command.get('description', '')}")
    session.say("")
    return True


async def _quit(session: ConsoleSession, _argument: str) -> bool:
    session.say("Bye.")
    return False


async def _become(session: ConsoleSession, argument: str) -> bool:
    words = argument.split()
    admin = len(words) > 1 and words[-1].lower() == "admin"
    name = " ".join(words[:-1] if admin else words)
    if not name or len(name) > _LONGEST_NAME:
        session.say(
            f"Usage: as <name> (up to {_LONGEST_NAME} characters), e.g. as Mika; add admin for one."
        )
        return True
    session.member = session.server.member(name, admin=admin)
    manages = session.member.permissions & MANAGE_GUILD
    ending = ", who can manage the server." if manages else "."
    session.say(f"You are now {display_name(session.member)}{ending}")
    return True


async def _locale(session: ConsoleSession, argument: str) -> bool:
    code = argument.strip()
    if not code:
        shipped = ", ".join((SOURCE, *SHIPPED_LOCALES))
        session.say(
            f"Your client is in {session.locale}. Try locale ja (the bot speaks {shipped})."
        )
        return True
    known = {locale.lower(): locale for locale in DISCORD_LOCALES}
    if code.lower() not in known:
        session.say(f"{code!r} is not a Discord locale; try ja, pt-BR, es-ES, fr, de or en-US.")
        return True
    session.locale = known[code.lower()]
    spoken = session.locale in (SOURCE, *SHIPPED_LOCALES)
    session.say(
        f"Your client is now in {session.locale}: commands and answers as it shows them."
        if spoken
        else f"Your client is now in {session.locale}, which the bot answers in English."
    )
    return True


async def _to_dm(session: ConsoleSession, _argument: str) -> bool:
    session.in_dm = True
    session.say("Now in a DM with Twilight Bot (server-only commands won't work here).")
    return True


async def _to_server(session: ConsoleSession, _argument: str) -> bool:
    session.in_dm = False
    session.say(f"Back in the {SERVER_NAME} server.")
    return True


async def _toggle_spoilers(session: ConsoleSession, _argument: str) -> bool:
    answers = session.answers
    answers.style = dataclasses.replace(
        answers.style, show_spoilers=not answers.style.show_spoilers
    )
    session.say("Spoilers shown." if answers.style.show_spoilers else "Spoilers hidden.")
    return True


# -- the last answer's buttons and selects ------------------------------------------------------


async def _press(session: ConsoleSession, argument: str) -> bool:
    found = _component(session, argument.split(maxsplit=1)[0] if argument else "")
    if found is None:
        return True
    message, component = found
    if component.get("type") != BUTTON:
        session.say("That's a select: choose with select <number> <value>.")
    elif component.get("style") == LINK_STYLE:
        session.say(f"That's a link: {component.get('url')}")
    elif component.get("disabled"):
        session.say("That button is disabled.")
    else:
        await _interact(session, message, component, None)
    return True


async def _select(session: ConsoleSession, argument: str) -> bool:
    number, _, wanted = argument.partition(" ")
    found = _component(session, number)
    if found is None:
        return True
    message, component = found
    try:
        values = select_values(component, wanted)
    except ParseError as error:
        session.say(str(error))
        return True
    await _interact(session, message, component, values)
    return True


def _component(
    session: ConsoleSession, number: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The message and its ``number``-th component (from 1), the message as it is now."""
    last = session.answers.last_with_components
    message = session.fake.messages.get(last["id"]) if last else None
    components = interactive_components(message) if message else []
    if not components:
        session.say("No buttons or selects to use: the last answers had none.")
        return None
    if not number.isdigit() or not 1 <= int(number) <= len(components):
        session.say(f"Give a number from 1 to {len(components)}, as listed under the answer.")
        return None
    assert message is not None  # components came from it
    return message, components[int(number) - 1]


async def _interact(
    session: ConsoleSession,
    message: dict[str, Any],
    component: dict[str, Any],
    values: list[str] | None,
) -> None:
    reply = await session.fake.press(
        message,
        custom_id=component["custom_id"],
        values=values,
        member=session.member,
        guild=session.guild,
        locale=session.locale,
    )
    await session.answers.show(reply)


def select_values(component: dict[str, Any], wanted: str) -> list[str]:
    """The option values a typed choice means: one label or value, or several, comma-separated."""
    if component.get("type") != STRING_SELECT:
        raise ParseError("The console can choose from lists of options only (not users/roles).")
    if component.get("disabled"):
        raise ParseError("That select is disabled.")
    options = component.get("options", [])
    if not options:
        raise ParseError("That select has nothing to choose.")
    parts = [wanted] if _option_value(options, wanted) else wanted.split(",")
    values = [_option_value(options, part) for part in parts if part.strip()]
    if not values or None in values:
        listed = ", ".join(o["label"] for o in options)
        raise ParseError(f"Choose from: {listed} (e.g. select 1 {options[0]['value']}).")
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    if not low <= len(values) <= high:
        raise ParseError(f"Choose {low}" + (f" to {high}" if high != low else "") + " of them.")
    return [v for v in values if v is not None]


def _option_value(options: list[dict[str, Any]], typed: str) -> str | None:
    wanted = typed.strip().casefold()
    for option in options:
        if wanted in (option["value"].casefold(), option["label"].casefold()):
            return option["value"]
    return None


META_COMMANDS: dict[str, MetaCommand] = {
    "help": _help,
    "quit": _quit,
    "exit": _quit,
    "as": _become,
    "dm": _to_dm,
    "locale": _locale,
    "server": _to_server,
    "press": _press,
    "select": _select,
    "spoilers": _toggle_spoilers,
}

HELP = f"""\
Type slash commands as in Discord: /couple Rei Shion, /rate 8, /recommend enemies to lovers.
Options fill in order, the last one takes the rest of the line; name:value works too
(/rate score:8 target:Rei & Shion). Tab completes commands, options and the bot's suggestions.

Console commands:
  help                this help
  as <name> [admin]   become another member ({YOU} is the owner), e.g. to vote twice
  dm / server         talk to the bot in a DM, or back in the server
  press <n>           press button n of the last answer
  select <n> <value>  choose in select n of the last answer
  spoilers            show or hide spoilers
  locale CODE         use the bot as a client in that language does (ja, pt-BR, es-ES, fr, de)
  quit                leave (Ctrl+D works too)

Cooldowns work as on Discord: each member waits between uses of /rate and of /recommend
(RATE_COOLDOWN, RECOMMEND_COOLDOWN), in the server and in DMs apart. Commands piped in skip
these defaults; a cooldown set with /admin cooldown still applies.

The bot's commands here:"""
