"""/admin's and /series' use cases: what each returns, refusals included."""

from __future__ import annotations

from bot.core import admin, rating
from bot.core.series import SeriesShown, WhichSeries, show_series
from bot.core.services import Services
from bot.domain.cooldowns import MAX_COOLDOWN_SECONDS
from bot.domain.matching import TargetNotFound

GUILD, MEMBER, ADMIN = 1, 10, 20
REI_SHION = "couple:rei-shion"


async def rated(services: Services, user: int, review: str | None = None) -> None:
    asked = rating.RateRequest(8, review)
    await rating.rate_target(services, GUILD, user, f"m{user}", REI_SHION, asked)


async def test_removing_a_review_says_whether_there_was_one(services: Services) -> None:
    await rated(services, MEMBER, "Chalk and cheese")

    first = await admin.remove_review(services, GUILD, MEMBER, "Rei & Shion")
    again = await admin.remove_review(services, GUILD, MEMBER, "Rei & Shion")
    unknown = await admin.remove_review(services, GUILD, MEMBER, "zzzz qqqq")

    assert first == admin.ReviewRemoval("Rei & Shion", removed=True)
    assert again == admin.ReviewRemoval("Rei & Shion", removed=False)
    assert isinstance(unknown, TargetNotFound)
    assert await services.store.user_ratings(GUILD, MEMBER) == {REI_SHION: 8}  # the score stays


async def test_a_reset_is_confirmed_only_when_there_are_scores(services: Services) -> None:
    nothing = await admin.ask_reset(services, GUILD, "Rei & Shion")
    await rated(services, MEMBER)
    await rated(services, MEMBER + 1)

    asked = await admin.ask_reset(services, GUILD, "Rei & Shion")

    assert nothing == admin.NothingToReset("Rei & Shion")
    assert asked == admin.ConfirmReset(REI_SHION, "Rei & Shion", 2)


async def test_only_the_admin_who_asked_can_confirm_a_reset(services: Services) -> None:
    await rated(services, MEMBER)

    async def press(*, by: int, is_admin: bool = True, confirm: bool = True) -> object:
        return await admin.press_reset(
            services,
            GUILD,
            REI_SHION,
            confirm=confirm,
            pressed_by_admin=is_admin,
            presser_id=by,
            admin_id=ADMIN,
        )

    assert await press(by=MEMBER) == admin.AdminsOnly()
    assert await press(by=ADMIN, is_admin=False) == admin.AdminsOnly()  # lost the permission
    assert await press(by=ADMIN, confirm=False) == admin.ResetCancelled()
    assert await services.store.user_ratings(GUILD, MEMBER) == {REI_SHION: 8}
    assert await press(by=ADMIN) == admin.ScoresReset("Rei & Shion", 1)
    assert await services.store.user_ratings(GUILD, MEMBER) == {}


async def test_a_cooldown_out_of_range_or_not_a_whole_number_changes_nothing(
    services: Services,
) -> None:
    for command, seconds in (
        ("rate", -1),
        ("rate", MAX_COOLDOWN_SECONDS + 1),
        ("rate", 2.5),
        ("rate", True),
        ("scores", 10),
    ):
        outcome = await admin.set_cooldown(services, GUILD, command, seconds)
        assert outcome == admin.NotACooldown(MAX_COOLDOWN_SECONDS), (command, seconds)
    assert (await admin.show_settings(services, GUILD)).settings.cooldowns == {}

    saved = await admin.set_cooldown(services, GUILD, "rate", 30)

    assert isinstance(saved, admin.SettingsShown)
    assert saved.saved
    assert saved.settings.cooldowns == {"rate": 30}


async def test_turning_reviews_off_is_saved(services: Services) -> None:
    shown = await admin.set_reviews(services, GUILD, False)

    assert shown.saved
    assert not shown.settings.reviews_enabled
    assert not (await admin.show_settings(services, GUILD)).settings.reviews_enabled


async def test_the_series_has_the_server_votes_only_in_a_server(services: Services) -> None:
    await rating.rate_target(
        services, GUILD, MEMBER, "m", "series:twilight-out-of-focus", rating.RateRequest(6)
    )

    in_guild = await show_series(services, GUILD, None)
    in_dm = await show_series(services, None, "Rei")

    assert isinstance(in_guild, SeriesShown)
    assert isinstance(in_dm, SeriesShown)  # a couple's name means its series
    assert (in_guild.standing.count, in_guild.standing.total) == (1, 6)
    assert in_dm.standing is None
    verdict = set(in_guild.quotes.verdict)
    assert verdict.isdisjoint(in_guild.quotes.praise + in_guild.quotes.reservations)


async def test_a_series_name_that_fits_none_lists_them(services: Services) -> None:
    outcome = await show_series(services, GUILD, "zzzz qqqq")

    assert outcome == WhichSeries(("Twilight Out of Focus",), "zzzz qqqq")
