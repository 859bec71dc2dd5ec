"""Service identity and health checks."""

from flowcept import __version__
from flowcept.domain.errors import StoreUnavailable
from flowcept.http.base import ApiHandler
from flowcept.http.routing import Reply, Route, api
from flowcept.http.schemas import Health, ServiceInfo

SERVICE_NAME = "flowcept-webservice"


class RootHandler(ApiHandler):
    async def get(self) -> None:
        self.arguments()
        self.send_json({"status": "up", "service": SERVICE_NAME, "version": __version__})


class LiveHandler(ApiHandler):
    async def get(self) -> None:
        self.arguments()
        self.send_json({"status": "ok"})


class ReadyHandler(ApiHandler):
    async def get(self) -> None:
        self.arguments()
        try:
            await self.store.ping()
        except StoreUnavailable as exc:
            degraded = {"status": "degraded", "services": {exc.service: exc.detail}}
            self.send_json(degraded, status=503)
            return
        self.send_json({"status": "ready"})


def _root(path: str) -> Route:
    info = Reply("json", ServiceInfo)
    return Route(
        path, RootHandler, "health", "Service name and version", reply=info, errors=(400, 405)
    )


routes = [
    _root(api("/")),
    _root(api("")),
    Route(
        api("/health/live"),
        LiveHandler,
        "health",
        "The process is up",
        reply=Reply("json", Health),
        errors=(400, 405),
    ),
    Route(
        api("/health/ready"),
        ReadyHandler,
        "health",
        "The store answers",
        reply=Reply("json", Health),
        errors=(400, 405, 503),
        description='503 with `{"status": "degraded", "services": {...}}` while the store '
        "does not answer.",
    ),
]
