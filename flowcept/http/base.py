"""The base handler: one place that turns domain errors into statuses and shapes every body."""

import hashlib
import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tornado.web import HTTPError, RequestHandler, stream_request_body

from flowcept.domain.errors import (
    InvalidQuery,
    NotFound,
    ProvenanceError,
    ReportFailed,
    StoreUnavailable,
)
from flowcept.domain.ports import Page, ProvenanceStore
from flowcept.http.cors import CorsPolicy
from flowcept.http.limits import (
    MAX_BODY_BYTES,
    BodyTooLarge,
    check_path_segments,
    declared_length,
)
from flowcept.http.params import single_arguments
from flowcept.http.request_ids import current_request_id, request_id
from flowcept.http.routing import Route
from flowcept.http.security import Unauthorized, check_bearer, requires_token
from flowcept.jsonout import dumps

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)

STATUS_OF = {NotFound: 404, InvalidQuery: 400, StoreUnavailable: 503, ReportFailed: 500}
READ_METHODS = ("GET", "POST")
# Errors of the client's making: logged at DEBUG (their messages may quote filter values).
CLIENT_ERRORS = (ProvenanceError, ValidationError, Unauthorized, BodyTooLarge)
# Once the handler has answered, Tornado closes the connection rather than read the rest of a
# body; until then it must not apply its own limit, which drops the connection unanswered.
UNBOUNDED = 2**62


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
    """JSON in, JSON out; errors as `{"detail": ...}`.

    Handlers that take a body (`QueryBodyHandler`) read it themselves, so that the token, the body
    size and the path are checked before a byte of it is read, and an oversized body is a 413
    rather than a cut connection.
    """

    route: Route | None = None
    _refusing = False

    def initialize(self, route: Route | None = None) -> None:
        self.route = route

    def prepare(self) -> None:
        self._refusing = True  # until prepare returns: a refusal leaves any body unread
        self.admit()
        self._refusing = False

    def admit(self) -> None:
        """Refuse the request (401, 413, 400) from its headers and path alone."""
        current_request_id.set(request_id(self.request))
        set_max_body_size = getattr(self.request.connection, "set_max_body_size", None)
        if set_max_body_size is not None:
            set_max_body_size(UNBOUNDED)
        if self.request.method == "OPTIONS":
            return  # a CORS preflight never carries the token
        token = self.settings.get("api_token")
        if token and requires_token(self.request.path):
            check_bearer(self.request.headers.get("Authorization"), token)
        declared = declared_length(self.request)
        if declared is not None and declared > MAX_BODY_BYTES:
            raise BodyTooLarge(declared)
        check_path_segments(self.path_kwargs)

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        if len(self.request.body) + len(chunk) > MAX_BODY_BYTES:  # a chunked body, unannounced
            error = BodyTooLarge()
            self._refusing = True
            self.send_error(413, exc_info=(BodyTooLarge, error, None))
            return
        self.request.body += chunk

    async def options(self, *args: str, **kwargs: str) -> None:
        """A CORS preflight from an allowed origin: 204 (the headers come from the transform)."""
        if not self.cors.is_preflight(self.request):
            raise HTTPError(405)
        self.set_status(204)
        self.finish()

    @property
    def cors(self) -> CorsPolicy:
        policy: CorsPolicy = self.settings.get("cors") or CorsPolicy()
        return policy

    def arguments(self) -> dict[str, str]:
        """The query string, checked against the parameters the route documents."""
        return single_arguments(self, self.route.query_names if self.route else ())

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")

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
        if isinstance(value, CLIENT_ERRORS):
            log.debug("%s %s: %s", self.request.method, self.request.path, value)
        else:
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if getattr(self, "_refusing", False) and getattr(self, "_stream_request_body", False):
            # Tornado closes the connection rather than read a body it was not given to skip;
            # say so, or a keep-alive client would send its next request into a closed socket.
            self.set_header("Connection", "close")
        detail: Any
        if isinstance(error, ProvenanceError):
            status_code, detail = status_of(error), error.detail
        elif isinstance(error, ValidationError):
            status_code, detail = 422, validation_details(error)
        elif isinstance(error, Unauthorized):
            status_code, detail = 401, error.detail
            self.set_header("WWW-Authenticate", error.challenge)
        elif isinstance(error, BodyTooLarge):
            status_code, detail = 413, error.detail
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


@stream_request_body
class QueryBodyHandler(ApiHandler):
    """A handler whose POST carries a body: it streams in after `prepare` admitted the request.

    Only these stream: a refused streaming request must close its connection, and a request
    without a body should keep its connection whatever the answer."""


class NotFoundHandler(ApiHandler):
    """Answers every path that no route claims."""

    def prepare(self) -> None:
        super().prepare()  # unknown paths under /api/v1 need the token too: no route probing
        raise HTTPError(404)
