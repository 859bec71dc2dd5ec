"""Service identity and health checks."""

from flowcept import __version__
from flowcept.domain.errors import StoreUnavailable
from flowcept.http.base import ApiHandler
from flowcept.http.params import single_arguments
from flowcept.http.routing import Route, api

SERVICE_NAME = "flowcept-webservice"


class RootHandler(ApiHandler):
    async def get(self) -> None:
        single_arguments(self, ())
        self.send_json({"status": "up", "service": SERVICE_NAME, "version": __version__})


class LiveHandler(ApiHandler):
    async def get(self) -> None:
        single_arguments(self, ())
        self.send_json({"status": "ok"})


class ReadyHandler(ApiHandler):
    async def get(self) -> None:
        single_arguments(self, ())
        try:
            await self.store.ping()
        except StoreUnavailable as exc:
            degraded = {"status": "degraded", "services": {exc.service: exc.detail}}
            self.send_json(degraded, status=503)
            return
        self.send_json({"status": "ready"})


routes = [
    Route(api("/"), RootHandler, "health", "Service name and version"),
    Route(api(""), RootHandler, "health", "Service name and version"),
    Route(api("/health/live"), LiveHandler, "health", "The process is up"),
    Route(api("/health/ready"), ReadyHandler, "health", "The store answers"),
]
