"""The private notices: a refusal or a small confirmation, worded for the core's typed outcomes."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.outcomes import ServerAction
from bot.discord.render.common import echo_input, notice_embed, safe, suggestions_embed
from bot.i18n import Translator, msgid

# What was asked outside a server, as the refusal names it.
SERVER_ACTIONS = {
    ServerAction.RATE_COMMAND: msgid(
        "Scores and reviews belong to a server's members, so `/rate` works in servers only. "
        "Try it in a server we share!"
    ),
    ServerAction.SCORES_COMMAND: msgid(
        "Scores and reviews belong to a server's members, so `/scores` works in servers only. "
        "Try it in a server we share!"
    ),
    ServerAction.MYRATINGS_COMMAND: msgid(
        "Scores and reviews belong to a server's members, so `/myratings` works in servers "
        "only. Try it in a server we share!"
    ),
    ServerAction.FORGET_ME_COMMAND: msgid(
        "Scores and reviews belong to a server's members, so `/forget-me` works in servers "
        "only. Try it in a server we share!"
    ),
    ServerAction.RATING: msgid(
        "Scores and reviews belong to a server's members, so rating works in servers only. "
        "Try it in a server we share!"
    ),
    ServerAction.PICKING: msgid(
        "Scores and reviews belong to a server's members, so picking from an answer works in "
        "servers only. Try it in a server we share!"
    ),
    ServerAction.READING_REVIEWS: msgid(
        "Scores and reviews belong to a server's members, so reading reviews works in servers "
        "only. Try it in a server we share!"
    ),
}


def servers_only_embed(tr: Translator, action: ServerAction) -> discord.Embed:
    return notice_embed(tr.say("Servers only"), tr.say(SERVER_ACTIONS[action]))


def gone_from_catalog_embed(tr: Translator) -> discord.Embed:
    text = tr.say(
        "That's no longer in the catalog, so it can't be rated. Try `/couple` or `/recommend`."
    )
    return notice_embed(tr.say("Not available any more"), text)


def reviews_off_embed(tr: Translator) -> discord.Embed:
    text = tr.say("A server admin has turned member reviews off here.")
    return notice_embed(tr.say("Reviews are off"), text)


def no_other_pick_embed(tr: Translator) -> discord.Embed:
    text = tr.say("That's the only couple the catalog has. Try `/tropes` or `/series`.")
    return notice_embed(tr.say("No other pick"), text)


def same_twice_embed(tr: Translator, title: str) -> discord.Embed:
    text = tr.say(
        "You named {couple} twice. Pick two different couples to compare.", couple=safe(title)
    )
    return notice_embed(tr.say("Pick two couples"), text)


def nothing_to_recommend_embed(tr: Translator) -> discord.Embed:
    text = tr.say(
        "The catalog has no couple for that yet. A server admin can add one in data/series/."
    )
    return suggestions_embed(tr.say("Nothing to recommend yet"), text, [])


def unknown_trope_embed(tr: Translator, typed: str, lines: Sequence[str]) -> discord.Embed:
    intro = tr.say(
        "I don't know the trope “{typed}” yet. The closest ones I know (try `/recommend` with "
        "one, or see `/tropes`):",
        typed=echo_input(typed),
    )
    return suggestions_embed(tr.say("Did you mean…"), intro, lines)


def pick_a_series_embed(
    tr: Translator, titles: Sequence[str], typed: str | None = None
) -> discord.Embed:
    """Which series: none was named and there are several, or the name fits none (`typed`)."""
    if typed is None:
        intro = tr.say("The catalog has several series. Name one with `/series`:")
    else:
        intro = tr.say(
            "I couldn't find a series called “{typed}”. The series I know:",
            typed=echo_input(typed),
        )
    lines = [f"*{safe(title)}*" for title in titles]
    return suggestions_embed(tr.say("Which series?"), intro, lines)


def candidate_name(tr: Translator, title: str, *, series: str | None, is_series: bool) -> str:
    """A target as named among others it could be confused with."""
    if is_series:
        return tr.say("{title} (the series)", title=title)
    if series is not None:
        return tr.say("{title} ({series})", title=title, series=series)
    return title


def which_format_embed(tr: Translator) -> discord.Embed:
    text = tr.say("Pick the file's format from the list: json or csv.")
    return notice_embed(tr.say("Which format?"), text)


def which_order_embed(tr: Translator) -> discord.Embed:
    text = tr.say("Pick the order from the list: newest or highest.")
    return notice_embed(tr.say("Which order?"), text)


def not_yours_embed(tr: Translator) -> discord.Embed:
    text = tr.say("Only the member who asked can confirm. Use `/forget-me` for your own data.")
    return notice_embed(tr.say("Not yours"), text)


def nothing_deleted_embed(tr: Translator) -> discord.Embed:
    return notice_embed(tr.say("Nothing deleted"), tr.say("Your scores and reviews stay."))


def admins_only_embed(tr: Translator) -> discord.Embed:
    text = tr.say("You need the Manage Server permission for that.")
    return notice_embed(tr.say("Admins only"), text)


def reset_cancelled_embed(tr: Translator) -> discord.Embed:
    return notice_embed(tr.say("Cancelled"), tr.say("No scores were changed."))


def which_member_embed(tr: Translator) -> discord.Embed:
    text = tr.say("I couldn't tell which member you meant. Please pick them from the list.")
    return notice_embed(tr.say("Which member?"), text)


def review_removed_embed(tr: Translator, name: str, title: str, *, removed: bool) -> discord.Embed:
    """An admin's /admin remove-review: `name` is the member's, made inert by the caller."""
    if not removed:
        text = tr.say("{member} has no review of {title} here.", member=name, title=title)
        return notice_embed(tr.say("No review"), text)
    text = tr.say(
        "Removed {member}'s review of {title}; their score stays.", member=name, title=title
    )
    return notice_embed(tr.say("Review removed"), text)


def not_a_cooldown_embed(tr: Translator, most: int) -> discord.Embed:
    text = tr.say("Pick rate or recommend, and 0 to {most} seconds.", most=most)
    return notice_embed(tr.say("Not a cooldown"), text)


def not_a_language_embed(tr: Translator) -> discord.Embed:
    text = tr.say("Pick one of the languages in the list, or each member's own.")
    return notice_embed(tr.say("Not a language I speak"), text)


def saved_note(tr: Translator) -> str:
    return tr.say("Saved.")
