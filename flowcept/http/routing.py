"""The route table: each route declared once; the URL specs are derived from it."""

import re
from dataclasses import dataclass, field
from typing import Any

from tornado.routing import URLSpec
from tornado.web import RequestHandler

API_PREFIX = "/api/v1"
_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    """One path of the API, its handler and the keyword arguments the handler is built with."""

    path: str
    handler: type[RequestHandler]
    tag: str
    summary: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def pattern(self) -> str:
        """The path as a Tornado pattern: `{name}` becomes a named group of one path segment."""
        return _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", self.path) + "$"

    def url_spec(self) -> URLSpec:
        return URLSpec(self.pattern, self.handler, self.kwargs)


def api(path: str) -> str:
    return API_PREFIX + path
