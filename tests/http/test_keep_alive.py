"""A refused request keeps its connection unless a body is left unread, and says when it
does not."""

import asyncio
from typing import Any

import pytest

from flowcept.http.limits import MAX_SEGMENT_CHARS


async def answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 answer (with Content-Length) from the stream."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
    status_line, *lines = head.decode("latin-1").strip().split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(status_line.split()[1]), headers, body


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode()


@pytest.mark.parametrize(
    ("first", "status"),
    [
        ("/api/v1/no/such/route", 404),
        ("/api/v1/tasks/" + "a" * (MAX_SEGMENT_CHARS + 1), 400),
        ("/api/v1/tasks/unknown-task", 404),
        ("/api/v1/tasks?bogus=1", 400),
    ],
)
async def test_a_refused_get_leaves_the_connection_open_for_the_next(
    http_server_port: Any, http_server_client: Any, first: str, status: int
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", http_server_port[1])
    try:
        writer.write(get(first))
        code, headers, _ = await answer(reader)
        assert code == status and headers.get("connection", "").lower() != "close"
        writer.write(get("/api/v1/health/live"))
        code, _, body = await answer(reader)
        assert code == 200 and body == b'{"status":"ok"}'
    finally:
        writer.close()


async def test_a_query_refused_with_its_body_unread_says_it_closes(
    http_server_port: Any, http_server_client: Any
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", http_server_port[1])
    try:
        writer.write(
            b"POST /api/v1/tasks/query HTTP/1.1\r\nHost: test\r\nContent-Length: 2000000000\r\n\r\n"
        )
        code, headers, _ = await answer(reader)
        assert code == 413 and headers["connection"].lower() == "close"
    finally:
        writer.close()
