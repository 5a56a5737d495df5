"""Facts about the product that several test folders check against."""

# Every top-level slash command the bot registers; a change here is a change members will see.
PRODUCT_COMMANDS = frozenset(
    {
        "recommend",
        "couple",
        "versus",
        "rate",
        "scores",
        "myratings",
        "reviews",
        "forget-me",
        "admin",
        "tropes",
        "help",
        "series",
    }
)
