"""The access log: one JSON line per request on `flowcept.access`, at INFO.

It names the query parameters but never their values (a `filter_json` can hold anything a user
typed), and never a header, a body or the token.
"""

import json
import logging
import time
import weakref
from typing import Any

from tornado.httputil import HTTPServerRequest
from tornado.web import RequestHandler

from flowcept.http.logs import ACCESS_LOGGER
from flowcept.http.request_ids import request_id

log = logging.getLogger(ACCESS_LOGGER)

MAX_LOGGED_PATH = 1024
MAX_LOGGED_NAMES = 32
MAX_LOGGED_NAME = 64

_sent: "weakref.WeakKeyDictionary[HTTPServerRequest, int]" = weakref.WeakKeyDictionary()


def count_sent(request: HTTPServerRequest, size: int) -> None:
    """Add `size` body bytes written (after compression) to the request's total."""
    _sent[request] = _sent.get(request, 0) + size


def bytes_sent(request: HTTPServerRequest) -> int:
    return _sent.get(request, 0)


def access_record(handler: RequestHandler) -> dict[str, Any]:
    """What the access line says about one finished request."""
    request = handler.request
    names = sorted({name[:MAX_LOGGED_NAME] for name in request.query_arguments})
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "method": request.method,
        "path": request.path[:MAX_LOGGED_PATH],
        "query": names[:MAX_LOGGED_NAMES],
        "status": handler.get_status(),
        "duration_ms": round(request.request_time() * 1000, 1),
        "bytes": bytes_sent(request),
        "request_id": request_id(request),
        "remote": request.remote_ip,
    }


def log_request(handler: RequestHandler) -> None:
    """Tornado's `log_function`: write the access line."""
    if log.isEnabledFor(logging.INFO):
        log.info(json.dumps(access_record(handler), ensure_ascii=True))
