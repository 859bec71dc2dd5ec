"""Cursor pagination over HTTP: `cursor` on GET lists and in query bodies; totals on request."""

from urllib.parse import quote

from tests.http.client import call, payload


async def test_get_lists_page_with_next_cursor_until_null(http_server_client):
    seen, cursor = [], None
    for _ in range(10):
        path = "/api/v1/tasks?limit=3" + (f"&cursor={quote(cursor)}" if cursor else "")
        body = payload(await call(http_server_client, path))
        seen += [t["task_id"] for t in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    everything = payload(await call(http_server_client, "/api/v1/tasks"))
    assert seen == [t["task_id"] for t in everything["items"]]
    assert len(seen) == 7 and everything["next_cursor"] is None


async def test_query_bodies_carry_the_cursor_and_count_total(http_server_client):
    body = {"filter": {"workflow_id": "wf-a"}, "limit": 2, "count_total": True}
    first = payload(await call(http_server_client, "/api/v1/tasks/query", "POST", body))
    assert (first["count"], first["total"]) == (2, 5)
    second = payload(
        await call(
            http_server_client,
            "/api/v1/tasks/query",
            "POST",
            {**body, "cursor": first["next_cursor"]},
        )
    )
    assert [t["task_id"] for t in second["items"]] == ["t-0", "t-3"]
    assert "total" not in payload(await call(http_server_client, "/api/v1/tasks"))


async def test_a_bad_or_foreign_cursor_is_400(http_server_client):
    bad = await call(http_server_client, "/api/v1/tasks?cursor=not-a-cursor")
    assert bad.code == 400
    assert payload(bad)["detail"].startswith("Invalid cursor")
    page = payload(await call(http_server_client, "/api/v1/tasks?limit=1"))
    foreign = await call(
        http_server_client, f"/api/v1/workflows?cursor={quote(page['next_cursor'])}"
    )
    assert (foreign.code, payload(foreign)["detail"]) == (
        400,
        "Invalid cursor: it belongs to a different query",
    )
    too_long = await call(http_server_client, "/api/v1/tasks?cursor=" + "A" * 3000)
    assert too_long.code == 400
    assert "cursor" in payload(too_long)["detail"]
