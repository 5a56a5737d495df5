from bot.domain.cooldowns import Cooldowns


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_second_use_inside_the_cooldown_says_how_long_to_wait() -> None:
    clock = FakeClock()
    cooldowns = Cooldowns(clock)
    assert cooldowns.try_use(1, 2, "rate", 5) == 0.0
    clock.now += 2
    assert cooldowns.try_use(1, 2, "rate", 5) == 3.0
    clock.now += 3
    assert cooldowns.try_use(1, 2, "rate", 5) == 0.0


def test_cooldowns_are_per_member_guild_and_command() -> None:
    cooldowns = Cooldowns(FakeClock())
    assert cooldowns.try_use(1, 2, "rate", 5) == 0.0
    assert cooldowns.try_use(1, 3, "rate", 5) == 0.0
    assert cooldowns.try_use(9, 2, "rate", 5) == 0.0
    assert cooldowns.try_use(1, 2, "recommend", 5) == 0.0
    assert cooldowns.try_use(1, 2, "rate", 5) > 0


def test_zero_seconds_means_no_cooldown() -> None:
    cooldowns = Cooldowns(FakeClock())
    assert all(cooldowns.try_use(1, 2, "rate", 0) == 0.0 for _ in range(3))
