from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_API_BASE,
    DEFAULT_DATABASE_PATH,
    ConfigError,
    Secret,
    load_settings,
)

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
        ("LOG_FORMAT", "xml", "LOG_FORMAT"),
        ("METRICS_ADDR", "localhost", "METRICS_ADDR"),
        ("METRICS_ADDR", "127.0.0.1:99999", "METRICS_ADDR"),
        ("BACKUP_INTERVAL", "often", "BACKUP_INTERVAL"),
        ("BACKUP_INTERVAL", "0h", "BACKUP_INTERVAL"),
        ("BACKUP_KEEP", "0", "BACKUP_KEEP"),
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


def test_database_url_names_the_sqlite_file_relative_or_absolute(tmp_path: Path) -> None:
    relative = load_settings({"DATABASE_URL": "sqlite:///data/other.db"}, env_file=Path("/x"))
    absolute = load_settings({"DATABASE_URL": f"sqlite:///{tmp_path}/r.db"}, env_file=Path("/x"))

    assert relative.database_path == Path("data/other.db")
    assert relative.store_url.path == Path("data/other.db")
    assert absolute.database_path == tmp_path / "r.db"  # sqlite:////tmp/... : four slashes
    assert str(absolute.store_url) == f"sqlite:///{tmp_path}/r.db"


def test_without_database_url_the_store_is_the_file_at_database_path(tmp_path: Path) -> None:
    settings = load_settings({"DATABASE_PATH": str(tmp_path / "x.db")}, env_file=Path("/x"))

    assert settings.database_url is None
    assert (settings.store_url.scheme, settings.store_url.path) == ("sqlite", tmp_path / "x.db")
    assert load_settings({}, env_file=Path("/x")).store_url.path == DEFAULT_DATABASE_PATH


def test_database_url_wins_over_database_path() -> None:
    settings = load_settings(
        {"DATABASE_URL": "sqlite:///chosen.db", "DATABASE_PATH": "ignored.db"}, env_file=Path("/x")
    )

    assert settings.database_path == Path("chosen.db")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("data/ratings.db", "is not a URL"),
        ("sqlite://host/ratings.db", "has a host"),
        ("sqlite:///", "names no file"),
        ("sqlite:///ratings.db?mode=ro", "has options"),
        ("mysql://db.example/ratings", "unknown scheme 'mysql'"),
        ("postgresql+psycopg://bot@db.example/ratings", "unknown scheme 'postgresql+psycopg'"),
    ],
)
def test_a_database_url_the_bot_cannot_use_stops_it_in_one_line(url: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({"DATABASE_URL": url}, env_file=Path("/x"))

    message = str(refused.value)
    assert message.startswith("DATABASE_URL=")
    assert fragment in message
    assert "sqlite:///" in message  # what to write instead
    assert "\n" not in message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bot:hunter2@db.example:port/ratings",
        "postgresql://bot:hun/ter@2@db.example/ratings",
        "postgresql://db.example/?user=bot&password=hunter2",
        "postgres:/bot:hunter2@db.example",  # malformed, and still not shown
    ],
)
def test_a_database_url_never_shows_its_password(url: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({"DATABASE_URL": url}, env_file=Path("/x"))

    assert "hunter" not in str(refused.value)
    assert "ter@2" not in str(refused.value)


@pytest.mark.parametrize(
    ("count", "ids", "expected"),
    [
        ("1", "", (0,)),
        ("4", "", (0, 1, 2, 3)),
        ("4", "0-3", (0, 1, 2, 3)),
        ("4", "0,2", (0, 2)),
        ("4", "0-1,3", (0, 1, 3)),
        ("4", " 3 , 0 - 1 ", (3, 0, 1)),
        ("2", "1", (1,)),
    ],
)
def test_shard_ids_name_the_shards_this_process_runs(
    count: str, ids: str, expected: tuple[int, ...]
) -> None:
    settings = load_settings({"SHARD_COUNT": count, "SHARD_IDS": ids}, env_file=Path("/none"))
    assert settings.shard_count == int(count)
    assert settings.shard_ids == expected


def test_without_shard_settings_the_bot_runs_one_shard_as_before() -> None:
    settings = load_settings({}, env_file=Path("/nonexistent"))
    assert settings.shard_count is None
    assert settings.shard_ids is None


@pytest.mark.parametrize(
    ("count", "ids", "fragments"),
    [
        ("", "0-1", ("SHARD_IDS='0-1' needs SHARD_COUNT", "set SHARD_COUNT too")),
        ("0", "", ("SHARD_COUNT='0'", "1 or more")),
        ("-2", "", ("SHARD_COUNT='-2'", "1 or more")),
        ("two", "", ("SHARD_COUNT='two'", "whole number")),
        ("4", "0-4", ("SHARD_IDS='0-4' names shard 4", "use ids from 0 to 3")),
        ("2", "2", ("SHARD_IDS='2' names shard 2", "use ids from 0 to 1")),
        ("4", "0-99999999999", ("names shard 99999999999", "use ids from 0 to 3")),
        ("4", "3-1", ("SHARD_IDS='3-1' is not a list of shard ids", "0-1,3")),
        ("4", "0,,1", ("is not a list of shard ids", "0-1,3")),
        ("4", "-1", ("is not a list of shard ids", "0-1,3")),
        ("4", "0-", ("is not a list of shard ids", "0-1,3")),
        ("4", "a-b", ("is not a list of shard ids", "0-1,3")),
        ("4", "0-2,1", ("SHARD_IDS='0-2,1' names shard 1 more than once", "list each shard once")),
        ("4", "3,3", ("names shard 3 more than once", "list each shard once")),
    ],
)
def test_bad_shard_settings_stop_the_bot_naming_the_variable_and_the_fix(
    count: str, ids: str, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({"SHARD_COUNT": count, "SHARD_IDS": ids}, env_file=Path("/nonexistent"))
    message = str(refused.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_operations_settings_are_read_with_their_units() -> None:
    settings = load_settings(
        {
            "LOG_FORMAT": "JSON",
            "METRICS_ADDR": ":9108",
            "BACKUP_DIR": "/srv/backups",
            "BACKUP_INTERVAL": "6h",
            "BACKUP_KEEP": "3",
        },
        env_file=Path("/nonexistent"),
    )

    assert settings.log_format == "json"
    assert settings.metrics_addr == ("127.0.0.1", 9108)  # loopback unless told otherwise
    assert settings.backup_dir == Path("/srv/backups")
    assert (settings.backup_interval_s, settings.backup_keep) == (6 * 3600, 3)


def test_operations_are_off_by_default() -> None:
    settings = load_settings({}, env_file=Path("/nonexistent"))

    assert (settings.log_format, settings.metrics_addr, settings.backup_dir) == ("text", None, None)
