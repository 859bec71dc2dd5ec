"""The Tornado application, built from the route table around one provenance store."""

from typing import Any

from tornado.web import Application, GZipContentEncoding, RequestHandler

from flowcept.domain.ports import ProvenanceStore
from flowcept.http.access import log_request
from flowcept.http.base import NotFoundHandler
from flowcept.http.cors import CorsPolicy
from flowcept.http.lifecycle import Lifecycle
from flowcept.http.response_headers import response_headers
from flowcept.http.routes import (
    docs,
    export,
    health,
    lineage,
    objects,
    reports,
    spec,
    tasks,
    workflows,
)
from flowcept.http.routing import Route

# Export paths come before `/{collection}/{id}` so that `export` is never read as an id.
ROUTES: list[Route] = (
    health.routes
    + export.routes
    + workflows.routes
    + reports.routes
    + lineage.routes
    + tasks.routes
    + objects.routes
)


class Gzip(GZipContentEncoding):
    """Tornado's gzip, also for NDJSON exports and Markdown cards; payload downloads stay as is."""

    CONTENT_TYPES = GZipContentEncoding.CONTENT_TYPES | {"application/x-ndjson", "text/markdown"}


class ServiceApplication(Application):
    """Tornado's application, counting the requests in flight for a graceful shutdown."""

    lifecycle: Lifecycle

    def log_request(self, handler: RequestHandler) -> None:
        # Called once per finished response; `ResponseHeaders` marked the request as started.
        self.lifecycle.finished(handler.request)
        super().log_request(handler)


def make_app(
    store: ProvenanceStore,
    api_token: str | None = None,
    cors_origins: tuple[str, ...] = (),
    **settings: Any,
) -> ServiceApplication:
    """The API application serving `store`; `api_token` set, /api/v1 needs it (but /health)."""
    cors = CorsPolicy(tuple(origin.lower() for origin in cors_origins))
    lifecycle = Lifecycle()
    settings.setdefault("log_function", log_request)
    app = ServiceApplication(
        [route.url_spec() for route in ROUTES] + spec.page_routes + docs.page_routes,
        # Order matters: the headers transform counts the bytes gzip leaves.
        transforms=[Gzip, response_headers(cors, lifecycle)],
        default_handler_class=NotFoundHandler,
        store=store,
        api_token=api_token,
        cors=cors,
        **settings,
    )
    app.lifecycle = lifecycle
    return app
