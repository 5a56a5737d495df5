"""Reading a typed slash command the way Discord's message box would, from the synced schema.

``/couple Rei Shion``: positional words fill the required options in order, then the first optional
one, a word each, and the last of them takes the rest of the line (``/rate 8 Rei & Shion``,
``/recommend enemies to lovers``). Further optional options need ``name:value``, each value running
to the next ``key:`` (``/rate 8 Rei & Shion review:loved it``): otherwise a later optional text
option (a review) would swallow part of the target. An optional option with fixed choices (a
sort order) is named too when the command has required options, for the same reason.
Subcommands and groups are followed by name (``/admin reset target:...``). Nothing here knows any
command by name: all of it comes from the command list the bot synced, so new commands work in the
console without changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
ADMINISTRATOR = 1 << 3
GUILD_CONTEXT, DM_CONTEXT = 0, 1
MAX_LISTED_RANGE = 25  # Discord shows at most 25 choices; a longer number range isn't listed

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}
_UNSUPPORTED = {CHANNEL: "channel", ROLE: "role", ATTACHMENT: "attachment"}
_TOKEN = re.compile(r'"[^"]*"?|\S+')  # a word, or a "quoted phrase" (perhaps still unclosed)
_KEY = re.compile(r"(?:^|(?<=\s))([\w-]+):")
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")

UserResolver = Callable[[str], Any]  # a member's name -> what the option should carry, or None
ChoiceSource = Callable[[str, dict[str, Any], str], list[Json]]  # path, options, focused


class ParseError(ValueError):
    """The line can't become a command; the message says why, in words for the person typing."""


class UnknownCommandError(ParseError):
    """No synced command has that name."""


@dataclass(frozen=True, slots=True)
class Invocation:
    path: str  # "couple", or "admin reset" for a subcommand
    options: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Completion:
    line: str  # the whole line once this completion is taken
    label: str  # how to show it in a list of candidates


@dataclass(frozen=True, slots=True)
class _Segment:
    option: Json
    start: int  # where the value starts in the options text
    end: int


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a line points into the schema: the command path, its leaf options, the rest."""

    path: list[str]
    options: list[Json]
    rest: str  # the text after the path
    rest_start: int  # where ``rest`` starts in the line


# -- which commands a member sees ------------------------------------------------------------


def visible_commands(commands: Sequence[Json], *, permissions: int, in_dm: bool) -> list[Json]:
    """The commands Discord would offer this member here (it hides the others)."""
    return [c for c in commands if _usable_here(c, in_dm) and _permitted(c, permissions)]


def _usable_here(command: Json, in_dm: bool) -> bool:
    contexts = command.get("contexts")
    if contexts is not None:
        return (DM_CONTEXT if in_dm else GUILD_CONTEXT) in contexts
    return not in_dm or command.get("dm_permission", True) is not False


def _permitted(command: Json, permissions: int) -> bool:
    required = command.get("default_member_permissions")
    if required is None or permissions & ADMINISTRATOR:
        return True
    return int(required) & permissions == int(required)


# -- parsing ---------------------------------------------------------------------------------


def parse_command(
    line: str, commands: Sequence[Json], *, resolve_user: UserResolver | None = None
) -> Invocation:
    """The command a typed line asks for, its option values typed by the schema."""
    target = _locate(line.rstrip(), commands, partial=False)
    segments, leftover = _segments(target.rest, target.options)
    path = " ".join(target.path)
    if leftover.strip():
        raise ParseError(_leftover_message(path, target.options, leftover.strip()))
    raw = {s.option["name"]: _unquote(target.rest[s.start : s.end]) for s in segments}
    return Invocation(path, convert_options(path, target.options, raw, resolve_user))


def convert_options(
    path: str, schema: Sequence[Json], raw: dict[str, str], resolve_user: UserResolver | None
) -> dict[str, Any]:
    """Typed values for the options given; a clear ParseError for a missing or bad one."""
    values: dict[str, Any] = {}
    for option in schema:
        text = raw.get(option["name"], "")
        if text:
            values[option["name"]] = _convert(option, text, resolve_user)
        elif option.get("required"):
            # usage() already ends in the option's colon ("score:"): the description follows it.
            needs = f"/{path} needs {usage(option)} {option.get('description', '')}"
            raise ParseError(needs.rstrip())
    return values


def usage(option: Json) -> str:
    return f"{option['name']}:" if option.get("required") else f"[{option['name']}:]"


def command_usage(path: str, schema: Sequence[Json]) -> str:
    """``/rate score: [target:]`` or, for a command with subcommands, one line per subcommand."""
    subcommands = [o for o in schema if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if not subcommands:
        return " ".join([f"/{path}", *(usage(o) for o in schema)])
    lines = [command_usage(f"{path} {sub['name']}", sub.get("options", [])) for sub in subcommands]
    return "\n".join(lines)


def _locate(line: str, commands: Sequence[Json], *, partial: bool) -> _Target:
    if not line.startswith("/"):
        raise ParseError("Slash commands start with /, like /help.")
    match = re.match(r"/(\S*)\s?", line)
    name = match.group(1).lower() if match else ""
    command = next((c for c in commands if c["name"] == name), None)
    if command is None:
        known = ", ".join(f"/{c['name']}" for c in commands)
        raise UnknownCommandError(f"There is no /{name} here. Commands: {known}")
    path, schema = [command["name"]], command.get("options", [])
    position = match.end() if match else len(line)
    while _subcommands(schema):
        word = re.match(r"(\S*)\s?", line[position:])
        sub_name = word.group(1).lower() if word else ""
        found = next((o for o in _subcommands(schema) if o["name"] == sub_name), None)
        if found is None:
            if partial:
                break
            raise ParseError(_subcommand_message(" ".join(path), schema, sub_name))
        path.append(found["name"])
        schema = found.get("options", [])
        position += word.end() if word else 0
    return _Target(path, schema, line[position:], position)


def _subcommands(schema: Sequence[Json]) -> list[Json]:
    return [o for o in schema if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]


def _subcommand_message(path: str, schema: Sequence[Json], typed: str) -> str:
    names = ", ".join(o["name"] for o in _subcommands(schema))
    if not typed:
        return f"/{path} needs one of: {names}."
    return f"/{path} has no {typed!r}; it has: {names}."


def _segments(rest: str, schema: Sequence[Json]) -> tuple[list[_Segment], str]:
    """Which span of ``rest`` belongs to which option; and the text no option took."""
    by_name = {o["name"].lower(): o for o in schema}
    keys = [m for m in _KEY.finditer(rest) if m.group(1).lower() in by_name]
    segments = [
        _Segment(by_name[key.group(1).lower()], key.end(), _next_start(keys, i, len(rest)))
        for i, key in enumerate(keys)
    ]
    named = {id(s.option) for s in segments}
    positional_text = rest[: keys[0].start()] if keys else rest
    unnamed = [o for o in schema if id(o) not in named]
    positional, leftover = _positional_segments(positional_text, _positional(schema, unnamed))
    return positional + segments, leftover


def _positional(schema: Sequence[Json], unnamed: list[Json]) -> list[Json]:
    """The options typed words fill: the required ones, then the first optional one."""
    required = [o for o in unnamed if o.get("required")]
    optional = [o for o in unnamed if not o.get("required")][:1]
    if optional and optional[0].get("choices") and any(o.get("required") for o in schema):
        optional = []
    return required + optional


def _next_start(keys: list[re.Match[str]], index: int, default: int) -> int:
    return keys[index + 1].start() if index + 1 < len(keys) else default


def _positional_segments(text: str, options: list[Json]) -> tuple[list[_Segment], str]:
    """One word (or quoted phrase) per option, in order; the last option takes the rest."""
    tokens = list(_TOKEN.finditer(text))
    segments = []
    for index, option in enumerate(options):
        if index >= len(tokens):
            return segments, ""
        if index == len(options) - 1:
            segments.append(_Segment(option, tokens[index].start(), len(text)))
            return segments, ""
        segments.append(_Segment(option, tokens[index].start(), tokens[index].end()))
    return segments, text[tokens[len(options)].start() :] if len(tokens) > len(options) else ""


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].strip()
    return text


def _leftover_message(path: str, schema: Sequence[Json], leftover: str) -> str:
    if not schema:
        return f"/{path} takes no options, so “{leftover}” has nowhere to go."
    return f"“{leftover}” has no option left to go to. Usage: {command_usage(path, schema)}"


def _convert(option: Json, text: str, resolve_user: UserResolver | None) -> Any:
    kind, name = option["type"], option["name"]
    if kind in _UNSUPPORTED:
        raise ParseError(f"The console can't send {_UNSUPPORTED[kind]} options ({name}:) yet.")
    if kind in (USER, MENTIONABLE):
        return _member(name, text, resolve_user)
    if option.get("choices"):
        return _choice(option, text)
    value = _scalar(kind, name, text)
    _check_bounds(option, value)
    return value


def _scalar(kind: int, name: str, text: str) -> Any:
    if kind == INTEGER:
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ParseError(f"{name}: “{text}” is not a whole number (try {name}:8).")
        return int(text)
    if kind == NUMBER:
        try:
            return float(text)
        except ValueError:
            raise ParseError(f"{name}: “{text}” is not a number.") from None
    if kind == BOOLEAN:
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise ParseError(f"{name}: “{text}” is not true or false.")
    return text


def _check_bounds(option: Json, value: Any) -> None:
    if isinstance(value, str):
        low, high, size, unit = (
            option.get("min_length"),
            option.get("max_length"),
            len(value),
            " characters",
        )
    else:
        low, high, size, unit = option.get("min_value"), option.get("max_value"), value, ""
    too_low = low is not None and size < low
    too_high = high is not None and size > high
    if too_low or too_high:
        raise ParseError(f"{option['name']}: must be {_bounds(low, high)}{unit}.")


def _bounds(low: float | None, high: float | None) -> str:
    if low is None:
        return f"at most {high}"
    if high is None:
        return f"at least {low}"
    return f"from {low} to {high}"


def _choice(option: Json, text: str) -> Any:
    wanted = text.casefold()
    for choice in option["choices"]:
        if wanted in (str(choice["value"]).casefold(), choice["name"].casefold()):
            return choice["value"]
    names = ", ".join(c["name"] for c in option["choices"])
    raise ParseError(f"{option['name']}: pick one of {names}.")


def _member(name: str, text: str, resolve_user: UserResolver | None) -> Any:
    found = resolve_user(text.lstrip("@")) if resolve_user else None
    if found is None:
        raise ParseError(f"{name}: no member called “{text}” (`as {text}` brings one in).")
    return found


# -- completion ------------------------------------------------------------------------------


def complete(line: str, commands: Sequence[Json], choices_for: ChoiceSource) -> list[Completion]:
    """What Tab offers for ``line`` (the text before the cursor): command and subcommand names,
    option names, and option values (from the schema's choices or the bot's autocomplete)."""
    if not line.startswith("/"):
        return []
    if not re.match(r"/\S*\s", line):
        return [
            Completion(f"/{c['name']} ", f"/{c['name']}  {c.get('description', '')}")
            for c in commands
            if c["name"].startswith(line[1:].lower())
        ]
    try:
        target = _locate(line, commands, partial=True)
    except ParseError:
        return []
    if _subcommands(target.options):
        return _complete_subcommand(line, target)
    return _complete_options(line, target, choices_for)


def _complete_subcommand(line: str, target: _Target) -> list[Completion]:
    if re.search(r"\s", target.rest):
        return []
    start = target.rest_start
    return [
        Completion(f"{line[:start]}{o['name']} ", f"{o['name']}  {o.get('description', '')}")
        for o in _subcommands(target.options)
        if o["name"].startswith(target.rest.lower())
    ]


def _complete_options(line: str, target: _Target, choices_for: ChoiceSource) -> list[Completion]:
    segments, _leftover = _segments(target.rest, target.options)
    focused = _focused(target, segments)
    found = _option_name_completions(line, target, segments)
    if focused is not None:
        option, value_start = focused
        found += _value_completions(line, target, segments, option, value_start, choices_for)
    return found


def _focused(target: _Target, segments: list[_Segment]) -> tuple[Json, int] | None:
    """The option the cursor is in, and where its value starts in the line."""
    rest = target.rest
    for segment in segments:
        if segment.end == len(rest):
            return segment.option, target.rest_start + segment.start
    taken = {id(s.option) for s in segments}
    remaining = _positional(target.options, [o for o in target.options if id(o) not in taken])
    if remaining and (not rest or rest[-1].isspace()):
        return remaining[0], target.rest_start + len(rest)
    return None


def _option_name_completions(
    line: str, target: _Target, segments: list[_Segment]
) -> list[Completion]:
    word = re.search(r"\S*$", line)
    typed = word.group(0) if word else ""
    if ":" in typed:
        return []
    given = {s.option["name"] for s in segments}  # by name or by position
    start = len(line) - len(typed)
    return [
        Completion(f"{line[:start]}{o['name']}:", f"{o['name']}:  {o.get('description', '')}")
        for o in target.options
        if o["name"] not in given and o["name"].startswith(typed.lower())
    ]


def _value_completions(
    line: str,
    target: _Target,
    segments: list[_Segment],
    option: Json,
    value_start: int,
    choices_for: ChoiceSource,
) -> list[Completion]:
    typed = line[value_start:]
    choices = _schema_choices(option, typed)
    if choices is None:
        others = {
            s.option["name"]: _unquote(target.rest[s.start : s.end])
            for s in segments
            if s.option is not option
        }
        options = _typed_or_skipped(target.options, others)
        options[option["name"]] = typed
        choices = choices_for(" ".join(target.path), options, option["name"])
    if _chosen(typed, choices):
        return []  # as in Discord, a value picked from the list is done: Tab leaves it alone
    head = line[:value_start]
    return [Completion(f"{head}{c['value']} ", _label(c)) for c in choices]


def _chosen(typed: str, choices: list[Json]) -> bool:
    """A choice's value followed by a space: what taking a completion leaves in the line."""
    return typed[-1:].isspace() and typed.strip() in {str(c["value"]) for c in choices}


def _schema_choices(option: Json, typed: str) -> list[Json] | None:
    """Choices the schema itself knows; None when only the bot can tell (autocomplete)."""
    wanted = typed.strip().casefold()
    if option.get("autocomplete"):
        return None
    if option.get("choices"):
        listed = option["choices"]
    elif option["type"] == BOOLEAN:
        listed = [{"name": "true", "value": "true"}, {"name": "false", "value": "false"}]
    elif option["type"] == INTEGER and _small_range(option):
        low, high = option["min_value"], option["max_value"]
        listed = [{"name": str(n), "value": n} for n in range(high, low - 1, -1)]
    else:
        return []
    return [c for c in listed if str(c["value"]).casefold().startswith(wanted)]


def _small_range(option: Json) -> bool:
    low, high = option.get("min_value"), option.get("max_value")
    return low is not None and high is not None and 0 <= high - low < MAX_LISTED_RANGE


def _typed_or_skipped(schema: Sequence[Json], raw: dict[str, str]) -> dict[str, Any]:
    """The other options' values as the schema types them; a bad one is left out, as Discord
    sends only valid values alongside the option being typed."""
    typed: dict[str, Any] = {}
    for option in schema:
        text = raw.get(option["name"])
        if not text:
            continue
        try:
            typed[option["name"]] = _convert(option, text, None)
        except ParseError:
            continue
    return typed


def _label(choice: Json) -> str:
    value, name = str(choice["value"]), choice["name"]
    return value if name == value else f"{value}  ({name})"
