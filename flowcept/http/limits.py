"""Size limits on what a request may send: the body of a query, one path segment.

Bodies are read by the handler itself (`stream_request_body`), so a body over the limit is answered
with a 413 naming it, even when the client announces gigabytes: Tornado's own `max_body_size`
would drop the connection without an answer.
"""

from tornado.httputil import HTTPServerRequest

from flowcept.domain.errors import InvalidQuery

MAX_BODY_BYTES = 1024 * 1024  # a query body is a few kilobytes; 1 MiB leaves room for big $in lists
MAX_SEGMENT_CHARS = 512  # ids are UUIDs or names; 512 is generous and keeps logs and queries small


class BodyTooLarge(Exception):
    """The request body exceeds `MAX_BODY_BYTES`; answers 413."""

    def __init__(self, declared: int | None = None) -> None:
        size = f" ({declared} bytes)" if declared is not None else ""
        self.detail = f"Request body too large{size}: the limit is {MAX_BODY_BYTES} bytes (1 MiB)"
        super().__init__(self.detail)


def declared_length(request: HTTPServerRequest) -> int | None:
    """The Content-Length the client announced, if it is one plain number."""
    value = request.headers.get("Content-Length", "").strip()
    return int(value) if value.isdigit() else None


def check_path_segments(values: dict[str, str]) -> None:
    """400 for a path parameter longer than `MAX_SEGMENT_CHARS`."""
    for name, value in values.items():
        if len(value) > MAX_SEGMENT_CHARS:
            raise InvalidQuery(
                f"{name} is {len(value)} characters long; the limit is {MAX_SEGMENT_CHARS}"
            )
