"""Streaming export: NDJSON of every match, in list order, compressed when the client accepts it."""

import json

from tests.http.client import call, payload


def lines(response) -> list[dict]:
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    return [json.loads(line) for line in response.body.decode().splitlines()]


async def test_task_export_streams_every_match_in_list_order(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks/export")
    assert response.code == 200
    listed = payload(await call(http_server_client, "/api/v1/tasks"))["items"]
    assert lines(response) == listed
    assert response.headers["Content-Disposition"] == 'attachment; filename="tasks.ndjson"'


async def test_export_takes_the_list_filters(http_server_client):
    response = await call(
        http_server_client, "/api/v1/tasks/export?status=FINISHED&workflow_id=wf-a"
    )
    assert [t["task_id"] for t in lines(response)] == ["t-1", "t-0", "t-3"]
    objects = lines(await call(http_server_client, "/api/v1/objects/export?type=ml_model"))
    assert [o["object_id"] for o in objects] == ["model-1", "model-2"]
    assert all("data" not in o for o in objects)
    workflows = lines(await call(http_server_client, "/api/v1/workflows/export?user=alice"))
    assert [w["workflow_id"] for w in workflows] == ["wf-a", "wf-c"]


async def test_export_resumes_after_a_list_cursor(http_server_client):
    first = payload(await call(http_server_client, "/api/v1/tasks?limit=4"))
    rest = lines(
        await call(http_server_client, f"/api/v1/tasks/export?cursor={first['next_cursor']}")
    )
    everything = payload(await call(http_server_client, "/api/v1/tasks"))["items"]
    assert first["items"] + rest == everything


async def test_bad_export_requests_are_json_errors(http_server_client):
    response = await call(
        http_server_client, "/api/v1/tasks/export?filter_json=%7B%22%24where%22%3A1%7D"
    )
    assert (response.code, payload(response)) == (
        400,
        {"detail": "Unsupported filter operator: $where"},
    )
    unknown = await call(http_server_client, "/api/v1/tasks/export?limit=5")
    assert unknown.code == 400


async def test_json_and_ndjson_are_gzipped_when_accepted(http_server_client):
    for path in ("/api/v1/tasks", "/api/v1/tasks/export"):
        response = await call(
            http_server_client, path, headers={"Accept-Encoding": "gzip"}, decompress_response=False
        )
        assert response.headers.get("Content-Encoding") == "gzip", path
    download = await call(
        http_server_client,
        "/api/v1/objects/model-1/versions/1/download",
        headers={"Accept-Encoding": "gzip"},
        decompress_response=False,
    )
    assert "Content-Encoding" not in download.headers
    assert len(download.body) == 1280
