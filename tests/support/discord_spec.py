"""Checks request bodies against Discord's OpenAPI spec (tests/fixtures/discord-api-spec).

The whole document is registered, so every ``$ref`` resolves. Two honest adjustments:

* Discord's API accepts numeric strings where the spec says integer (snowflakes travel as
  strings, discord.py sends some flags that way), so an integer field accepts a numeric string
  and its ``minimum``/``maximum`` are checked against the number it stands for.
* Symmetrically, a snowflake (a string of digits in the spec) may be sent as a whole number, as
  discord.py does for a new attachment's placeholder id (0); Discord reads both.
* The spec's unions are keyed by the body's ``type``; when none of its variants matches, the
  problems reported are those of the variant the ``type`` chose, not a bare "matches none".
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "discord-api-spec" / "openapi.json"
SPEC_URI = "urn:discord-api-spec"
_NUMERIC = re.compile(r"^-?[0-9]+$")
_PARAMETER = re.compile(r"\{[^}]*\}")
_SHOWN_CHARS = 80


def _is_integer(checker: Any, instance: Any) -> bool:
    if isinstance(instance, str):
        return bool(_NUMERIC.match(instance))
    return Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer")


Keyword = Callable[..., Iterator[ValidationError]]


def _numeric(keyword: Keyword) -> Keyword:
    """A bound keyword (minimum, maximum) that also judges numeric strings by their number."""

    def check(validator: Any, bound: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if isinstance(instance, str) and _NUMERIC.match(instance):
            instance = int(instance)
        return keyword(validator, bound, instance, schema)

    return check


def _snowflake_type(keyword: Keyword) -> Keyword:
    """The type keyword, letting a whole number stand for a snowflake string."""

    def check(validator: Any, types: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        whole = isinstance(instance, int) and not isinstance(instance, bool) and instance >= 0
        if whole and schema.get("format") == "snowflake":
            return iter(())
        return keyword(validator, types, instance, schema)

    return check


LenientValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    validators={
        **{
            keyword: _numeric(Draft202012Validator.VALIDATORS[keyword])
            for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        },
        "type": _snowflake_type(Draft202012Validator.VALIDATORS["type"]),
    },
)


def _template_key(method: str, template: str) -> str:
    """Parameter names differ between callers ({application_id} vs {webhook_id}): ignore them."""
    return method.upper() + " " + _PARAMETER.sub("{}", template)


class SpecValidator:
    """``validator(method, route_template, body) -> problems``, as the loopback Discord wants."""

    def __init__(self, spec: dict[str, Any]) -> None:
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(SPEC_URI, resource)
        self._schemas: dict[str, dict[str, Any]] = {}
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                if isinstance(operation, dict) and "requestBody" in operation:
                    self._register(method, path, operation["requestBody"])

    def _register(self, method: str, path: str, body: dict[str, Any]) -> None:
        if "application/json" not in body.get("content", {}):
            return
        pointer = "/".join(
            _escape(part) for part in ("paths", path, method, "requestBody", "content")
        )
        ref = f"{SPEC_URI}#/{pointer}/application~1json/schema"
        self._schemas[_template_key(method, path)] = {"$ref": ref}

    def knows(self, method: str, template: str) -> bool:
        return _template_key(method, template) in self._schemas

    def __call__(self, method: str, template: str, body: Any) -> list[str]:
        schema = self._schemas.get(_template_key(method, template))
        if schema is None:
            return []  # the spec describes no JSON body for this route
        checker = LenientValidator(schema, registry=self._registry)
        errors = sorted(checker.iter_errors(body), key=lambda e: list(e.absolute_path))
        return [problem for error in errors for problem in _explain(error)]


def _escape(part: str) -> str:
    return quote(part.replace("~", "~0").replace("/", "~1"), safe="~@")


def _explain(error: ValidationError) -> list[str]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        return _explain_union(error)
    return [f"{_where(error)}: {_describe(error)}"]


def _explain_union(error: ValidationError) -> list[str]:
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    chosen = [errs for errs in branches.values() if not any(_rejects_kind(e, error) for e in errs)]
    if chosen:
        best = min(chosen, key=len)
        return [problem for sub in best for problem in _explain(sub)]
    allowed = sorted(_allowed_kinds(error.context or []), key=lambda kind: (str(type(kind)), kind))
    kind = error.instance.get("type") if isinstance(error.instance, dict) else type(error.instance)
    hint = f"; allowed types: {allowed}" if allowed else ""
    return [f"{_where(error)}: no variant of the union accepts type {kind!r}{hint}"]


def _rejects_kind(sub: ValidationError, union: ValidationError) -> bool:
    """Did this variant refuse the value for what it *is* (its JSON type or its "type" field)?"""
    relative = list(sub.absolute_path)[len(list(union.absolute_path)) :]
    if not relative:
        return sub.validator in ("type", "const", "enum")
    return relative == ["type"] and sub.validator in ("enum", "const", "type")


def _allowed_kinds(errors: Iterable[ValidationError]) -> set[Any]:
    allowed: set[Any] = set()
    for sub in errors:
        if list(sub.relative_path) == ["type"] and sub.validator == "enum":
            allowed.update(sub.validator_value)
        elif list(sub.relative_path) == ["type"] and sub.validator == "const":
            allowed.add(sub.validator_value)
    return allowed


def _where(error: ValidationError) -> str:
    where = "body"
    for part in error.absolute_path:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return where


def _describe(error: ValidationError) -> str:
    shown = json.dumps(error.instance, ensure_ascii=False, default=str)
    if len(shown) > _SHOWN_CHARS:
        shown = f"{shown[:_SHOWN_CHARS]}… ({len(shown)} chars)"
    limit = error.validator_value
    if error.validator in ("maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum"):
        return f"{shown} breaks {error.validator} {limit}"
    if error.validator == "required":
        return error.message
    if error.validator == "additionalProperties":
        return error.message
    return f"{shown}: {error.message if len(error.message) < 200 else error.validator}"


@functools.cache
def spec_validator() -> SpecValidator:
    """The validator for the committed spec, built once per process (building it is slow)."""
    return SpecValidator(json.loads(SPEC_PATH.read_text(encoding="utf-8")))
