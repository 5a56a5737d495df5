"""Matching request paths to Discord's route templates, recording requests, injecting faults."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Discord's own JSON answers carry exactly this type: discord.py reads any other (even with
# "; charset=utf-8") as text, and then fails to log in.
JSON_TYPE = "application/json"

# A REST handler gets the path's parameters and the request body (JSON, already parsed).
Handler = Callable[[dict[str, str], Any], Awaitable[web.Response]]
# What each part of the loopback Discord serves: ("METHOD /template", handler) pairs.
Routes = list[tuple[str, Handler]]


@dataclass(frozen=True, slots=True)
class RouteTemplate:
    method: str
    template: str  # as in Discord's OpenAPI spec, e.g. "/webhooks/{webhook_id}/{webhook_token}"

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        wanted, given = self.template.strip("/").split("/"), path.strip("/").split("/")
        if len(wanted) != len(given):
            return None
        params: dict[str, str] = {}
        for pattern, segment in zip(wanted, given, strict=True):
            if pattern.startswith("{"):
                params[pattern[1:-1]] = segment
            elif pattern != segment:
                return None
        return params


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One REST call the bot made, as the loopback Discord saw it."""

    method: str
    path: str  # below the API base, without the query string
    route_template: str | None  # None: a route the loopback Discord does not know
    body: Any
    at: float  # loop time when it arrived
    query: dict[str, str] = field(default_factory=dict)
    status: int = 200  # what the loopback Discord answered
    files: dict[str, bytes] = field(default_factory=dict)  # uploaded files by filename


@dataclass(slots=True)
class Fault:
    status: int
    retry_after: float
    is_global: bool


class FaultPlan:
    """Failures queued per route key ("POST /interactions/..."), or for any route with "*"."""

    def __init__(self) -> None:
        self._queued: dict[str, deque[Fault]] = {}

    def add(self, route: str, fault: Fault, count: int) -> None:
        self._queued.setdefault(route, deque()).extend([fault] * count)

    def take(self, route_key: str | None) -> Fault | None:
        for key in (route_key, "*"):
            queue = self._queued.get(key) if key else None
            if queue:
                return queue.popleft()
        return None

    def pending(self) -> int:
        return sum(len(queue) for queue in self._queued.values())


def json_response(
    payload: object, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=json.dumps(payload).encode(),
        status=status,
        headers={"Content-Type": JSON_TYPE, **(headers or {})},
    )


def fault_response(fault: Fault) -> web.Response:
    if fault.status != 429:
        return json_response({"message": "Internal Server Error", "code": 0}, status=fault.status)
    headers = {
        # Without Via discord.py takes a 429 for a Cloudflare ban and does not retry.
        "Via": "1.1 google",
        "Retry-After": str(max(1, round(fault.retry_after))),
        "X-RateLimit-Scope": "global" if fault.is_global else "user",
    }
    if fault.is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": fault.retry_after,
        "global": fault.is_global,
    }
    return json_response(body, status=429, headers=headers)


def error_response(
    status: int, code: int, message: str, *, errors: list[str] | None = None, **extra: object
) -> web.Response:
    body: dict[str, object] = {"message": message, "code": code, **extra}
    if errors:
        # Discord nests problems by field; one top-level list keeps the shape discord.py parses.
        body["errors"] = {"_errors": [{"code": "INVALID", "message": e} for e in errors]}
    return json_response(body, status=status)
