"""The use cases the cogs call: the catalog, matcher, recommender and store put together, each
returning a typed outcome for the Discord side to render."""
