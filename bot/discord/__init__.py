"""The Discord side: the client and its command tree, rendering answers as embeds, and the
launcher that starts it. Nothing below this layer imports discord.py."""
