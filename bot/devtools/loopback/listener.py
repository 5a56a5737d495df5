"""The loopback Discord's one HTTP listener: the gateway websocket and the REST API share a port,
so the bot needs only ``DISCORD_API_BASE`` to find both."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.devtools.loopback.rest import API_PREFIX

RequestHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# aiohttp's default request size limit would refuse a message with a few large files attached.
_UPLOAD_LIMIT = 64 * 1024 * 1024


class Listener:
    def __init__(self, backlog: int) -> None:
        self._backlog = backlog  # discord.py opens a connection per concurrent callback
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port = 0

    async def start(
        self, host: str, port: int, *, gateway: RequestHandler, rest: RequestHandler
    ) -> None:
        app = web.Application(client_max_size=_UPLOAD_LIMIT)
        app.router.add_get("/gateway", gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", rest)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=self._backlog)
        await site.start()
        self._host, self._port = host, self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return f"http://{self._host}:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self._host}:{self._port}/gateway"
