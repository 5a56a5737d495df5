"""The loopback gateway: a bot's sessions over websockets, one per shard, with resume, replay,
faults and Discord's identify rate limit.

A session outlives its websocket, as on Discord: events dispatched while the bot is away are kept
and replayed when it RESUMEs, and lost when it has to IDENTIFY afresh.

A bot that IDENTIFYs with ``shard: [id, count]`` gets a session for that shard, and a server's
events go to the session of the shard that owns it (``(guild_id >> 22) % count == id``); DMs go to
shard 0. An IDENTIFY without ``shard`` is shard 0 of 1, which owns everything. Each IDENTIFY is
recorded with its time and shard; with the limit enforced, one that comes within
``IDENTIFY_WINDOW`` seconds of another in its bucket (``id % max_concurrency``) is refused with an
invalid session, as Discord refuses one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41_250
REPLAY_LIMIT = 20_000  # events kept for a RESUME; Discord keeps a bounded backlog as well
IDENTIFY_WINDOW = 5.0  # seconds over which Discord counts a bucket's identifies

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME = 0, 1, 2, 6
OP_RECONNECT, OP_INVALID_SESSION, OP_HELLO, OP_HEARTBEAT_ACK = 7, 9, 10, 11
CLOSE_INVALID_SHARD = 4010  # Discord's close code for an IDENTIFY naming a shard that can't be

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


@dataclass(frozen=True, slots=True)
class Shard:
    """A shard as the bot named it in IDENTIFY: ``id`` of ``count``."""

    id: int
    count: int

    def owns(self, guild_id: int | None) -> bool:
        """Whether this shard gets the events of ``guild_id`` (None: a DM, which shard 0 gets)."""
        if guild_id is None:
            return self.id == 0
        return shard_of(guild_id, self.count) == self.id


ONE_SHARD = Shard(0, 1)


def shard_of(guild_id: int, count: int) -> int:
    """The shard, of ``count``, that Discord sends ``guild_id``'s events to."""
    return (guild_id >> 22) % count


@dataclass(frozen=True, slots=True)
class IdentifyRecord:
    """One IDENTIFY the gateway received: when (loop time), for which shard, and whether it was
    let through (False: refused by the rate limit)."""

    at: float
    shard: Shard
    accepted: bool


@dataclass(slots=True)
class _Session:
    session_id: str
    shard: Shard
    connection: _Connection | None
    sequence: int = 0
    backlog: deque[Frame] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))


OpeningDispatches = Callable[[str, Shard], list[tuple[str, dict[str, Any]]]]


class Gateway:
    """The gateway side of the loopback Discord.

    ``on_identify`` returns the dispatches that open a shard's session, READY first, then
    GUILD_CREATEs. ``max_concurrency`` is the number of identify buckets; ``enforce_identify_limit``
    refuses an IDENTIFY that breaks Discord's rate limit (they are recorded either way).
    """

    def __init__(
        self,
        on_identify: OpeningDispatches,
        *,
        max_concurrency: int = 1,
        enforce_identify_limit: bool = False,
    ) -> None:
        self._on_identify = on_identify
        self.max_concurrency = max_concurrency
        self.enforce_identify_limit = enforce_identify_limit
        self._sessions: dict[int, _Session] = {}  # by shard id
        self._live: dict[int, asyncio.Event] = {}  # by shard id: identified or resumed, on a socket
        self._order = asyncio.Lock()  # dispatches and replays keep one sequence order
        self.identifies = 0  # the ones let through
        self.identify_log: list[IdentifyRecord] = []
        self.resumes = 0
        self.compressions: list[str | None] = []  # what each connection asked for
        self._sockets: set[web.WebSocketResponse] = set()
        self.accepting = True  # False: new connections are refused, as in an outage
        self.refused = asyncio.Event()  # set when a connection was refused

    def live_event(self, shard_id: int) -> asyncio.Event:
        return self._live.setdefault(shard_id, asyncio.Event())

    @property
    def shards(self) -> dict[int, Shard]:
        """The shards that have a session, live or waiting for a RESUME, by id."""
        return {shard_id: session.shard for shard_id, session in self._sessions.items()}

    def owners(self, guild_id: int | None) -> list[int]:
        """The ids of the shards whose sessions get ``guild_id``'s events (None: DMs)."""
        return [i for i, session in self._sessions.items() if session.shard.owns(guild_id)]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if not self.accepting:
            self.refused.set()
            return web.Response(status=503, text="gateway unavailable")
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
            for session in self._sessions.values():
                if session.connection is connection:
                    self._detach(session)
        return ws

    async def _receive(self, connection: _Connection, frame: Frame) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == OP_HEARTBEAT:
            await connection.send({"op": OP_HEARTBEAT_ACK, "d": None})
        elif op == OP_IDENTIFY:
            shard = _shard_named(data or {})
            if shard is None:
                await connection.ws.close(code=CLOSE_INVALID_SHARD)
                return
            await self._identify(connection, shard)
        elif op == OP_RESUME:
            await self._resume(connection, data or {})
        else:
            log.debug("gateway op %s ignored", op)

    async def _identify(self, connection: _Connection, shard: Shard) -> None:
        async with self._order:
            at = asyncio.get_running_loop().time()
            accepted = self._may_identify(shard, at)
            self.identify_log.append(IdentifyRecord(at, shard, accepted))
            if not accepted:
                await connection.send({"op": OP_INVALID_SESSION, "d": False})
                return
            self._end_other_layouts(shard)
            session = _Session(secrets.token_hex(16), shard, connection)
            self._sessions[shard.id] = session
            self.identifies += 1
            for event, data in self._on_identify(session.session_id, shard):
                await self._send_dispatch(session, event, data)
            self.live_event(shard.id).set()

    def _may_identify(self, shard: Shard, at: float) -> bool:
        """Discord's rule: one IDENTIFY per bucket in any ``IDENTIFY_WINDOW`` seconds."""
        if not self.enforce_identify_limit:
            return True
        bucket = shard.id % self.max_concurrency
        return not any(
            record.accepted
            and record.shard.id % self.max_concurrency == bucket
            and at - record.at < IDENTIFY_WINDOW
            for record in self.identify_log
        )

    def _end_other_layouts(self, shard: Shard) -> None:
        """A bot that re-shards (another SHARD_COUNT) leaves the old layout's sessions behind;
        they would get copies of events nobody reads."""
        for shard_id, session in list(self._sessions.items()):
            if session.shard.count != shard.count:
                self._detach(session)
                del self._sessions[shard_id]

    async def _resume(self, connection: _Connection, data: dict[str, Any]) -> None:
        async with self._order:
            wanted = data.get("session_id")
            session = next((s for s in self._sessions.values() if s.session_id == wanted), None)
            if session is None:
                await connection.send({"op": OP_INVALID_SESSION, "d": False})
                return
            session.connection = connection
            self.resumes += 1
            missed = [frame for frame in session.backlog if frame["s"] > (data.get("seq") or 0)]
            for frame in missed:
                await connection.send(frame)
            await self._send_dispatch(session, "RESUMED", {})
            self.live_event(session.shard.id).set()

    async def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        guild_id: int | None,
        via_shard: int | None = None,
    ) -> None:
        """Send an event of ``guild_id`` (None: of a DM) to the shards that own it now, or keep it
        for their RESUME if they are away. ``via_shard``: to that shard's session instead, as
        another process of the bot would get it (tests read one server's data through either)."""
        async with self._order:
            if not self._sessions:
                raise RuntimeError("no gateway session yet: wait for the bot to identify")
            owners = [
                s
                for s in self._sessions.values()
                if (s.shard.id == via_shard if via_shard is not None else s.shard.owns(guild_id))
            ]
            if not owners:
                raise RuntimeError(f"no shard session owns server {guild_id}: start its shard")
            for session in owners:
                await self._send_dispatch(session, event, data)

    async def _send_dispatch(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        session.sequence += 1
        frame = {"op": OP_DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.backlog.append(frame)
        if session.connection is not None:
            await session.connection.send(frame)

    def _chosen(self, shard_ids: Iterable[int] | None) -> list[_Session]:
        if shard_ids is None:
            return list(self._sessions.values())
        return [self._sessions[i] for i in shard_ids if i in self._sessions]

    def _detach(self, session: _Session) -> _Connection | None:
        """Forget the session's socket: what is dispatched from now on waits for a RESUME."""
        connection, session.connection = session.connection, None
        self.live_event(session.shard.id).clear()
        return connection

    async def close(self, code: int, shard_ids: Iterable[int] | None = None) -> None:
        for session in self._chosen(shard_ids):
            connection = self._detach(session)
            if connection is not None:
                await connection.ws.close(code=code)

    async def send_op(self, op: int, data: object, shard_ids: Iterable[int] | None = None) -> None:
        for session in self._chosen(shard_ids):
            connection = self._detach(session)
            if connection is not None:
                await connection.send({"op": op, "d": data})

    async def invalidate(self, *, resumable: bool, shard_ids: Iterable[int] | None = None) -> None:
        sessions = self._chosen(shard_ids)
        connections = [self._detach(session) for session in sessions]
        if not resumable:
            for session in sessions:  # the bot must IDENTIFY again; what was pending is lost
                self._sessions.pop(session.shard.id, None)
        for connection in connections:
            if connection is not None:
                await connection.send({"op": OP_INVALID_SESSION, "d": resumable})

    async def shutdown(self) -> None:
        for session in self._sessions.values():
            self._detach(session)
        for ws in list(self._sockets):
            await ws.close(code=1000)


def _shard_named(data: dict[str, Any]) -> Shard | None:
    """The shard an IDENTIFY names (without one, the only shard); None for one that can't be."""
    named = data.get("shard")
    if named is None:
        return ONE_SHARD
    if isinstance(named, list) and len(named) == 2 and all(type(n) is int for n in named):
        shard_id, count = named
        if count >= 1 and 0 <= shard_id < count:
            return Shard(shard_id, count)
    return None
