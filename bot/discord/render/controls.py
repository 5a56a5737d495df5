"""The words on components: buttons' and menus' labels, placeholders and options."""

from __future__ import annotations

from bot.i18n import Translator, msgid

SCORE_NOTES = {10: msgid("Loved it"), 5: msgid("The reviewer's score"), 1: msgid("Not for me")}


def score_label(tr: Translator, score: int) -> str:
    return tr.say("{score}/10", score=score)


def score_note(tr: Translator, score: int) -> str | None:
    note = SCORE_NOTES.get(score)
    return None if note is None else tr.say(note)


def rate_placeholder(tr: Translator) -> str:
    return tr.say("Rate this from 1 to 10")


def another_pick_label(tr: Translator) -> str:
    return tr.say("Another pick")


def pager_labels(tr: Translator, order: str) -> tuple[str, str]:
    """The buttons to the page before and the page after, as the order runs."""
    if order == "newest":
        return tr.say("◀ Newer"), tr.say("Older ▶")
    return tr.say("◀ Higher"), tr.say("Lower ▶")


def forget_label(tr: Translator, *, confirm: bool) -> str:
    return tr.say("Delete my data") if confirm else tr.say("Keep it")


def reset_label(tr: Translator, *, confirm: bool) -> str:
    return tr.say("Reset the scores") if confirm else tr.say("Cancel")
