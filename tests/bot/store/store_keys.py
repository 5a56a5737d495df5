"""Ids and target keys shared by the store tests (plain values, importable by name)."""

GUILD = 111_111_111_111_111_111
OTHER_GUILD = 222_222_222_222_222_222
MEMBER = 333_333_333_333_333_333
OTHER_MEMBER = 444_444_444_444_444_444
SERIES = "series:twilight-out-of-focus"
COUPLE = "couple:mao-hisashi"
OTHER_COUPLE = "couple:rei-shion"
