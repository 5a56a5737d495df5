"""Turning the core's answers into Discord embeds that read well on a phone.

Everything a member sees is built here, so Discord's size limits are enforced in one place:
`common` holds the limits and the pieces, the other modules one kind of answer each. Every
function that words something takes the answer's Translator first (bot/i18n).
"""

from bot.core.series import SeriesQuotes
from bot.discord.render import choices as choices
from bot.discord.render import controls as controls
from bot.discord.render import notices as notices
from bot.discord.render.common import (
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    add_field,
    cooldown_embed,
    echo_input,
    new_embed,
    notice_embed,
    safe,
    suggestions_embed,
)
from bot.discord.render.lookups import (
    ambiguous_target_embed,
    lookup_problem_embed,
    unknown_target_embed,
)
from bot.discord.render.members import (
    forget_confirm_embed,
    forgotten_embed,
    member_quote,
    my_ratings_embed,
    nothing_held_embed,
    nothing_to_reset_embed,
    reset_confirm_embed,
    reviews_embed,
    scores_reset_embed,
    settings_embed,
)
from bot.discord.render.picks import (
    CoupleLines,
    couple_embed,
    help_embed,
    pick_embed,
    series_embed,
    trope_suggestion,
    tropes_embed,
)
from bot.discord.render.scores import (
    RankingRow,
    VersusSide,
    distribution_chart,
    ranking_embed,
    rate_refused_embed,
    rating_embed,
    sparkline,
    target_scores_embed,
    versus_embed,
)

__all__ = [
    "EMBED_TOTAL_LIMIT",
    "FIELD_VALUE_LIMIT",
    "CoupleLines",
    "RankingRow",
    "SeriesQuotes",
    "VersusSide",
    "add_field",
    "ambiguous_target_embed",
    "choices",
    "controls",
    "cooldown_embed",
    "couple_embed",
    "distribution_chart",
    "echo_input",
    "forget_confirm_embed",
    "forgotten_embed",
    "help_embed",
    "lookup_problem_embed",
    "member_quote",
    "my_ratings_embed",
    "new_embed",
    "nothing_held_embed",
    "nothing_to_reset_embed",
    "notice_embed",
    "notices",
    "pick_embed",
    "ranking_embed",
    "rate_refused_embed",
    "rating_embed",
    "reset_confirm_embed",
    "reviews_embed",
    "safe",
    "scores_reset_embed",
    "series_embed",
    "settings_embed",
    "sparkline",
    "suggestions_embed",
    "target_scores_embed",
    "trope_suggestion",
    "tropes_embed",
    "unknown_target_embed",
    "versus_embed",
]
