from pathlib import Path

import pytest

from bot.config import DEFAULT_API_BASE, ConfigError, Secret, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings({}, env_file=tmp_path / "missing.env")
    assert not settings.token
    assert settings.api_base == DEFAULT_API_BASE
    assert settings.database_path.name == "ratings.db"
    assert settings.data_dir == ROOT / "data"  # the shipped catalog
    assert settings.dev_guild_id is None
    assert settings.log_level == "INFO"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=from-file\nLOG_LEVEL=debug\nDEV_GUILD_ID=123\n")
    settings = load_settings(
        {"DISCORD_TOKEN": "from-env", "CATALOG_DIR": str(tmp_path / "catalog")}, env_file=env_file
    )
    assert settings.token.reveal() == "from-env"
    assert settings.data_dir == tmp_path / "catalog"
    assert settings.log_level == "DEBUG"
    assert settings.dev_guild_id == 123


def test_token_never_prints_itself() -> None:
    settings = load_settings({"DISCORD_TOKEN": "MTIz.secret.value"}, env_file=Path("/nonexistent"))
    assert "secret" not in repr(settings)
    assert "secret" not in str(settings.token)
    assert settings.token.reveal() == "MTIz.secret.value"
    assert not Secret("")


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("DEV_GUILD_ID", "my-server", "DEV_GUILD_ID"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
        ("DISCORD_API_BASE", "discord.com/api", "DISCORD_API_BASE"),
        ("RATE_COOLDOWN", "-1", "RATE_COOLDOWN"),
        ("RECOMMEND_COOLDOWN", "9999", "RECOMMEND_COOLDOWN"),
    ],
)
def test_bad_values_fail_fast_naming_the_variable(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings({name: value}, env_file=Path("/nonexistent"))


def test_api_base_trailing_slash_is_dropped() -> None:
    settings = load_settings(
        {"DISCORD_API_BASE": "http://127.0.0.1:9999/api/v10/"}, env_file=Path("/nonexistent")
    )
    assert settings.api_base == "http://127.0.0.1:9999/api/v10"


def test_cooldown_defaults_can_be_set_per_bot() -> None:
    settings = load_settings(
        {"RATE_COOLDOWN": "0", "RECOMMEND_COOLDOWN": "10"}, env_file=Path("/x")
    )
    assert settings.default_cooldowns == {"rate": 0, "recommend": 10}
