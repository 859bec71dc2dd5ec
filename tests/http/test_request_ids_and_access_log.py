"""Request ids (taken or made, echoed, on every log line) and the JSON access log."""

import gzip
import json
import logging
import re
from typing import Any
from urllib.parse import quote

import pytest

from flowcept.http.request_ids import RequestIdFilter
from tests.http.client import call

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def access_lines(caplog: pytest.LogCaptureFixture) -> Any:
    caplog.set_level(logging.INFO, logger="flowcept.access")

    def lines() -> list[dict[str, Any]]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "flowcept.access"]

    return lines


@pytest.mark.parametrize("offered", ["abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "a.b:c_d"])
async def test_a_sane_request_id_is_echoed(http_server_client: Any, offered: str) -> None:
    response = await call(http_server_client, "/api/v1/tasks", headers={"X-Request-ID": offered})
    assert response.headers["X-Request-ID"] == offered


@pytest.mark.parametrize("offered", ["", "has space", "x" * 129, "semi;colon", "<script>"])
async def test_an_insane_request_id_is_replaced(http_server_client: Any, offered: str) -> None:
    response = await call(http_server_client, "/api/v1/tasks", headers={"X-Request-ID": offered})
    assert HEX_ID.fullmatch(response.headers["X-Request-ID"])


@pytest.mark.parametrize(
    ("path", "status"), [("/api/v1/tasks", 200), ("/api/v1/tasks/nope", 404), ("/x", 404)]
)
async def test_every_response_gets_a_fresh_id(
    http_server_client: Any, path: str, status: int
) -> None:
    first = await call(http_server_client, path)
    second = await call(http_server_client, path)
    assert first.code == second.code == status
    ids = {first.headers["X-Request-ID"], second.headers["X-Request-ID"]}
    assert len(ids) == 2 and all(HEX_ID.fullmatch(i) for i in ids)


async def test_log_lines_emitted_while_handling_a_request_carry_its_id(
    http_server_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="flowcept.http.base")
    caplog.handler.addFilter(RequestIdFilter())
    headers = {"X-Request-ID": "trace-42"}
    response = await call(http_server_client, "/api/v1/tasks?limit=0", headers=headers)
    assert response.code == 400
    handled = [r for r in caplog.records if r.name == "flowcept.http.base"]
    assert handled and {r.request_id for r in handled} == {"trace-42"}  # type: ignore[attr-defined]


async def test_one_access_line_per_request_with_names_not_values(
    http_server_client: Any, access_lines: Any
) -> None:
    secret = "secret-campaign-name"
    filter_json = quote(json.dumps({"campaign_id": secret}))
    response = await call(
        http_server_client,
        f"/api/v1/tasks?filter_json={filter_json}&limit=2",
        headers={"X-Request-ID": "req-1"},
        decompress_response=False,
    )
    assert response.code == 200
    [line] = access_lines()
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/tasks"
    assert line["query"] == ["filter_json", "limit"]
    assert line["status"] == 200
    assert line["bytes"] == len(response.body)
    assert line["request_id"] == "req-1"
    assert line["remote"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert secret not in json.dumps(line)


async def test_the_access_line_holds_no_body_and_no_token(
    http_server_client: Any, access_lines: Any, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"filter": {"activity_id": "very-private-activity"}}
    headers = {"Authorization": "Bearer some-credential"}
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body, headers=headers)
    assert response.code == 200
    [line] = access_lines()
    assert (line["method"], line["status"]) == ("POST", 200)
    assert "very-private-activity" not in caplog.text and "some-credential" not in caplog.text


async def test_errors_are_logged_too(http_server_client: Any, access_lines: Any) -> None:
    response = await call(
        http_server_client, "/api/v1/tasks/query", "POST", b"{nope", decompress_response=False
    )
    assert response.code == 422
    [line] = access_lines()
    assert line["status"] == 422 and line["bytes"] == len(response.body)


async def test_streamed_exports_count_every_byte_sent(
    http_server_client: Any, access_lines: Any
) -> None:
    # Without Accept-Encoding: gzip, so the bytes on the wire are the body as read.
    response = await call(http_server_client, "/api/v1/tasks/export", decompress_response=False)
    assert response.code == 200 and response.body.count(b"\n") > 1
    [line] = access_lines()
    assert line["bytes"] == len(response.body)


async def test_gzipped_responses_count_the_compressed_bytes(
    http_server_client: Any, access_lines: Any
) -> None:
    response = await call(
        http_server_client,
        "/api/v1/tasks/export",
        headers={"Accept-Encoding": "gzip"},
        decompress_response=False,
    )
    assert response.headers["Content-Encoding"] == "gzip"
    [line] = access_lines()
    assert line["bytes"] == len(response.body) < len(gzip.decompress(response.body))


async def test_304_counts_no_body(http_server_client: Any, access_lines: Any) -> None:
    first = await call(http_server_client, "/api/v1/tasks/t-1", decompress_response=False)
    again = await call(
        http_server_client,
        "/api/v1/tasks/t-1",
        headers={"If-None-Match": first.headers["Etag"]},
        decompress_response=False,
    )
    assert again.code == 304
    assert [line["bytes"] for line in access_lines()] == [len(first.body), 0]
