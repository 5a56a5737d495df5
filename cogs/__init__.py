"""Thin discord.py adapters: each command parses its options, calls the core, renders, replies.

The client loads them by name (bot.discord.client.EXTENSIONS); nothing below imports them.
"""
