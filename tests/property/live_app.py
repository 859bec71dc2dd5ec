"""The real Tornado application served in-process on a loopback port, driven synchronously."""

import asyncio
from collections.abc import Mapping
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port

from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app


class LiveApp:
    """make_app(store) behind an HTTPServer; `fetch` sends one request and waits for the answer."""

    def __init__(self, store_factory: Any) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.store: ProvenanceStore = self.loop.run_until_complete(_build(store_factory))
        sock, port = bind_unused_port()
        self.server = HTTPServer(make_app(self.store))
        self.server.add_socket(sock)
        self.base = f"http://127.0.0.1:{port}"
        self.client = AsyncHTTPClient(force_instance=True)

    def fetch(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Mapping[str, str], bytes]:
        request = HTTPRequest(
            self.base + path,
            method=method,
            body=body if body is not None or method != "POST" else b"",
            headers=dict(headers or {}),
            request_timeout=30,
            allow_nonstandard_methods=True,
        )
        response = self.loop.run_until_complete(self.client.fetch(request, raise_error=False))
        return response.code, response.headers, response.body or b""

    def close(self) -> None:
        self.client.close()
        self.server.stop()
        self.loop.run_until_complete(self.server.close_all_connections())
        self.loop.close()
        asyncio.set_event_loop(None)


async def _build(store_factory: Any) -> ProvenanceStore:
    store: ProvenanceStore = await store_factory()
    return store
