"""A bot message, as Discord would show it, in a terminal: embeds, quotes, code, components.

Discord markdown is turned into plain text (or ANSI styles on a colour terminal): ``**bold**``,
``*italics*``, `` `code` `` and escapes such as ``\\*`` lose their marks, block quotes become
``│ `` lines, code blocks keep their alignment (the /scores bar chart), spoilers stay hidden
unless asked for. Buttons and selects are numbered so the console can press them.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

EPHEMERAL = 1 << 6
COMPONENTS_V2 = 1 << 15
ACTION_ROW, BUTTON, STRING_SELECT = 1, 2, 3
SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER = (
    9,
    10,
    11,
    12,
    13,
    14,
    17,
)
SELECTS = {STRING_SELECT: "", 5: "a user", 6: "a role", 7: "a user or role", 8: "a channel"}
LINK_STYLE = 5
DEFAULT_BAR_COLOUR = 0x4E5058  # Discord's grey border for an embed without a colour
ONLY_YOU = "only you can see this"
SPOILER_HIDDEN = "[spoiler hidden: type `spoilers` to show]"

_BOLD, _DIM, _ITALIC, _UNDERLINE, _STRIKE, _RESET = "1", "2", "3", "4", "9", "\x1b[0m"
_CODE_BLOCK = re.compile(r"```(?:[\w+-]*\n)?(.*?)```", re.DOTALL)
# Read left to right, as Discord does: a backslash makes the next character literal unless it is a
# letter, digit or space (\*, \_, \|, \` show as * _ | `), and inside `code` it is just a backslash.
_LITERAL = re.compile(r"\\([^0-9A-Za-z\s])|`([^`]+)`")
_PLACEHOLDER = re.compile(r"\uE000(\d+)\uE001")


@dataclass(frozen=True, slots=True)
class Style:
    colour: bool = False  # ANSI styles, for a terminal that shows them
    show_spoilers: bool = False
    width: int | None = None  # wrap long lines to this width (None: leave them whole)


# -- markdown ---------------------------------------------------------------------------------


def terminal_text(markdown: str, style: Style) -> str:
    """Discord markdown as terminal text (code blocks kept verbatim)."""
    return "\n".join(line for line, _code in _lines(markdown, style))


def _lines(markdown: str, style: Style) -> list[tuple[str, bool]]:
    """(line, is code) pairs: code lines must never be wrapped or restyled."""
    lines: list[tuple[str, bool]] = []
    position = 0
    for block in _CODE_BLOCK.finditer(markdown):
        lines += [(line, False) for line in _text_lines(markdown[position : block.start()], style)]
        lines += [(line, True) for line in block.group(1).strip("\n").split("\n")]
        position = block.end()
    lines += [(line, False) for line in _text_lines(markdown[position:], style)]
    return lines


def _text_lines(text: str, style: Style) -> list[str]:
    text = text.strip("\n")
    if not text:
        return []
    return [_line(line, style) for line in text.split("\n")]


def _line(line: str, style: Style) -> str:
    if line.startswith(("> ", ">>> ")) or line in (">", ">>>"):
        return "│ " + _inline(line.split(" ", 1)[1] if " " in line else "", style)
    if line.startswith("-# "):
        return _styled(_inline(line[3:], style), _DIM, style)
    if heading := re.match(r"#{1,3} (.*)", line):
        return _styled(_inline(heading.group(1), style), _BOLD, style)
    if bullet := re.match(r"(\s*)[-*] (.*)", line):
        return f"{bullet.group(1)}• {_inline(bullet.group(2), style)}"
    return _inline(line, style)


def _inline(text: str, style: Style) -> str:
    literal: list[str] = []

    def keep(value: str) -> str:
        literal.append(value)
        return f"\ue000{len(literal) - 1}\ue001"

    text = _LITERAL.sub(lambda m: keep(m.group(1) or m.group(2)), text)
    text = re.sub(r"\|\|(.+?)\|\|", lambda m: keep(_spoiler(m.group(1), style)), text)
    text = _marks(text, style)
    text = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", text)
    text = _references(text)
    for _ in range(2):  # a spoiler may hold kept text of its own
        text = _PLACEHOLDER.sub(lambda m: literal[int(m.group(1))], text)
    return text.replace("\u200b", "")


def _spoiler(text: str, style: Style) -> str:
    return f"[spoiler: {_marks(text, style)}]" if style.show_spoilers else SPOILER_HIDDEN


def _marks(text: str, style: Style) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", lambda m: _styled(m.group(1), _BOLD, style), text)
    text = re.sub(r"__(.+?)__", lambda m: _styled(m.group(1), _UNDERLINE, style), text)
    text = re.sub(r"~~(.+?)~~", lambda m: _styled(m.group(1), _STRIKE, style), text)
    text = re.sub(
        r"(?<!\w)\*(?!\s)(.+?)(?<!\s)\*", lambda m: _styled(m.group(1), _ITALIC, style), text
    )
    return re.sub(
        r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", lambda m: _styled(m.group(1), _ITALIC, style), text
    )


def _references(text: str) -> str:
    text = re.sub(r"<a?(:\w+:)\d+>", r"\1", text)  # custom emoji
    text = re.sub(r"<@!?(\d+)>", r"@user", text)
    text = re.sub(r"<@&(\d+)>", r"@role", text)
    text = re.sub(r"<#(\d+)>", r"#channel", text)
    text = re.sub(r"<t:(\d+)(?::\w)?>", lambda m: _timestamp(int(m.group(1))), text)
    return re.sub(r"<(https?://[^>\s]+)>", r"\1", text)


def _timestamp(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def _styled(text: str, code: str, style: Style) -> str:
    return f"\x1b[{code}m{text}{_RESET}" if style.colour else text


# -- messages ---------------------------------------------------------------------------------


def render_message(message: Json, style: Style) -> str:
    """A whole bot message: who may see it, its text, embeds and numbered components."""
    out: list[str] = []
    if message.get("flags", 0) & EPHEMERAL:
        out.append(_styled(f"({ONLY_YOU})", _DIM, style))
    if message.get("content"):
        out += _wrap(_lines(message["content"], style), "", style)
    for embed in message.get("embeds", []):
        if out:
            out.append("")
        out += _embed_lines(embed, style)
    out += _component_lines(message, style)
    for attachment in message.get("attachments", []):
        out.append(f"[file: {attachment.get('filename', 'attachment')}]")
    return "\n".join(out) if out else _styled("(an empty message)", _DIM, style)


def _embed_lines(embed: Json, style: Style) -> list[str]:
    lines: list[str] = []
    if author := (embed.get("author") or {}).get("name"):
        lines.append(_styled(author, _DIM, style))
    if title := embed.get("title"):
        lines.append(_styled(terminal_text(title, style), _BOLD, style))
    if embed.get("url"):
        lines.append(_styled(embed["url"], _DIM, style))
    if description := embed.get("description"):
        lines += _wrap(_lines(description, style), "", style)
    for field in embed.get("fields", []):
        lines += ["", _styled(terminal_text(field["name"], style), _BOLD, style)]
        lines += _wrap(_lines(field["value"], style), "  ", style)
    for kind in ("image", "thumbnail"):
        if url := (embed.get(kind) or {}).get("url"):
            lines.append(f"[{kind}: {url}]")
    if footer := (embed.get("footer") or {}).get("text"):
        lines += ["", _styled(f"— {footer}", _DIM, style)]
    return _with_bar(lines, embed.get("color"), style)


def _with_bar(lines: list[str], colour: int | None, style: Style) -> list[str]:
    """On a colour terminal, the embed's coloured left border, as Discord draws it."""
    if not style.colour:
        return lines
    rgb = colour or DEFAULT_BAR_COLOUR
    red, green, blue = rgb >> 16, (rgb >> 8) & 255, rgb & 255
    bar = f"\x1b[38;2;{red};{green};{blue}m▌{_RESET} "
    return [bar + line for line in lines]


def _wrap(lines: list[tuple[str, bool]], indent: str, style: Style) -> list[str]:
    out = []
    for line, code in lines:
        if code or style.width is None or len(indent + line) <= style.width:
            out.append(indent + line)
            continue
        quote = "│ " if line.startswith("│ ") else ""
        body = line[len(quote) :]
        width = max(style.width - len(indent + quote), 20)
        out += [indent + quote + part for part in textwrap.wrap(body, width)]
    return out


# -- components -------------------------------------------------------------------------------


def interactive_components(message: Json) -> list[Json]:
    """The message's buttons and selects, in the order the console numbers them (from 1)."""
    return [component for kind, component in _walk(message.get("components", [])) if kind == "ui"]


def _walk(components: list[Json]) -> Iterator[tuple[str, Json]]:
    """("ui", button or select), ("text", text display) and ("media", ...) in reading order."""
    for component in components:
        kind = component.get("type")
        if kind == BUTTON or kind in SELECTS:
            yield "ui", component
        elif kind == TEXT_DISPLAY:
            yield "text", component
        elif kind in (THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR):
            yield "media", component
        if kind in (ACTION_ROW, SECTION, CONTAINER):
            yield from _walk(component.get("components", []))
        if accessory := component.get("accessory"):
            yield from _walk([accessory])


def _component_lines(message: Json, style: Style) -> list[str]:
    lines: list[str] = []
    number = 0
    for kind, component in _walk(message.get("components", [])):
        if kind == "text":
            lines += _wrap(_lines(component.get("content", ""), style), "", style)
        elif kind == "media":
            lines.append("" if component["type"] == SEPARATOR else "[media]")
        else:
            number += 1
            lines.append(f"[{number}] {component_label(component)}")
    if number and message.get("embeds"):
        lines.insert(0, "")
    return lines


def component_label(component: Json) -> str:
    """``🎬 Another pick (button)`` or ``Rate this from 1 to 10 (select): 10/10 · 9/10 …``."""
    if component["type"] == BUTTON:
        text = " ".join(filter(None, [_emoji(component), component.get("label")]))
        kind = f"link: {component.get('url')}" if component.get("style") == LINK_STYLE else "button"
        label = f"{text or 'button'} ({kind})"
    else:
        label = f"{component.get('placeholder') or 'Choose'} (select)"
        if component["type"] == STRING_SELECT:
            label += ": " + " · ".join(_select_option(o) for o in component.get("options", []))
        else:
            label += f": {SELECTS[component['type']]}"
    return label + (" [disabled]" if component.get("disabled") else "")


def _emoji(component: Json) -> str:
    emoji = component.get("emoji") or {}
    if emoji.get("id"):
        return f":{emoji.get('name')}:"
    return emoji.get("name") or ""


def _select_option(option: Json) -> str:
    text = " ".join(filter(None, [_emoji(option), option["label"]]))
    if option.get("description"):
        text += f" ({option['description']})"
    return text + (" *" if option.get("default") else "")
