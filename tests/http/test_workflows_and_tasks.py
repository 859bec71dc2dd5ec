"""Workflow and task endpoints over HTTP."""

from urllib.parse import quote

import pytest

from tests.http.client import call, payload


def items(response, field):
    return [item[field] for item in payload(response)["items"]]


async def test_workflow_list_is_an_envelope_in_default_order(http_server_client):
    response = await call(http_server_client, "/api/v1/workflows")
    assert response.code == 200
    body = payload(response)
    assert body["count"] == 4 and body["limit"] == 100
    assert [w["workflow_id"] for w in body["items"]] == ["wf-b", "wf-0", "wf-a", "wf-c"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("user=alice", ["wf-a", "wf-c"]),
        ("campaign_id=c1", ["wf-b", "wf-a"]),
        ("parent_workflow_id=wf-a", ["wf-b"]),
        ("name=training&limit=1", ["wf-0"]),
        ("filter_json=" + quote('{"utc_timestamp": {"$gte": 1000}}'), ["wf-0", "wf-a"]),
        ("user=alice&filter_json=" + quote('{"name": {"$regex": "^orph"}}'), ["wf-c"]),
    ],
)
async def test_workflow_list_filters(http_server_client, query, expected):
    response = await call(http_server_client, f"/api/v1/workflows?{query}")
    assert response.code == 200, response.body
    assert items(response, "workflow_id") == expected


async def test_get_workflow_and_unknown_workflow(http_server_client):
    response = await call(http_server_client, "/api/v1/workflows/wf-a")
    assert response.code == 200
    assert payload(response)["used"] == {"epochs": 3}
    missing = await call(http_server_client, "/api/v1/workflows/nope")
    assert (missing.code, payload(missing)) == (404, {"detail": "Workflow not found: nope"})


async def test_workflow_query_body(http_server_client):
    response = await call(
        http_server_client,
        "/api/v1/workflows/query",
        "POST",
        {
            "filter": {"user": "alice"},
            "projection": ["workflow_id"],
            "sort": [{"field": "workflow_id", "order": -1}],
            "limit": 5,
        },
    )
    assert response.code == 200
    assert payload(response) == {
        "items": [{"workflow_id": "wf-c"}, {"workflow_id": "wf-a"}],
        "count": 2,
        "limit": 5,
        "next_cursor": None,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("workflow_id=wf-b", ["t-9", "t-8"]),
        ("status=ERROR", ["t-2"]),
        ("parent_task_id=t-1", ["t-2"]),
        ("task_id=t-4", ["t-4"]),
        ("campaign_id=none", []),
        ("workflow_id=wf-a&limit=3", ["t-1", "t-2", "t-0"]),
        ("filter_json=" + quote('{"telemetry_at_end.cpu.percent_all": {"$gt": 30}}'), ["t-3"]),
        (
            "filter_json=" + quote('{"timestamp": {"$gte": {"$date": "2024-03-02T00:00:00Z"}}}'),
            ["t-8"],
        ),
    ],
)
async def test_task_list_filters(http_server_client, query, expected):
    response = await call(http_server_client, f"/api/v1/tasks?{query}")
    assert response.code == 200, response.body
    assert items(response, "task_id") == expected


async def test_tasks_by_workflow(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks/by_workflow/wf-a?status=FINISHED")
    assert items(response, "task_id") == ["t-1", "t-0", "t-3"]
    empty = await call(http_server_client, "/api/v1/tasks/by_workflow/unknown")
    assert (empty.code, payload(empty)["items"]) == (200, [])


async def test_get_task_renders_bson_values_as_json(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks/t-9")
    task = payload(response)
    assert task["started_at"] == 1_700_000_000_000
    assert task["timestamp"] == "2024-03-01T00:00:00Z"
    assert "_id" not in task
    missing = await call(http_server_client, "/api/v1/tasks/nope")
    assert (missing.code, payload(missing)) == (404, {"detail": "Task not found: nope"})


async def test_task_query_with_sort_projection_and_aggregation(http_server_client):
    response = await call(
        http_server_client,
        "/api/v1/tasks/query",
        "POST",
        {
            "filter": {"workflow_id": "wf-a"},
            "projection": ["task_id", "started_at"],
            "sort": [{"field": "started_at", "order": -1}],
            "limit": 2,
        },
    )
    assert payload(response)["items"] == [
        {"task_id": "t-0", "started_at": 30.0},
        {"task_id": "t-3", "started_at": 30.0},
    ]
    rows = await call(
        http_server_client,
        "/api/v1/tasks/query",
        "POST",
        {
            "filter": {"workflow_id": "wf-a"},
            "projection": ["status"],
            "aggregation": [{"operator": "max", "field": "telemetry_at_end.cpu.percent_all"}],
        },
    )
    assert payload(rows)["items"] == [
        {"status": "ERROR", "max_telemetry_at_end_cpu_percent_all": None},
        {"status": "FINISHED", "max_telemetry_at_end_cpu_percent_all": 50.0},
        {"status": "RUNNING", "max_telemetry_at_end_cpu_percent_all": None},
    ]


async def test_empty_query_body_means_every_default(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", b"")
    assert response.code == 200
    assert payload(response)["count"] == 7
