"""Rating targets' keys: the one place that knows their "kind:id" form."""

from __future__ import annotations

import pytest

from bot.domain.catalog import TargetKey, couple_key, is_couple_key, series_key


def test_keys_made_are_keys_parsed() -> None:
    assert TargetKey.parse(couple_key("rei-shion")) == TargetKey("couple", "rei-shion")
    assert TargetKey.parse(series_key("twilight-out-of-focus")) == TargetKey(
        "series", "twilight-out-of-focus"
    )
    assert str(TargetKey("couple", "rei-shion")) == "couple:rei-shion"


@pytest.mark.parametrize("key", ["", "couple:", "planet:mars", "rei-shion", ":rei-shion"])
def test_what_is_no_target_key_parses_to_none(key: str) -> None:
    assert TargetKey.parse(key) is None
    assert not is_couple_key(key)


def test_only_couple_keys_are_couple_keys() -> None:
    assert is_couple_key("couple:rei-shion")
    assert not is_couple_key("series:twilight-out-of-focus")
