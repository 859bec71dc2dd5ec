"""Request ids: taken from `X-Request-ID` when sane, else made up; stamped on every log line.

The id of the request being handled lives in a ContextVar. Tornado runs each handler in its own
asyncio task, which copies the context, so a value set in the handler never leaks into another
request; `RequestIdFilter` copies it onto every log record as `request_id` ("-" outside requests).
"""

import logging
import re
import uuid
import weakref
from contextvars import ContextVar

from tornado.httputil import HTTPServerRequest

HEADER = "X-Request-ID"
# Long enough for a UUID or a trace id, short and plain enough to log and echo safely.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NO_REQUEST = "-"

current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)
_ids: "weakref.WeakKeyDictionary[HTTPServerRequest, str]" = weakref.WeakKeyDictionary()


def request_id(request: HTTPServerRequest) -> str:
    """The request's id: the client's `X-Request-ID` if sane, else a new uuid4 hex; stable."""
    known = _ids.get(request)
    if known is None:
        offered = request.headers.get(HEADER, "")
        known = offered if SANE_ID.fullmatch(offered) else uuid.uuid4().hex
        _ids[request] = known
    return known


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record that passes, so formats may name it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
