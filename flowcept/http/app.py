"""The Tornado application, built from the route table around one provenance store."""

from typing import Any

from tornado.web import Application, GZipContentEncoding

from flowcept.domain.ports import ProvenanceStore
from flowcept.http.base import NotFoundHandler
from flowcept.http.routes import docs, export, health, objects, reports, spec, tasks, workflows
from flowcept.http.routing import Route

# Export paths come before `/{collection}/{id}` so that `export` is never read as an id.
ROUTES: list[Route] = (
    health.routes
    + export.routes
    + workflows.routes
    + reports.routes
    + tasks.routes
    + objects.routes
)


class Gzip(GZipContentEncoding):
    """Tornado's gzip, also for NDJSON exports and Markdown cards; payload downloads stay as is."""

    CONTENT_TYPES = GZipContentEncoding.CONTENT_TYPES | {"application/x-ndjson", "text/markdown"}


def make_app(store: ProvenanceStore, **settings: Any) -> Application:
    """The API application serving `store`."""
    return Application(
        [route.url_spec() for route in ROUTES] + spec.page_routes + docs.page_routes,
        transforms=[Gzip],
        default_handler_class=NotFoundHandler,
        store=store,
        **settings,
    )
