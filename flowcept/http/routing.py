"""The route table: each route declared once; the URL specs and the OpenAPI document derive from it.

A handler reads its accepted query parameters from its own Route, so what the document lists is
exactly what the handler takes.
"""

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel
from tornado.routing import URLSpec
from tornado.web import RequestHandler

API_PREFIX = "/api/v1"
_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Param:
    """A query parameter: its JSON schema, and whether it is an equality filter on its field."""

    name: str
    schema: dict[str, Any]
    description: str
    field_filter: bool = False
    required: bool = False


@dataclass(frozen=True)
class Reply:
    """What a successful answer carries."""

    kind: Literal["json", "binary", "card", "ndjson", "text"]
    model: type[BaseModel] | None = None
    description: str = "OK"
    media_types: tuple[str, ...] = ()  # kind "text": the media types a `format` chooses from


@dataclass(frozen=True)
class Route:
    """One path of the API: handler, documentation, and the keyword arguments of the handler."""

    path: str
    handler: type[RequestHandler]
    tag: str
    summary: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: tuple[Param, ...] = ()
    body: type[BaseModel] | None = None
    reply: Reply = Reply("json")
    errors: tuple[int, ...] = (400, 404, 405, 503)
    description: str = ""

    @property
    def pattern(self) -> str:
        """The path as a Tornado pattern: `{name}` becomes a named group of one path segment."""
        return _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", self.path) + "$"

    @property
    def path_params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def query_names(self) -> tuple[str, ...]:
        return tuple(param.name for param in self.query)

    @property
    def field_filters(self) -> tuple[str, ...]:
        return tuple(param.name for param in self.query if param.field_filter)

    @property
    def method(self) -> str:
        """The one method the route answers (the API is read-only: GET, or POST for queries)."""
        return "post" if _inherits(self.handler, "post") else "get"

    def url_spec(self) -> URLSpec:
        return URLSpec(self.pattern, self.handler, {**self.kwargs, "route": self})


def _inherits(handler: type[RequestHandler], method: str) -> bool:
    return getattr(handler, method) is not getattr(RequestHandler, method)


def api(path: str) -> str:
    return API_PREFIX + path


# Parameters shared by many routes.
LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
    "How many items to return at most.",
)
FILTER_JSON = Param(
    "filter_json",
    {"type": "string", "contentMediaType": "application/json", "examples": ['{"status": "ERROR"}']},
    "A JSON filter document (MongoDB query language, allowlisted operators), combined with the "
    "other filters.",
)
CURSOR = Param(
    "cursor",
    {"type": "string", "maxLength": 2048},
    "`next_cursor` of the previous page, to read the next one (same filters and order).",
)
COUNT_TOTAL = Param(
    "count_total",
    {"type": "boolean", "default": False},
    "Add `total`, the number of matching records (costs a count).",
)
PAGING = (LIMIT, CURSOR, COUNT_TOTAL)
INCLUDE_DATA = Param(
    "include_data",
    {"type": "boolean", "default": False},
    "Add inline payloads as base64 in `data` (GridFS payloads: use the download endpoints).",
)


def filters(*names: str) -> tuple[Param, ...]:
    """Equality filters on the document fields of the same names."""
    return tuple(
        Param(name, {"type": "string"}, f"Only records whose `{name}` equals this.", True)
        for name in names
    )
