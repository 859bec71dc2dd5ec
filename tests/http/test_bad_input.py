"""Bad input gets a clear 400 or 422 naming what was wrong, never a 500."""

from urllib.parse import quote

import pytest

from tests.http.client import call, payload


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/v1/tasks?limit=0", "limit must be an integer from 1 to 1000, got '0'"),
        ("/api/v1/tasks?limit=1001", "limit must be an integer from 1 to 1000, got '1001'"),
        ("/api/v1/tasks?limit=ten", "limit must be an integer from 1 to 1000, got 'ten'"),
        ("/api/v1/tasks?filter_json=" + quote("[1]"), "filter_json must be a JSON object"),
        (
            "/api/v1/tasks?filter_json=" + quote('{"$where": "sleep(1)"}'),
            "Unsupported filter operator: $where",
        ),
        (
            "/api/v1/workflows?filter_json=" + quote('{"a": {"$expr": 1}}'),
            "Unsupported filter operator: $expr",
        ),
        (
            "/api/v1/tasks?colour=red",
            "Unknown query parameter: colour; allowed: limit, cursor, count_total, filter_json, "
            "workflow_id, "
            "parent_task_id, campaign_id, task_id, status",
        ),
        ("/api/v1/tasks?status=A&status=B", "Query parameter status is given more than once"),
        ("/api/v1/objects?include_data=maybe", "include_data must be true or false, got 'maybe'"),
        ("/api/v1/objects/model-1/versions/x", "version must be a non-negative integer, got 'x'"),
        ("/api/v1/objects/model-1/versions/-1", "version must be a non-negative integer, got '-1'"),
        ("/api/v1/tasks/t-1?limit=3", "Unknown query parameter: limit"),
    ],
)
async def test_bad_query_strings_are_400_with_detail(http_server_client, path, detail):
    response = await call(http_server_client, path)
    assert response.code == 400
    assert payload(response) == {"detail": detail}


async def test_filter_json_that_is_not_json_is_400(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks?filter_json=" + quote("{nope"))
    assert response.code == 400
    assert payload(response)["detail"].startswith("filter_json is not valid JSON")


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (b"{not json", []),
        ({"limit": 0}, ["limit"]),
        ({"limit": 1001}, ["limit"]),
        ({"limit": "5"}, ["limit"]),
        ({"sort": [{"field": "started_at", "order": 2}]}, ["sort", 0, "order"]),
        ({"filter": [1]}, ["filter"]),
        ({"projection": "task_id"}, ["projection"]),
        ({"aggregation": [{"operator": "median", "field": "x"}]}, ["aggregation", 0, "operator"]),
        ({"filters": {}}, ["filters"]),
    ],
)
async def test_query_bodies_breaking_the_schema_are_422_listing_errors(
    http_server_client, body, loc
):
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body)
    assert response.code == 422
    errors = payload(response)["detail"]
    assert isinstance(errors, list) and errors
    assert errors[0]["loc"] == loc
    assert errors[0]["msg"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"filter": {"$where": "1"}}, "Unsupported filter operator: $where"),
        ({"filter": {"a": {"$in": [{"$function": {}}]}}}, "Unsupported filter operator: $function"),
        (
            {"projection": ["a", "b"], "aggregation": [{"operator": "sum", "field": "x"}]},
            "With aggregation, projection may name at most one field: the group key",
        ),
        ({"filter": {"$and": {}}}, "$and needs a non-empty array of filter documents"),
        ({"filter": {"a": {"$in": 1}}}, "$in on a needs an array"),
        ({"filter": {"a": {"$size": -1}}}, "$size on a needs a non-negative integer"),
        ({"filter": {"a": {"$elemMatch": 3}}}, "$elemMatch on a needs a document"),
        ({"filter": {"a": {"$not": 3}}}, "$not on a needs an operator document or a regex"),
        ({"filter": {"a": {"$options": "i"}}}, "$options on a needs a $regex"),
        (
            {"filter": {"a": {"$regex": "x", "$options": "q"}}},
            "$options may only hold the flags imsux",
        ),
        (
            {"filter": {"a": {"$regex": "("}}},
            "Invalid regular expression '(': missing ), unterminated subpattern at position 0",
        ),
    ],
)
async def test_query_bodies_breaking_domain_rules_are_400(http_server_client, body, detail):
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", body)
    assert response.code == 400
    assert payload(response) == {"detail": detail}
