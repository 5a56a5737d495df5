"""Showing the bot's answers at the console: waiting for each as Discord's client would (longer
once the bot said it is thinking), then printing follow-ups and edits that come later."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.devtools.console.render import Style, interactive_components, render_message
from bot.devtools.loopback import Reply
from bot.devtools.loopback.interactions import (
    CALLBACK_DEFERRED_UPDATE,
    CALLBACK_MODAL,
    CALLBACK_THINKING,
    CALLBACK_UPDATE,
)

# A little past Discord's callback deadline: after that, no answer can come.
ANSWER_TIMEOUT = 5.0
THINKING_TIMEOUT = 60.0  # after "thinking…", an answer may take longer
_KEPT_REPLIES = 20  # the recent answers still watched for late follow-ups and edits


class AnswerDisplay:
    def __init__(self, say: Callable[[str], None], style: Style) -> None:
        self._say = say
        self.style = style
        self.last_with_components: dict[str, Any] | None = None  # what press/select act on
        self._shown: dict[str, int] = {}  # reply token -> messages already printed
        self._replies: list[Reply] = []

    async def show(self, reply: Reply) -> None:
        """Print the bot's answer to ``reply``, or why there is none to print."""
        try:
            callback = await reply.callback(ANSWER_TIMEOUT)
        except TimeoutError:
            self._say(f"No answer within {ANSWER_TIMEOUT:.0f} s: the bot didn't respond.\n")
            return
        kind = callback.get("type")
        if kind == CALLBACK_MODAL:
            title = (callback.get("data") or {}).get("title", "")
            self._say(f"The bot opened a form, “{title}”: the console can't fill in forms yet.\n")
            return
        if kind == CALLBACK_THINKING:
            self._say("(Twilight Bot is thinking…)")
        deferred = kind in (CALLBACK_THINKING, CALLBACK_DEFERRED_UPDATE)
        try:
            message = await reply.response(THINKING_TIMEOUT if deferred else ANSWER_TIMEOUT)
        except TimeoutError:
            self._say(
                "(acknowledged; nothing changed)\n" if kind == CALLBACK_DEFERRED_UPDATE else ""
            )
            return
        self._print(message, edited=kind in (CALLBACK_UPDATE, CALLBACK_DEFERRED_UPDATE))
        self._shown[reply.token] = len(reply.all_messages)
        self._replies = [*self._replies[1 - _KEPT_REPLIES :], reply]

    def show_late_messages(self) -> None:
        """Follow-ups and edits that came after an answer was printed (a slow bot's second
        message, a button's later edit)."""
        for reply in self._replies:
            shown = self._shown.get(reply.token, 0)
            for message in reply.all_messages[shown:]:
                self._print(message, edited=message.get("edited_timestamp") is not None)
            self._shown[reply.token] = len(reply.all_messages)

    def _print(self, message: dict[str, Any], *, edited: bool) -> None:
        text = render_message(message, self.style)
        self._say(f"(the message above was updated)\n{text}\n" if edited else f"{text}\n")
        if interactive_components(message):
            self.last_with_components = message
