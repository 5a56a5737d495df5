"""Server settings: member reviews on or off, and per-command cooldowns, set by server admins."""

from __future__ import annotations

import pytest
from store_keys import GUILD, OTHER_GUILD

from bot.store import (
    MAX_COOLDOWN_SECONDS,
    CoreStore,
    GuildSettings,
    InvalidCommandName,
    InvalidCooldown,
    InvalidLanguage,
    InvalidSetting,
    StoreError,
    open_store,
)


async def test_a_server_nobody_configured_has_the_defaults(store: CoreStore) -> None:
    settings = await store.guild_settings(GUILD)

    assert settings == GuildSettings(reviews_enabled=True, cooldowns={})


async def test_reviews_can_be_turned_off_and_on_again(store: CoreStore) -> None:
    off = await store.set_reviews_enabled(GUILD, enabled=False)
    still_off = await store.guild_settings(GUILD)
    on = await store.set_reviews_enabled(GUILD, enabled=True)

    assert (off.reviews_enabled, still_off.reviews_enabled, on.reviews_enabled) == (
        False,
        False,
        True,
    )


async def test_cooldowns_are_set_replaced_and_turned_off_per_command(
    store: CoreStore,
) -> None:
    await store.set_cooldown(GUILD, "rate", 30)
    await store.set_cooldown(GUILD, "recommend", 10)
    await store.set_cooldown(GUILD, "rate", 45)

    settings = await store.set_cooldown(GUILD, "recommend", 0)

    # 0 is kept: "off" must override whatever default the bot would otherwise apply.
    assert settings.cooldowns == {"rate": 45, "recommend": 0}
    assert await store.guild_settings(GUILD) == settings


async def test_settings_of_one_server_never_touch_another(store: CoreStore) -> None:
    await store.set_reviews_enabled(GUILD, enabled=False)
    await store.set_cooldown(GUILD, "rate", 30)

    assert await store.guild_settings(OTHER_GUILD) == GuildSettings()


async def test_settings_survive_a_restart(database_url: str) -> None:
    async with await open_store(database_url) as store:
        await store.set_reviews_enabled(GUILD, enabled=False)
        await store.set_cooldown(GUILD, "rate", MAX_COOLDOWN_SECONDS)

    async with await open_store(database_url) as reopened:
        settings = await reopened.guild_settings(GUILD)

    assert settings == GuildSettings(reviews_enabled=False, cooldowns={"rate": 3600})


async def test_the_settings_handed_out_cannot_be_changed_behind_the_stores_back(
    store: CoreStore,
) -> None:
    settings = await store.set_cooldown(GUILD, "rate", 30)

    with pytest.raises(TypeError):
        settings.cooldowns["rate"] = 0  # type: ignore[index]


@pytest.mark.parametrize("command", ["Rate", "", "rate me", "rate!", "r" * 33, "räte", 5])
async def test_a_command_name_that_cannot_exist_is_refused(
    store: CoreStore, command: object
) -> None:
    with pytest.raises(InvalidCommandName) as refused:
        await store.set_cooldown(GUILD, command, 30)  # type: ignore[arg-type]

    assert (refused.value.command, refused.value.longest) == (command, 32)
    assert "command name" in str(refused.value)

    assert await store.guild_settings(GUILD) == GuildSettings()


@pytest.mark.parametrize("seconds", [-1, MAX_COOLDOWN_SECONDS + 1, 1.5, True, "30"])
async def test_a_cooldown_out_of_range_is_refused_and_the_old_one_stays(
    store: CoreStore, seconds: object
) -> None:
    await store.set_cooldown(GUILD, "rate", 30)

    with pytest.raises(InvalidCooldown) as refused:
        await store.set_cooldown(GUILD, "rate", seconds)  # type: ignore[arg-type]

    assert refused.value.seconds is seconds
    assert (refused.value.low, refused.value.high) == (0, MAX_COOLDOWN_SECONDS)
    assert "seconds" in str(refused.value)

    assert (await store.guild_settings(GUILD)).cooldowns == {"rate": 30}


async def test_reviews_enabled_must_be_a_yes_or_no(store: CoreStore) -> None:
    with pytest.raises(TypeError):
        await store.set_reviews_enabled(GUILD, 0)  # type: ignore[arg-type]

    assert (await store.guild_settings(GUILD)).reviews_enabled is True


def test_invalid_setting_is_both_a_store_error_and_a_value_error() -> None:
    assert issubclass(InvalidCommandName, InvalidSetting)
    assert issubclass(InvalidCooldown, InvalidSetting)
    assert issubclass(InvalidSetting, StoreError)
    assert issubclass(InvalidSetting, ValueError)


async def test_another_shards_change_shows_within_the_settings_cache_time(
    database_url: str, hears_other_processes: bool
) -> None:
    # Each process serves settings from memory for a few seconds: its own changes show at once,
    # another process's once its copy runs out (here at once: the cache time is set to 0).
    async with (
        await open_store(database_url) as mine,
        await open_store(database_url) as other_shard,
    ):
        assert (await mine.guild_settings(GUILD)).reviews_enabled
        await other_shard.set_reviews_enabled(GUILD, enabled=False)
        stale = await mine.guild_settings(GUILD)
        mine.cache_seconds = 0.0
        await mine.set_cooldown(GUILD, "rate", 5)  # refreshes its copy, with no lifetime
        await other_shard.set_cooldown(GUILD, "rate", 9)
        fresh = await mine.guild_settings(GUILD)

    # Kept until it runs out; a store that heard the change may have dropped it already.
    assert stale.reviews_enabled or hears_other_processes
    assert not fresh.reviews_enabled
    assert fresh.cooldowns == {"rate": 9}


# --- the server's language -----------------------------------------------------------------------


async def test_a_server_language_is_kept_changed_and_cleared(database_url: str) -> None:
    async with await open_store(database_url) as store:
        chosen = await store.set_language(GUILD, "ja")
        await store.set_reviews_enabled(GUILD, enabled=False)  # the same row: the language stays
        changed = await store.set_language(GUILD, "pt-BR")
    async with await open_store(database_url) as reopened:
        kept = await reopened.guild_settings(GUILD)
        cleared = await reopened.set_language(GUILD, None)

    assert (chosen.language, changed.language, kept.language) == ("ja", "pt-BR", "pt-BR")
    assert not kept.reviews_enabled
    assert cleared == GuildSettings(reviews_enabled=False, cooldowns={}, language=None)
    assert await store_of_other_guild_language(database_url) is None


async def store_of_other_guild_language(database_url: str) -> str | None:
    async with await open_store(database_url) as store:
        return (await store.guild_settings(OTHER_GUILD)).language


async def test_a_language_set_alone_leaves_reviews_on(store: CoreStore) -> None:
    settings = await store.set_language(GUILD, "fr")

    assert settings == GuildSettings(reviews_enabled=True, cooldowns={}, language="fr")


@pytest.mark.parametrize("language", ["it", "", "en", "JA", "ja ", 5, "pt_BR"])
async def test_a_language_the_bot_does_not_speak_is_refused_and_the_old_one_stays(
    store: CoreStore, language: object
) -> None:
    await store.set_language(GUILD, "de")

    with pytest.raises(InvalidLanguage) as refused:
        await store.set_language(GUILD, language)  # type: ignore[arg-type]

    assert refused.value.language == language
    assert "ja" in str(refused.value)
    assert (await store.guild_settings(GUILD)).language == "de"


async def test_forgetting_a_server_forgets_its_language(store: CoreStore) -> None:
    await store.set_language(GUILD, "es-ES")

    await store.forget_guild(GUILD)

    assert (await store.guild_settings(GUILD)).language is None
