"""Persistent components: the rating select and "another pick" button under answers, and the
review pager. Answers name them as controls (cogs._reply); `answer` builds them when it sends.
Their state lives in namespaced custom_ids, so they keep working after a restart (registered
with the bot in each extension's setup)."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable
from typing import Any

import discord

from bot.discord import watch
from bot.discord.render import controls as labels
from bot.discord.tree import explain_failure
from bot.discord.words import learn_server_language, words_for
from bot.domain.catalog import TARGET_KEY_PATTERN
from bot.i18n import Translator
from bot.store import ReviewPage
from cogs import _answers
from cogs._reply import Controls, PickControls, Reply, respond, services_of

CUSTOM_ID_LIMIT = 100  # Discord's limit on a custom_id
_KEY = TARGET_KEY_PATTERN


def fits(custom_id: str) -> bool:
    return len(custom_id) <= CUSTOM_ID_LIMIT


async def answer(
    interaction: discord.Interaction, work: Awaitable[Reply], *, ephemeral: bool = False
) -> None:
    """Sends what `work` produces (see cogs._reply.respond), its controls built here, worded
    in the answer's language (the server's, for a public answer, where it chose one)."""

    async def worded() -> Reply:
        # Inside the work, so that the deferral's timer covers the lookup too.
        await learn_server_language(interaction, services_of(interaction).store)
        return await work

    def controls_view(controls: Controls) -> discord.ui.View | None:
        return view_of(words_for(interaction, public=not ephemeral), controls)

    await respond(interaction, worded(), ephemeral=ephemeral, view_of=controls_view)


def view_of(tr: Translator, controls: Controls) -> discord.ui.View | None:
    if isinstance(controls, PickControls):
        return answer_view(tr, controls.key, controls.couple_id, controls.trope_id)
    return reviews_view(
        tr, controls.key, controls.order, controls.page, controls.per_page, controls.owner
    )


async def guarded(
    interaction: discord.Interaction, work: Awaitable[Reply], ephemeral: bool
) -> None:
    """Runs a component's answer; failures get the same friendly words as commands get."""
    custom_id = str(interaction.data.get("custom_id", "")) if interaction.data else ""
    watch.begin(interaction, component_name(custom_id))
    try:
        await answer(interaction, work, ephemeral=ephemeral)
    except Exception as error:
        await explain_failure(interaction, error, f"Component {custom_id or '?'}")
    watch.completed(interaction)


_KIND = re.compile(r"toof:([a-z]{1,20}):")


def component_name(custom_id: str) -> str:
    """A component as the metrics and the log name it: by its kind ("component:rate"), the
    fixed word that starts each persistent item's template, never the ids after it."""
    kind = _KIND.match(custom_id)
    return f"component:{kind[1]}" if kind else f"component:{watch.UNKNOWN}"


class RateSelect(discord.ui.DynamicItem[discord.ui.Select], template=rf"toof:rate:(?P<key>{_KEY})"):
    def __init__(self, tr: Translator, key: str) -> None:
        options = [
            discord.SelectOption(
                label=labels.score_label(tr, score),
                value=str(score),
                description=labels.score_note(tr, score),
            )
            for score in range(10, 0, -1)
        ]
        placeholder = labels.rate_placeholder(tr)
        super().__init__(
            discord.ui.Select(
                custom_id=f"toof:rate:{key}", placeholder=placeholder, options=options
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str], /
    ) -> RateSelect:
        return cls(words_for(interaction), match["key"])

    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        score: object = int(values[0]) if values and values[0].isdigit() else None
        work = _answers.rate_answer(services_of(interaction), interaction, self.key, score)  # type: ignore[arg-type]
        await guarded(interaction, work, ephemeral=True)


class AnotherPick(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"toof:again:(?P<couple>[a-z0-9-]+)(?::(?P<trope>[a-z0-9-]+))?",
):
    def __init__(self, tr: Translator, couple_id: str, trope_id: str | None = None) -> None:
        custom_id = f"toof:again:{couple_id}" + (f":{trope_id}" if trope_id else "")
        super().__init__(
            discord.ui.Button(
                label=labels.another_pick_label(tr),
                emoji="🎬",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id,
            )
        )
        self.couple_id, self.trope_id = couple_id, trope_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> AnotherPick:
        return cls(words_for(interaction), match["couple"], match["trope"])

    async def callback(self, interaction: discord.Interaction) -> None:
        work = _answers.another_pick(
            services_of(interaction), interaction, self.couple_id, self.trope_id
        )
        await guarded(interaction, work, ephemeral=True)


class ReviewsPager(
    discord.ui.DynamicItem[discord.ui.Button],
    template=rf"toof:reviews:(?P<key>{_KEY}):(?P<order>newest|highest):(?P<offset>[0-9]{{1,6}}):(?P<owner>[0-9]{{1,20}})",
):
    def __init__(
        self, key: str, order: str, offset: int, owner: int, *, label: str, disabled: bool = False
    ) -> None:
        custom_id = f"toof:reviews:{key}:{order}:{offset}:{owner}"
        super().__init__(discord.ui.Button(label=label, custom_id=custom_id, disabled=disabled))
        self.key, self.order, self.offset, self.owner = key, order, offset, owner

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ReviewsPager:
        return cls(
            match["key"],
            match["order"],
            int(match["offset"]),
            int(match["owner"]),
            label=item.label or "",
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        # Whoever asked pages their own message; anyone else gets a private copy to page.
        own = interaction.user.id == self.owner
        work = _answers.reviews_answer(
            services_of(interaction),
            interaction,
            self.key,
            self.order,
            self.offset,
            edit=own,
            ephemeral=not own,
        )
        await guarded(interaction, work, ephemeral=not own)


class BuiltView(discord.ui.View):
    """A view whose components were built before: it sends them as they are. Its items are
    dynamic (each extension registers them), so a press finds its item by custom_id whichever
    view sent it, and the view itself needs no items to dispatch to."""

    def __init__(self, components: tuple[dict[str, Any], ...]) -> None:
        super().__init__(timeout=None)
        self._components = components

    def to_components(self) -> list[dict[str, Any]]:
        return list(self._components)


def answer_view(
    tr: Translator, key: str, couple_id: str, trope_id: str | None = None
) -> discord.ui.View:
    """Under a couple or a pick: rate it, or ask for another. Who asked changes nothing in
    them, so each language's are built once per couple (and trope), not with every answer."""
    return BuiltView(_answer_components(tr, key, couple_id, trope_id))


@functools.lru_cache(maxsize=1024)  # languages × couples × tropes: far fewer in any catalog
def _answer_components(
    tr: Translator, key: str, couple_id: str, trope_id: str | None
) -> tuple[dict[str, Any], ...]:
    return tuple(fresh_answer_view(tr, key, couple_id, trope_id).to_components())


def fresh_answer_view(
    tr: Translator, key: str, couple_id: str, trope_id: str | None = None
) -> discord.ui.View:
    """answer_view's items, built now."""
    view = discord.ui.View(timeout=None)
    if fits(f"toof:rate:{key}"):
        view.add_item(RateSelect(tr, key))
    again = AnotherPick(tr, couple_id, trope_id)
    if fits(again.custom_id):
        view.add_item(again)
    return view


def reviews_view(
    tr: Translator, key: str, order: str, page: ReviewPage, per_page: int, owner: int
) -> discord.ui.View | None:
    if page.total <= per_page:
        return None
    view = discord.ui.View(timeout=None)
    newer, older = labels.pager_labels(tr, order)
    back, forward = max(page.offset - per_page, 0), page.offset + per_page
    view.add_item(
        ReviewsPager(
            key,
            order,
            back,
            owner,
            label=newer,
            disabled=page.offset == 0,
        )
    )
    view.add_item(
        ReviewsPager(
            key,
            order,
            forward,
            owner,
            label=older,
            disabled=forward >= page.total,
        )
    )
    return view


def choice_button(custom_id: str, label: str, *, confirm: bool) -> discord.ui.Button:
    """One of the two buttons of a two-step action: the (red) confirm, or the grey cancel."""
    style = discord.ButtonStyle.danger if confirm else discord.ButtonStyle.secondary
    return discord.ui.Button(label=label, style=style, custom_id=custom_id)
