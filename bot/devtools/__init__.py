"""Developer tools, apart from what a server runs: the loopback Discord (a local stand-in for
Discord's API and gateway that the unmodified bot logs into) and the offline console on top."""
