"""Small helpers for talking to the app under test over real HTTP."""

import json
from typing import Any

from tornado.httpclient import HTTPResponse


async def call(
    client: Any, path: str, method: str = "GET", body: Any = None, **kwargs: Any
) -> HTTPResponse:
    """Fetch without raising on error statuses; a non-bytes body is sent as JSON."""
    if body is not None and not isinstance(body, bytes | str):
        body = json.dumps(body)
    if method == "POST" and body is None:
        body = b""
    response: HTTPResponse = await client.fetch(
        path, method=method, body=body, raise_error=False, **kwargs
    )
    return response


def payload(response: HTTPResponse) -> Any:
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    return json.loads(response.body)
