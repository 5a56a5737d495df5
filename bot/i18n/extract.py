"""Extracts the sentences of the code into a template with Babel. The whole template, with the
slash commands' strings too, is written by `uv run python -m bot.devtools.messages`
(CONTRIBUTING.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from bot.i18n.catalogs import DOMAIN, LOCALES

ROOT = LOCALES.parents[2]
MAPPING = Path(__file__).resolve().parent / "babel.cfg"
# The Translator's methods and the table marker, with the arguments that are message ids.
KEYWORDS = ("say", "say_plural:1,2", "msgid", "pgettext:1c,2")


def extract_arguments(output: Path) -> list[str]:
    """`pybabel extract`'s arguments: run from the repository's root, written to `output`."""
    keywords = [part for keyword in KEYWORDS for part in ("-k", keyword)]
    return [
        "pybabel",
        "extract",
        "--no-default-keywords",
        *keywords,
        "-F",
        str(MAPPING),
        "--no-location",
        "--omit-header",  # its creation date would change the file on every run
        "--sort-output",
        "--add-comments=Translators:",
        "--project=twilight-bot",
        "-o",
        str(output),
        str(ROOT),
    ]


def extract(output: Path = LOCALES / f"{DOMAIN}.pot") -> None:
    CommandLineInterface().run(extract_arguments(output))


if __name__ == "__main__":
    extract(Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALES / f"{DOMAIN}.pot")
