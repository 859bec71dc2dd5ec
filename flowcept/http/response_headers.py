"""Headers every response carries, added as an output transform so that no handler can forget
them: errors, 404s, static files and the documentation pages included.

The transform also counts the body bytes sent, after compression (the access log reports them),
and asks clients to close their connection while the server drains for shutdown.
"""

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform

from flowcept.http.access import count_sent
from flowcept.http.cors import CorsPolicy
from flowcept.http.lifecycle import Lifecycle
from flowcept.http.request_ids import HEADER, request_id
from flowcept.http.security import add_security_headers


class ResponseHeaders(OutputTransform):
    """Security headers, request id and CORS; byte counting. Must come after compression."""

    cors = CorsPolicy()
    lifecycle = Lifecycle()

    def __init__(self, request: HTTPServerRequest) -> None:
        super().__init__(request)
        self.request = request
        # Tornado makes one transform per request, as it starts handling it.
        self.lifecycle.started(request)

    def transform_first_chunk(
        self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, HTTPHeaders, bytes]:
        add_security_headers(headers, status_code)
        headers[HEADER] = request_id(self.request)
        self.cors.add_headers(self.request, headers)
        if self.lifecycle.draining:
            headers["Connection"] = "close"
        self._count(chunk)
        return status_code, headers, chunk

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        self._count(chunk)
        return chunk

    def _count(self, chunk: bytes) -> None:
        if chunk and self.request.method != "HEAD":
            count_sent(self.request, len(chunk))


def response_headers(cors: CorsPolicy, lifecycle: Lifecycle) -> type[ResponseHeaders]:
    """The transform class for one application (Tornado builds one transform per request)."""
    return type("AppResponseHeaders", (ResponseHeaders,), {"cors": cors, "lifecycle": lifecycle})
