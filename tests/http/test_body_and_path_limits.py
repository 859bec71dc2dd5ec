"""Oversized bodies and path segments: a 413 or 400 naming the limit, never a cut connection."""

import asyncio
import json
from typing import Any

import pytest

from flowcept.http.limits import MAX_BODY_BYTES, MAX_SEGMENT_CHARS
from tests.http.client import call, payload

TOO_LARGE = f"the limit is {MAX_BODY_BYTES} bytes (1 MiB)"


async def exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read until the server closes; the status, headers and body it answered."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def post_head(path: str, *headers: str) -> bytes:
    return ("\r\n".join([f"POST {path} HTTP/1.1", "Host: test", *headers]) + "\r\n\r\n").encode()


async def test_a_body_over_the_limit_is_413_naming_it(http_server_client: Any) -> None:
    body = json.dumps({"filter": {"task_id": "x" * MAX_BODY_BYTES}})
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body)
    assert response.code == 413
    assert payload(response)["detail"].endswith(TOO_LARGE)


async def test_a_body_at_the_limit_is_read(http_server_client: Any) -> None:
    body = b'{"limit": 1}' + b" " * (MAX_BODY_BYTES - 12)
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body)
    assert response.code == 200 and payload(response)["count"] == 1


async def test_a_two_gigabyte_claim_is_answered_413_before_any_body_is_read(
    http_server_port: Any, http_server_client: Any
) -> None:
    request = post_head("/api/v1/tasks/query", "Content-Length: 2000000000") + b'{"filter": '
    status, headers, body = await exchange(http_server_port[1], request)
    assert status == 413
    assert json.loads(body) == {"detail": f"Request body too large (2000000000 bytes): {TOO_LARGE}"}
    # Nothing follows the answer (no raw "400 Bad Request" from Tornado's own limit); the server
    # then closes the connection rather than read the rest of the body (`exchange` read to EOF).
    assert headers["content-length"] == str(len(body))


async def test_a_chunked_body_over_the_limit_is_413(
    http_server_port: Any, http_server_client: Any
) -> None:
    piece = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(17)) + b"0\r\n\r\n"
    request = post_head("/api/v1/tasks/query", "Transfer-Encoding: chunked") + chunks
    status, _, body = await exchange(http_server_port[1], request)
    assert status == 413
    assert json.loads(body) == {"detail": f"Request body too large: {TOO_LARGE}"}


async def test_a_small_chunked_body_is_read(http_server_port: Any, http_server_client: Any) -> None:
    data = b'{"limit": 2}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)
    request = post_head("/api/v1/tasks/query", "Transfer-Encoding: chunked", "Connection: close")
    status, _, body = await exchange(http_server_port[1], request + chunked)
    assert status == 200 and json.loads(body)["count"] == 2


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks/{long}",
        "/api/v1/workflows/{long}",
        "/api/v1/objects/{long}/versions/1",
        "/api/v1/tasks/by_workflow/{long}",
        "/api/v1/workflows/{long}/reports/provenance-card",
    ],
)
async def test_a_path_segment_over_the_limit_is_400_naming_it(
    http_server_client: Any, path: str
) -> None:
    response = await call(http_server_client, path.format(long="a" * 10_000))
    assert response.code == 400
    detail = payload(response)["detail"]
    assert detail.endswith(f"is 10000 characters long; the limit is {MAX_SEGMENT_CHARS}")


async def test_a_path_segment_at_the_limit_is_looked_up(http_server_client: Any) -> None:
    response = await call(http_server_client, "/api/v1/tasks/" + "a" * MAX_SEGMENT_CHARS)
    assert response.code == 404
