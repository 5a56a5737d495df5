"""The prefix and typo indexes every lookup goes through."""

from __future__ import annotations

from bot.domain.matching import PrefixIndex, TypoIndex


def test_prefix_search_gives_each_item_once_an_exact_key_first() -> None:
    index = PrefixIndex([("reishion", 0), ("rei", 1), ("shion", 0), ("reitomo", 2), ("rei", 3)])

    assert index.search("rei", 10) == [1, 3, 0, 2]
    assert index.search("rei", 2) == [1, 3]
    assert index.search("x", 10) == []


def test_prefix_index_of_words_finds_an_item_by_a_later_word() -> None:
    index = PrefixIndex.of_words([("Twilight Out of Focus", "TOOF"), ("Paper Lanterns",)])

    assert index.search("focus", 10) == [0]
    assert index.search("lant", 10) == [1]
    assert index.search("toof", 10) == [0]


def test_typo_index_finds_keys_within_the_distance_closest_first() -> None:
    index = TypoIndex(["shion", "shin", "hisashi"])

    assert index.near("shion", 1) == [(0, "shion"), (1, "shin")]
    assert index.near("shoin", 1) == [(1, "shin"), (1, "shion")]  # a tie goes by key
    assert index.near("hsashii", 2) == [(2, "hisashi")]
    assert index.near("hsashii", 1) == []
    assert index.near("giichi", 2) == []
    assert index.longest == len("hisashi")


def test_typo_index_only_compares_keys_sharing_a_one_deletion_variant() -> None:
    index = TypoIndex(["shion", "shiori"])

    assert index.near("shion", 2) == [(0, "shion")]  # "shiori" is two edits off, but unrelated
