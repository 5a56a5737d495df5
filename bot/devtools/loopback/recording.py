"""What the loopback Discord keeps of each REST call for tests to read: every request, the ones
it had no route for, and the spec violations an injectable validator found in request bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.devtools.loopback.routing import RecordedRequest, RouteTemplate

# (method, route template, body) -> problems found; the test suite checks against Discord's spec.
Validator = Callable[[str, str, Any], list[str]]


class RequestLog:
    def __init__(self, validator: Validator | None, *, reject_invalid: bool) -> None:
        self.validator = validator  # None: bodies go unchecked
        self.reject_invalid = reject_invalid  # answer 400 to a body that breaks the spec
        self.requests: list[RecordedRequest] = []
        self.unhandled: list[RecordedRequest] = []
        self.violations: list[str] = []

    def problems(self, route: RouteTemplate, path: str, body: Any) -> list[str]:
        """What the validator finds wrong with ``body``; each problem is kept as a violation."""
        if self.validator is None or body is None:
            return []
        problems = self.validator(route.method, route.template, body)
        self.violations.extend(f"{route.method} {path}: {problem}" for problem in problems)
        return problems

    def record(self, request: RecordedRequest) -> None:
        self.requests.append(request)
        if request.route_template is None:
            self.unhandled.append(request)
