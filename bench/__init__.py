"""Benchmarks: the bot against a minimal discord.py bot, and how its costs grow.

Run ``uv run python -m bench`` (``--quick`` for tiny sizes); it prints markdown tables.
"""
