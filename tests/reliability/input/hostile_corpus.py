"""Hostile input, built from families so each can be read, counted and extended on its own.

``STRINGS`` is every (family, text) pair sent through string options and autocomplete;
``NUMBERS`` every (family, value) pair sent through integer and number options, typed or not, as
a modified client could send them. Nothing here is random: a failure names its case.
"""

from __future__ import annotations

from typing import Any

USER_ID = "123456789012345678"
ROLE_ID = "223456789012345678"
CHANNEL_ID = "323456789012345678"
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
BIDI = ("\u202e", "\u2067", "\u202d", "\u2066", "\u2068", "\u2069", "\u200f", "\u061c")
FILLERS = ("\u3164", "\u115f", "\u1160", "\u2800", "\uffa0")

_SQL = [
    "'; DROP TABLE ratings; --",
    '" OR 1=1',
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DELETE FROM ratings",
    "Rei'; UPDATE ratings SET score = 10; --",
    "'); DROP TABLE reviews; --",
    "' UNION SELECT user_id, target, score FROM ratings --",
    "Robert'); DROP TABLE members;--",
    "%' OR target LIKE '%",
    "couple:rei-shion' --",
    "series:twilight-out-of-focus\"; ATTACH DATABASE '/tmp/x.db' AS x; --",
    "1' AND sqlite_version() > '0",
    "'; PRAGMA writable_schema = 1; --",
    "\\'; DROP TABLE cooldowns; --",
    "?",
    "?1 ?2 :name @name $name",
    "NULL",
    "' || (SELECT group_concat(text) FROM reviews) || '",
    "0x27 OR 0x31=0x31",
]

_MENTIONS = [
    "@everyone",
    "@here",
    "@everyone watch this",
    "hey @here look",
    f"<@{USER_ID}>",
    f"<@!{USER_ID}>",
    f"<@&{ROLE_ID}>",
    f"<#{CHANNEL_ID}>",
    "</rate:1>",
    "</admin reset-scores:1234567890>",
    f"Rei <@{USER_ID}> Shion",
    f"<@{USER_ID}> & <@&{ROLE_ID}>",
    "@@everyone",
    "@everyone@here",
    "<@everyone>",
    "`@everyone`",
    "**@here**",
    "||@everyone||",
    "@\u200beveryone",
    "＠everyone",
    "@ everyone",
    f"<@{USER_ID}",
    f"<@!{USER_ID}><@!{USER_ID}><@!{USER_ID}>",
    f"<@&{ROLE_ID}> please",
    f"go to <#{CHANNEL_ID}> now",
    "<t:0:R>",
    "<:emoji:123456789012345678>",
    "@Rei & Shion",
    "@here " * 50,
    f"<@{USER_ID}> " * 100,
]

_MARKDOWN = [
    "```",
    "```py\nprint('hi')\n```",
    "``` unclosed",
    "||",
    "||spoiler",
    "**",
    "**bold",
    "__underline",
    "~~strike",
    "*",
    "_",
    "`",
    "> quote",
    ">>> everything after",
    "# Heading",
    "## Heading",
    "-# subtext",
    "- list item",
    "1. numbered",
    "[link](http://x)",
    "[Rei & Shion](https://evil.example/phish)",
    "<https://evil.example>",
    "https://discord.gg/invite",
    "\\",
    "\\*\\*",
    "***__~~||`x`||~~__***",
    "```\n@everyone\n```",
    "# @everyone",
    "> <@" + USER_ID + ">",
    "[@everyone](http://x)",
]

_ZERO_WIDTH = [
    *ZERO_WIDTH,
    *(f"Rei{zw}Shion" for zw in ZERO_WIDTH),
    *(f"{zw}Rei & Shion{zw}" for zw in ZERO_WIDTH),
    "".join(ZERO_WIDTH),
    "\u200b" * 300,
    "E\u200bn\u200be\u200bm\u200bi\u200be\u200bs to lovers",
    "@\u2060here",
    "<\u200b@" + USER_ID + ">",
]

_BIDI = [
    *BIDI,
    *(f"{mark}Rei & Shion" for mark in BIDI),
    "\u202eevol ot seimene",
    "abc\u202edef\u202cghi",
    "\u2067@everyone\u2069",
    "\u202e<@" + USER_ID + ">",
    "\u202e" * 100,
]

_COMBINING = [
    "Z̴̡̧̛̖̜̳̣̰̩̞̤̗̲̬̦͈̙̑̎̎̂͂̓̒̅̏͌͘a̸l̷g̶o̷",
    "R" + "\u0301" * 100 + "ei",
    "e" + "\u0300\u0301\u0302\u0303\u0304" * 40,
    "\u0336" * 50,
    "Re\u0308i & Shi\u0308on",
    "\u0301Rei",
    "@\u0301everyone",
    "a" + "\u20dd" * 30,
    "ก" + "\u0e49" * 60,
    "Rei" + "\u0489" * 20,
]

_EMOJI = [
    "👨‍👩‍👧‍👦",
    "👨‍❤️‍💋‍👨",
    "🏳️‍🌈",
    "🏳️‍⚧️",
    "🇯🇵",
    "🇯🇵🇰🇷🇹🇭",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "👩🏽‍💻",
    "❤️‍🔥",
    "‍👨",
    "🇯",
    "🎬" * 200,
    "👨‍👩‍👧‍👦" * 100,
    "Rei 💕 Shion",
    "#️⃣",
]

_FULLWIDTH_AND_FILLERS = [
    "Ｒｅｉ ＆ Ｓｈｉｏｎ",
    "ｅｎｅｍｉｅｓ ｔｏ ｌｏｖｅｒｓ",
    "＇； ＤＲＯＰ ＴＡＢＬＥ ｒａｔｉｎｇｓ；",
    *FILLERS,
    *(filler * 20 for filler in FILLERS),
    "\u3164Rei\u3164",
    "\u3000",
    "\u3000\u3000Rei\u3000",
    "ℝ𝕖𝕚",
    "𝐑𝐞𝐢 & 𝐒𝐡𝐢𝐨𝐧",
    "Ｒｅｉ",
]

_CONTROL = [
    "\x00",
    "Rei\x00Shion",
    "\x00" * 50,
    "\x07\x08\x1b[31mred",
    "\x1b[2J",
    "line one\nline two",
    "\r\n\r\n",
    "tab\there",
    "\x0b\x0c",
    "\x7f",
    "\x85next line",
    "\u2028separator\u2029",
    "\ud7ff\ue000",
    "\ufffd\ufffe",
    "\U0010ffff",
    "".join(chr(c) for c in range(32)),
]

_WHITESPACE = ["", " ", "   ", "\t", "\n", " \u00a0 ", "\u2003\u2009\u200a"]

_LONG = [
    "a" * 6000,
    "Rei " * 1500,
    "@everyone " * 600,
    "Ｒ" * 6000,
    "é" * 6000,
    "🎬" * 3000,
    "x" * 4097,
    "y" * 281,
    "z" * 100,
    "supercalifragilistic" * 50,
    ("Rei&Shion" * 12)[:101],
    "https://" + "a" * 5990,
    "\u200b".join("abcdefgh" * 700)[:6000],
]

_CATALOG_LOOKALIKES = [
    "couple:nobody",
    "series:",
    "couple:",
    "series:twilight-out-of-focus:extra",
    "COUPLE:REI-SHION",
    "couple:rei-shion\x00",
    "couple:../../etc/passwd",
    "Rei & Rei",
    "Rei & Shion & Jin & Giichi",
    "Rei|Shion",
    "Twilight' OR '1'='1",
    "enemies to lovers'; --",
]

_MISC = [
    "{0}",
    "{name!r}",
    "%s%s%s%n",
    "${jndi:ldap://x/a}",
    "{{7*7}}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    '{"score": 10}',
    "[]",
    "None",
    "undefined",
    "true",
    "-1",
    "1e309",
    "NaN",
]

STRING_FAMILIES: dict[str, list[str]] = {
    "sql": _SQL,
    "mentions": _MENTIONS,
    "markdown": _MARKDOWN,
    "zero-width": _ZERO_WIDTH,
    "right-to-left": _BIDI,
    "combining": _COMBINING,
    "emoji": _EMOJI,
    "fullwidth-filler": _FULLWIDTH_AND_FILLERS,
    "control": _CONTROL,
    "whitespace": _WHITESPACE,
    "long": _LONG,
    "catalog-lookalike": _CATALOG_LOOKALIKES,
    "misc": _MISC,
}

STRINGS: list[tuple[str, str]] = [
    (family, text) for family, texts in STRING_FAMILIES.items() for text in texts
]

# Out of range, of the wrong type, and two in range (1 and 10) that must still be accepted.
NUMBER_FAMILIES: dict[str, list[Any]] = {
    "in-range": [1, 10],
    "out-of-range": [0, 11, -3, -1, 3601, 2**63, 2**63 - 1, -(2**63), 2**64, 10**30],
    "wrong-type": [5.5, 10.0, 1e-9, "5", "abc", "", True, False, None, [5], {"value": 5}],
}

NUMBERS: list[tuple[str, Any]] = [
    (family, value) for family, values in NUMBER_FAMILIES.items() for value in values
]


def family_counts() -> dict[str, int]:
    counts = {family: len(texts) for family, texts in STRING_FAMILIES.items()}
    counts.update({f"number:{f}": len(v) for f, v in NUMBER_FAMILIES.items()})
    return counts
