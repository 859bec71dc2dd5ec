"""Input limits as a client meets them: a 400 naming the limit and the value, on every store."""

import json
from urllib.parse import quote

import pytest

from flowcept.domain.limits import MAX_FILTER_DEPTH, MAX_LIST_VALUES, MAX_REGEX_LENGTH
from tests.http.client import call, payload


def nested(levels: int) -> dict:
    filter_: dict = {"task_id": "t-1"}
    for _ in range(levels - 1):
        filter_ = {"used": filter_}
    return filter_


TOO_DEEP = (nested(MAX_FILTER_DEPTH + 1), "filter is nested 21 levels deep; the limit is 20")
TOO_MANY_VALUES = (
    {"status": {"$in": ["FINISHED"] * (MAX_LIST_VALUES + 1)}},
    "$in on status has 1001 values; the limit is 1000",
)
TOO_LONG_REGEX = (
    {"activity_id": {"$regex": "a" * (MAX_REGEX_LENGTH + 1)}},
    "regular expression on activity_id is 1001 characters long; the limit is 1000",
)
BAD_FLAGS = (
    {"activity_id": {"$regularExpression": {"pattern": "train", "options": "g"}}},
    "$regularExpression options may only hold the flags imsux",
)
TOO_MANY_NODES = (
    {"$or": [{"task_id": f"t-{n}"} for n in range(2500)]},
    "filter has 5002 nodes (documents, arrays and values); the limit is 5000",
)
BROKEN = [TOO_DEEP, TOO_MANY_VALUES, TOO_LONG_REGEX, BAD_FLAGS, TOO_MANY_NODES]


@pytest.mark.parametrize(("filter_", "detail"), BROKEN)
@pytest.mark.parametrize("path", ["/api/v1/tasks/query", "/api/v1/workflows/query"])
async def test_query_bodies_over_a_limit_are_400_naming_it(
    http_server_client, path, filter_, detail
):
    response = await call(http_server_client, path, "POST", {"filter": filter_})
    assert response.code == 400
    assert payload(response) == {"detail": detail}


@pytest.mark.parametrize(("filter_", "detail"), [TOO_DEEP, TOO_MANY_VALUES, TOO_LONG_REGEX])
async def test_filter_json_over_a_limit_is_400_naming_it(http_server_client, filter_, detail):
    query = "filter_json=" + quote(json.dumps(filter_))
    response = await call(http_server_client, f"/api/v1/tasks?{query}")
    assert response.code == 400
    # The query parameter is named as the client wrote it.
    assert payload(response) == {"detail": detail.replace("filter is", "filter_json is")}


async def test_named_filters_do_not_push_a_filter_json_over_the_depth_limit(http_server_client):
    at_limit = {"$and": [nested(MAX_FILTER_DEPTH)]}
    query = "status=FINISHED&filter_json=" + quote(json.dumps(at_limit))
    response = await call(http_server_client, f"/api/v1/tasks/by_workflow/wf-a?{query}")
    assert response.code == 200
    assert payload(response)["items"] == []
    too_deep = {"$and": [nested(MAX_FILTER_DEPTH + 1)]}
    query = "status=FINISHED&filter_json=" + quote(json.dumps(too_deep))
    response = await call(http_server_client, f"/api/v1/tasks/by_workflow/wf-a?{query}")
    assert payload(response) == {"detail": "filter_json is nested 21 levels deep; the limit is 20"}


async def test_object_queries_get_the_limits_too(http_server_client):
    body = {"filter": TOO_MANY_VALUES[0], "include_data": True}
    response = await call(http_server_client, "/api/v1/datasets/query", "POST", body)
    assert response.code == 400
    assert payload(response) == {"detail": TOO_MANY_VALUES[1]}


async def test_a_query_within_every_limit_is_served(http_server_client):
    body = {
        "filter": {
            "status": {"$in": ["FINISHED"] * MAX_LIST_VALUES},
            "activity_id": {"$regex": "^(train|prep)" + "x?" * 100, "$options": "imsxu"},
        },
        "projection": ["task_id"],
    }
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body)
    assert response.code == 200
    assert {item["task_id"] for item in payload(response)["items"]} == {"t-0", "t-3"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"projection": [f"f{n}" for n in range(101)]}, "at most 100 items"),
        ({"sort": [{"field": f"f{n}", "order": 1} for n in range(17)]}, "at most 16 items"),
        ({"aggregation": [{"operator": "sum", "field": "x"}] * 17}, "at most 16 items"),
        ({"projection": ["p" * 300]}, "projection field is 300 characters long; the limit is 256"),
    ],
)
async def test_body_lists_and_paths_over_their_length_are_schema_errors(
    http_server_client, body, message
):
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body)
    assert response.code == 422
    assert message in payload(response)["detail"][0]["msg"]
