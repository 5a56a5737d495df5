"""The loopback gateway: one bot session over a websocket, with resume, replay and faults.

A session outlives its websocket, as on Discord: events dispatched while the bot is away are kept
and replayed when it RESUMEs, and lost when it has to IDENTIFY afresh.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41_250
REPLAY_LIMIT = 20_000  # events kept for a RESUME; Discord keeps a bounded backlog as well

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME = 0, 1, 2, 6
OP_RECONNECT, OP_INVALID_SESSION, OP_HELLO, OP_HEARTBEAT_ACK = 7, 9, 10, 11

Frame = dict[str, Any]


class _Connection:
    """One websocket, speaking JSON text or a zlib stream as the bot asked in the query string."""

    def __init__(self, ws: web.WebSocketResponse, compression: str | None) -> None:
        self.ws = ws
        self.compression = compression
        # zstd-stream is not offered: without `zstandard` the frames go out as plain text, which
        # discord.py reads whatever compression it asked for (it only inflates binary frames).
        self._zlib = zlib.compressobj() if compression == "zlib-stream" else None
        self._lock = asyncio.Lock()  # the zlib stream must be written in order, one frame at a time

    async def send(self, frame: Frame) -> bool:
        """Send a frame; False when the socket has gone away."""
        text = json.dumps(frame, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                return False
            try:
                if self._zlib is None:
                    await self.ws.send_str(text)
                else:
                    packed = self._zlib.compress(text.encode()) + self._zlib.flush(
                        zlib.Z_SYNC_FLUSH
                    )
                    await self.ws.send_bytes(packed)
            except (ConnectionError, RuntimeError):
                return False
        return True


@dataclass(slots=True)
class _Session:
    session_id: str
    sequence: int = 0
    backlog: deque[Frame] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))


class Gateway:
    """The gateway side of the loopback Discord.

    ``on_identify`` returns the dispatches that open a session, READY first, then GUILD_CREATEs.
    """

    def __init__(self, on_identify: Callable[[str], list[tuple[str, dict[str, Any]]]]) -> None:
        self._on_identify = on_identify
        self._session: _Session | None = None
        self._connection: _Connection | None = None
        self._order = asyncio.Lock()  # dispatches and replays keep one sequence order
        self.live = asyncio.Event()  # a bot is identified or resumed on the current socket
        self.identifies = 0
        self.resumes = 0
        self.compressions: list[str | None] = []  # what each connection asked for
        self._sockets: set[web.WebSocketResponse] = set()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        compression = request.query.get("compress")
        self.compressions.append(compression)
        connection = _Connection(ws, compression)
        try:
            await connection.send(
                {"op": OP_HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}}
            )
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._receive(connection, json.loads(message.data))
        finally:
            self._sockets.discard(ws)
            if self._connection is connection:
                self._connection = None
                self.live.clear()
        return ws

    async def _receive(self, connection: _Connection, frame: Frame) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == OP_HEARTBEAT:
            await connection.send({"op": OP_HEARTBEAT_ACK, "d": None})
        elif op == OP_IDENTIFY:
            await self._identify(connection)
        elif op == OP_RESUME:
            await self._resume(connection, data or {})
        else:
            log.debug("gateway op %s ignored", op)

    async def _identify(self, connection: _Connection) -> None:
        async with self._order:
            self._session = session = _Session(secrets.token_hex(16))
            self._connection = connection
            self.identifies += 1
            for event, data in self._on_identify(session.session_id):
                await self._send_dispatch(session, event, data)
            self.live.set()

    async def _resume(self, connection: _Connection, data: dict[str, Any]) -> None:
        async with self._order:
            session = self._session
            if session is None or data.get("session_id") != session.session_id:
                await connection.send({"op": OP_INVALID_SESSION, "d": False})
                return
            self._connection = connection
            self.resumes += 1
            missed = [frame for frame in session.backlog if frame["s"] > (data.get("seq") or 0)]
            for frame in missed:
                await connection.send(frame)
            await self._send_dispatch(session, "RESUMED", {})
            self.live.set()

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event now, or keep it for the bot's RESUME if it is away."""
        async with self._order:
            if self._session is None:
                raise RuntimeError("no gateway session yet: wait for the bot to identify")
            await self._send_dispatch(self._session, event, data)

    async def _send_dispatch(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        session.sequence += 1
        frame = {"op": OP_DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.backlog.append(frame)
        if self._connection is not None:
            await self._connection.send(frame)

    def _detach(self) -> _Connection | None:
        """Forget the current socket: what is dispatched from now on waits for a RESUME."""
        connection, self._connection = self._connection, None
        self.live.clear()
        return connection

    async def close(self, code: int) -> None:
        connection = self._detach()
        if connection is not None:
            await connection.ws.close(code=code)

    async def send_op(self, op: int, data: object) -> None:
        connection = self._detach()
        if connection is not None:
            await connection.send({"op": op, "d": data})

    async def invalidate(self, *, resumable: bool) -> None:
        if not resumable:
            self._session = None  # the bot must IDENTIFY again; what was pending is lost
        await self.send_op(OP_INVALID_SESSION, resumable)

    async def shutdown(self) -> None:
        self._detach()
        for ws in list(self._sockets):
            await ws.close(code=1000)
