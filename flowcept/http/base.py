"""The base handler: one place that turns domain errors into statuses and shapes every body."""

import hashlib
import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tornado.web import HTTPError, RequestHandler

from flowcept.domain.errors import (
    InvalidQuery,
    NotFound,
    ProvenanceError,
    ReportFailed,
    StoreUnavailable,
)
from flowcept.domain.ports import Page, ProvenanceStore
from flowcept.http.jsonout import dumps
from flowcept.http.params import single_arguments
from flowcept.http.routing import Route

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)

STATUS_OF = {NotFound: 404, InvalidQuery: 400, StoreUnavailable: 503, ReportFailed: 500}
READ_METHODS = ("GET", "POST")


def status_of(error: ProvenanceError) -> int:
    for kind, status in STATUS_OF.items():
        if isinstance(error, kind):
            return status
    return 500


def validation_details(error: ValidationError) -> list[dict[str, Any]]:
    """Pydantic errors as plain JSON: where, what, and the error type."""
    return [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in error.errors(include_url=False, include_context=False, include_input=False)
    ]


def body_etag(body: bytes) -> str:
    """A strong entity tag of a response body: 128 bits of its SHA-256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class ApiHandler(RequestHandler):
    """JSON in, JSON out; errors as `{"detail": ...}`."""

    route: Route | None = None

    def initialize(self, route: Route | None = None) -> None:
        self.route = route

    def arguments(self) -> dict[str, str]:
        """The query string, checked against the parameters the route documents."""
        return single_arguments(self, self.route.query_names if self.route else ())

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("X-Content-Type-Options", "nosniff")

    @property
    def store(self) -> ProvenanceStore:
        store: ProvenanceStore = self.application.settings["store"]
        return store

    def send_json(self, value: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(dumps(value))

    def send_resource(self, value: Any) -> None:
        """One record as JSON with a strong ETag of its bytes; 304, no body, if `If-None-Match`
        names that tag (weak comparison, lists and `*` as Tornado's `check_etag_header`)."""
        body = dumps(value)
        self.set_header("Etag", body_etag(body))
        if self.check_etag_header():
            self.set_status(304)
            self.finish()
        else:
            self.finish(body)

    def send_page(self, page: Page) -> None:
        envelope: dict[str, Any] = {
            "items": page.items,
            "count": len(page.items),
            "limit": page.limit,
            "next_cursor": page.next_cursor,
        }
        if page.total is not None:
            envelope["total"] = page.total
        self.send_json(envelope)

    def parse_body(self, model: type[ModelT]) -> ModelT:
        """Validate the JSON body against `model`; an empty body means every default."""
        return model.model_validate_json(self.request.body or b"{}")

    def allowed_methods(self) -> list[str]:
        own = type(self)
        return [
            m
            for m in READ_METHODS
            if getattr(own, m.lower()) is not getattr(RequestHandler, m.lower())
        ]

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, ProvenanceError | ValidationError):
            log.info("%s %s: %s", self.request.method, self.request.path, value)
        else:
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        detail: Any
        if isinstance(error, ProvenanceError):
            status_code, detail = status_of(error), error.detail
        elif isinstance(error, ValidationError):
            status_code, detail = 422, validation_details(error)
        elif status_code == 405:
            allowed = self.allowed_methods()
            self.set_header("Allow", ", ".join(allowed))
            detail = (
                f"Method {self.request.method} not allowed on {self.request.path}; "
                f"this read-only API accepts {' and '.join(allowed) or 'no method'} here"
            )
        elif status_code == 404:
            detail = f"Not found: {self.request.path}"
        elif status_code < 500:
            detail = self._reason
        else:
            detail = "Internal server error"
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_status(status_code)
        self.finish(dumps({"detail": detail}))


class NotFoundHandler(ApiHandler):
    """Answers every path that no route claims."""

    def prepare(self) -> None:
        raise HTTPError(404)
