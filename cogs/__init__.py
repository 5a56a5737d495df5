"""Thin discord.py adapters: each command parses its options, calls the core, renders, replies."""

EXTENSIONS: tuple[str, ...] = (
    "cogs.recommend",
    "cogs.couples",
    "cogs.ratings",
    "cogs.reviews",
    "cogs.privacy",
    "cogs.admin",
    "cogs.info",
)
