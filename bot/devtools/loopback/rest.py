"""The REST side of the loopback Discord: one route table, and what every request goes through on
its way to a handler: the spec check, a queued fault, the stored attachments, the record."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.devtools.loopback.attachments import with_stored_attachments
from bot.devtools.loopback.interactions import Reply
from bot.devtools.loopback.recording import RequestLog
from bot.devtools.loopback.routing import (
    FaultPlan,
    Handler,
    RecordedRequest,
    Routes,
    RouteTemplate,
    error_response,
    fault_response,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"


class RestApi:
    def __init__(
        self,
        routes: Routes,
        requests: RequestLog,
        faults: FaultPlan,
        replies: dict[str, Reply],
        new_id: Callable[[], str],
    ) -> None:
        # First match wins, so a more specific template must come before one that also fits.
        self._routes = [(RouteTemplate(*key.split(" ", 1)), handler) for key, handler in routes]
        self._requests = requests
        self._faults = faults
        self._replies = replies  # by token: a request on an interaction's path joins its Reply
        self._new_id = new_id

    async def serve(self, request: web.Request) -> web.Response:
        """Answer one request below the API prefix, and record it as it was sent."""
        path = "/" + request.match_info["tail"]
        body, files = await read_body(request)
        route, params, handler = self._match(request.method, path)
        handler_body = with_stored_attachments(body, files, self._new_id)
        response = await self._answer(
            request.method, path, route, params, handler, body, handler_body
        )
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            route_template=route.template if route else None,
            body=body,
            at=asyncio.get_running_loop().time(),
            query=dict(request.query),
            status=response.status,
            files=files,
        )
        self._requests.record(recorded)
        token = params.get("interaction_token") or params.get("webhook_token")
        if token and (reply := self._replies.get(token)):
            reply.requests.append(recorded)
        return response

    def _match(
        self, method: str, path: str
    ) -> tuple[RouteTemplate | None, dict[str, str], Handler | None]:
        for route, handler in self._routes:
            params = route.match(method, path)
            if params is not None:
                return route, params, handler
        return None, {}, None

    async def _answer(
        self,
        method: str,
        path: str,
        route: RouteTemplate | None,
        params: dict[str, str],
        handler: Handler | None,
        body: Any,
        handler_body: Any,
    ) -> web.Response:
        if route is None or handler is None:
            log.warning("loopback Discord has no route for %s %s", method, path)
            return error_response(404, 0, f"404: Not Found (loopback Discord: {method} {path})")
        problems = self._requests.problems(route, path, body)
        if problems and self._requests.reject_invalid:
            return error_response(400, 50035, "Invalid Form Body", errors=problems)
        if fault := self._faults.take(route.key):
            return fault_response(fault)
        return await handler(params, body if handler_body is None else handler_body)


async def read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """The JSON body (or a multipart upload's ``payload_json``; None when there is none) and the
    uploaded files by filename."""
    if not request.can_read_body:
        return None, {}
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        payload = form.get("payload_json")
        files = {
            field.filename: field.file.read()
            for field in form.values()
            if isinstance(field, web.FileField)
        }
        return (json.loads(payload) if isinstance(payload, str) else None), files
    raw = await request.read()
    try:
        return (json.loads(raw) if raw else None), {}
    except json.JSONDecodeError:
        return raw.decode(errors="replace"), {}
