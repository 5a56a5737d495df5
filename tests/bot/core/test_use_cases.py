"""The core's use cases: what each returns, refusals included, before anything is rendered."""

from __future__ import annotations

from bot.core import picks, privacy, rating
from bot.core.outcomes import CoolingDown, GoneFromCatalog, ReviewsOff, ServerAction, ServersOnly
from bot.core.reviews import REVIEWS_PER_PAGE, ReviewsShown, reviews_page
from bot.core.services import RateProblem, Services
from bot.domain.matching import TargetNotFound
from bot.domain.recommend import Pick

GUILD, MEMBER = 1, 10
REI_SHION, SERIES = "couple:rei-shion", "series:twilight-out-of-focus"


async def rate(services: Services, key: str, score: int = 8, user: int = MEMBER, **asked: object):
    request = rating.RateRequest(score, **asked)  # type: ignore[arg-type]
    return await rating.rate_target(services, GUILD, user, f"m{user}", key, request)


async def test_rating_outside_a_server_says_servers_only(services: Services) -> None:
    asked = rating.RateRequest(8)
    by_command = await rating.rate_named(services, None, MEMBER, "m", None, asked)
    by_menu = await rating.rate_target(services, None, MEMBER, "m", REI_SHION, asked)

    assert by_command == ServersOnly(ServerAction.RATE_COMMAND)
    assert by_menu == ServersOnly(ServerAction.RATING)


async def test_a_target_gone_from_the_catalog_is_refused_and_nothing_is_stored(
    services: Services,
) -> None:
    outcome = await rate(services, "couple:left-the-catalog")

    assert outcome == GoneFromCatalog()
    assert await services.store.user_ratings(GUILD, MEMBER) == {}


async def test_rate_names_the_target_and_its_score(services: Services) -> None:
    outcome = await rate(services, REI_SHION, 9)

    assert isinstance(outcome, rating.Scored)
    assert outcome.title == services.catalog.target_title(REI_SHION)
    assert outcome.outcome.change.score == 9


async def test_rate_without_a_target_rates_what_was_shown_last_else_the_series(
    services: Services,
) -> None:
    asked = rating.RateRequest(7)
    first = await rating.rate_named(services, GUILD, MEMBER, "m", "  ", asked)
    await picks.remember_shown(services, GUILD, MEMBER, REI_SHION)
    second = await rating.rate_named(services, GUILD, MEMBER, "m", None, asked)

    assert isinstance(first, rating.Scored)
    assert isinstance(second, rating.Scored)
    assert await services.store.user_ratings(GUILD, MEMBER) == {SERIES: 7, REI_SHION: 7}


async def test_an_unknown_target_is_the_matchers_answer(services: Services) -> None:
    outcome = await rating.rate_named(
        services, GUILD, MEMBER, "m", "zzzz qqqq", rating.RateRequest(8)
    )

    assert isinstance(outcome, TargetNotFound)


async def test_a_contradiction_is_refused_before_the_cooldown_counts(services: Services) -> None:
    await services.store.set_cooldown(GUILD, "rate", 60)

    refused = await rate(services, REI_SHION, review="words", remove_review=True)
    first = await rate(services, REI_SHION)
    second = await rate(services, REI_SHION)

    assert refused == rating.Refused(
        services.catalog.target_title(REI_SHION) or "", RateProblem.REVIEW_AND_REMOVE
    )
    assert isinstance(first, rating.Scored)
    assert isinstance(second, CoolingDown)
    assert 0 < second.retry_after <= 60


async def test_a_cooldown_is_per_member(services: Services) -> None:
    await services.store.set_cooldown(GUILD, "rate", 60)

    await rate(services, REI_SHION, user=1)
    other = await rate(services, REI_SHION, user=2)

    assert isinstance(other, rating.Scored)


async def test_recommend_cools_down_after_a_pick(services: Services) -> None:
    await services.store.set_cooldown(GUILD, "recommend", 30)

    first = await picks.recommend(services, GUILD, MEMBER, None)
    second = await picks.recommend(services, GUILD, MEMBER, None)

    assert isinstance(first, Pick)
    assert isinstance(second, CoolingDown)


async def test_an_unknown_trope_comes_back_with_the_closest(services: Services) -> None:
    unknown = await picks.recommend(services, GUILD, MEMBER, "qqqqqqqq")
    assert isinstance(unknown, picks.UnknownTrope)
    assert unknown.text == "qqqqqqqq"


async def test_a_couple_shown_in_a_dm_has_no_server_parts(services: Services) -> None:
    couple = services.catalog.couples["rei-shion"]
    await rate(services, REI_SHION)
    await services.rate(GUILD, 2, "m2", REI_SHION, 6, review="Sweet")

    in_dm = await picks.show_couple(services, None, MEMBER, couple)
    in_server = await picks.show_couple(services, GUILD, MEMBER, couple)

    assert (in_dm.in_guild, in_dm.members, in_dm.lines.standing.tally.count) == (False, (), 0)
    assert in_server.in_guild
    assert [review.text for review in in_server.members] == ["Sweet"]
    assert in_server.lines.standing.tally.count == 2
    assert await services.store.last_shown(GUILD, MEMBER) == REI_SHION


async def test_another_pick_refuses_outside_a_server_and_a_gone_couple(
    services: Services,
) -> None:
    assert await picks.another_pick(services, None, MEMBER, "rei-shion", None) == ServersOnly(
        ServerAction.PICKING
    )
    assert await picks.another_pick(services, GUILD, MEMBER, "gone", None) == GoneFromCatalog()


async def add_reviews(services: Services, count: int) -> None:
    for user in range(1, count + 1):
        await services.rate(GUILD, user, f"m{user}", REI_SHION, 5, review=f"review {user}")


async def test_a_page_past_the_end_is_the_last_page(services: Services) -> None:
    await add_reviews(services, REVIEWS_PER_PAGE + 2)

    outcome = await reviews_page(services, GUILD, REI_SHION, "newest", 10 * REVIEWS_PER_PAGE)

    assert isinstance(outcome, ReviewsShown)
    assert outcome.page.offset == REVIEWS_PER_PAGE
    assert len(outcome.page.items) == 2


async def test_a_negative_offset_is_the_first_page(services: Services) -> None:
    await add_reviews(services, 2)

    outcome = await reviews_page(services, GUILD, REI_SHION, "newest", -3)

    assert isinstance(outcome, ReviewsShown)
    assert (outcome.page.offset, outcome.page.total, outcome.per_page) == (0, 2, REVIEWS_PER_PAGE)


async def test_reviews_refusals(services: Services) -> None:
    assert await reviews_page(services, None, REI_SHION, "newest", 0) == ServersOnly(
        ServerAction.READING_REVIEWS
    )
    assert await reviews_page(services, GUILD, "couple:gone", "newest", 0) == GoneFromCatalog()
    await services.store.set_reviews_enabled(GUILD, False)
    assert await reviews_page(services, GUILD, REI_SHION, "newest", 0) == ReviewsOff()


async def test_scores_without_a_target_is_the_ranking(services: Services) -> None:
    await rate(services, REI_SHION, 9)

    ranking = await rating.scores(services, GUILD, None)
    one = await rating.scores(services, GUILD, "Rei & Shion")

    assert isinstance(ranking, rating.Ranking)
    assert ranking.couples[0].key == REI_SHION
    assert isinstance(one, rating.TargetScores)
    assert (one.key, one.summary.count) == (REI_SHION, 1)
    assert await rating.scores(services, None, None) == ServersOnly(ServerAction.SCORES_COMMAND)


async def test_versus_refuses_the_same_couple_twice(services: Services) -> None:
    same = await picks.versus(services, GUILD, "Rei & Shion", "Shion & Rei")
    both = await picks.versus(services, GUILD, "Rei & Shion", "Jin & Giichi")

    assert isinstance(same, picks.SameTwice)
    assert isinstance(both, picks.Versus)
    assert {both.left.couple.id, both.right.couple.id} == {"rei-shion", "jin-giichi"}


async def test_forget_me_only_for_its_owner_and_only_when_confirmed(services: Services) -> None:
    await rate(services, REI_SHION)

    held = await privacy.held_about(services, GUILD, MEMBER)
    stranger = await privacy.forget(services, GUILD, 99, MEMBER, confirm=True)
    kept = await privacy.forget(services, GUILD, MEMBER, MEMBER, confirm=False)
    gone = await privacy.forget(services, GUILD, MEMBER, MEMBER, confirm=True)
    again = await privacy.held_about(services, GUILD, MEMBER)

    assert isinstance(held, privacy.HeldAbout)
    assert held.counts["ratings"] == 1
    assert (stranger, kept) == (privacy.NotYours(), privacy.KeptData())
    assert isinstance(gone, privacy.Forgotten)
    assert gone.counts["ratings"] == 1
    assert again == privacy.NothingHeld()
    assert await privacy.held_about(services, None, MEMBER) == ServersOnly(
        ServerAction.FORGET_ME_COMMAND
    )


async def test_my_ratings_lists_the_members_rows(services: Services) -> None:
    await rate(services, REI_SHION, 4)

    mine = await privacy.my_ratings(services, GUILD, MEMBER)

    assert isinstance(mine, privacy.MemberRatings)
    assert [(row.target, row.score) for row in mine.rows] == [(REI_SHION, 4)]
