"""The Tornado application, built from the route table around one provenance store."""

from typing import Any

from tornado.web import Application

from flowcept.domain.ports import ProvenanceStore
from flowcept.http.base import NotFoundHandler
from flowcept.http.routes import docs, health, objects, reports, spec, tasks, workflows
from flowcept.http.routing import Route

ROUTES: list[Route] = (
    health.routes + workflows.routes + reports.routes + tasks.routes + objects.routes
)


def make_app(store: ProvenanceStore, **settings: Any) -> Application:
    """The API application serving `store`."""
    return Application(
        [route.url_spec() for route in ROUTES] + spec.page_routes + docs.page_routes,
        default_handler_class=NotFoundHandler,
        store=store,
        **settings,
    )
