"""Requests in flight, so that a shutdown can wait for them (an export may stream for minutes)."""

import asyncio
import time

from tornado.httputil import HTTPServerRequest

POLL_S = 0.05


class Lifecycle:
    """Tracks the requests being answered; `draining` is set once the server stops accepting."""

    def __init__(self) -> None:
        self.in_flight: set[HTTPServerRequest] = set()
        self.draining = False

    def started(self, request: HTTPServerRequest) -> None:
        self.in_flight.add(request)

    def finished(self, request: HTTPServerRequest) -> None:
        self.in_flight.discard(request)

    def pending(self) -> int:
        """Requests still being answered; those whose client has gone away no longer count."""
        self.in_flight = {r for r in self.in_flight if not _connection_closed(r)}
        return len(self.in_flight)

    async def drain(self, grace_s: float, cut_short: asyncio.Event | None = None) -> int:
        """Wait until no request is in flight, for at most `grace_s`; how many are left."""
        self.draining = True
        deadline = time.monotonic() + grace_s
        while self.pending() and time.monotonic() < deadline:
            if cut_short is not None and cut_short.is_set():
                break
            await asyncio.sleep(POLL_S)
        return self.pending()


def _connection_closed(request: HTTPServerRequest) -> bool:
    stream = getattr(request.connection, "stream", None)
    return stream is None or bool(stream.closed())
