"""The offline console: the real bot logged into the loopback Discord, slash commands typed."""
