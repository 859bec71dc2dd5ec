"""Keyset pagination: every store pages through any order without skipping or repeating."""

import pytest

from flowcept.domain.collections import ObjectKind
from flowcept.domain.errors import InvalidQuery
from flowcept.domain.ports import ProvenanceStore
from flowcept.domain.query import ObjectQuery, Query


async def all_pages(find, body: dict, model=Query, *args) -> tuple[list[list[str]], list[dict]]:
    """Follow next_cursor to the end; return ids per page and every item."""
    pages, items, cursor = [], [], None
    for _ in range(50):
        page = await find(model.model_validate({**body, "cursor": cursor}).checked(), *args)
        pages.append(page.items)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    return pages, items


@pytest.mark.parametrize("limit", [1, 2, 3, 6, 7, 100])
async def test_default_order_pages_cross_from_dated_to_undated_tasks(store: ProvenanceStore, limit):
    whole = await store.find_tasks(Query(limit=1000).checked())
    pages, items = await all_pages(store.find_tasks, {"limit": limit})
    assert [t["task_id"] for t in items] == [t["task_id"] for t in whole.items]
    assert all(len(page) == limit for page in pages[:-1])
    assert whole.next_cursor is None


@pytest.mark.parametrize(
    "sort",
    [
        [{"field": "started_at", "order": -1}],
        [{"field": "started_at", "order": 1}],
        [{"field": "activity_id", "order": 1}, {"field": "used.lr", "order": -1}],
        [{"field": "status", "order": -1}, {"field": "task_id", "order": -1}],
        [{"field": "timestamp", "order": 1}],
    ],
)
async def test_explicit_sorts_page_in_order_with_missing_values(store: ProvenanceStore, sort):
    whole = await store.find_tasks(Query.model_validate({"sort": sort}).checked())
    _, items = await all_pages(store.find_tasks, {"sort": sort, "limit": 2})
    assert [t["task_id"] for t in items] == [t["task_id"] for t in whole.items]


async def test_projected_pages_return_only_the_projection(store: ProvenanceStore):
    body = {"projection": ["task_id"], "sort": [{"field": "used.lr", "order": 1}], "limit": 3}
    _, items = await all_pages(store.find_tasks, body)
    assert all(set(item) == {"task_id"} for item in items)
    assert len(items) == 7


async def test_object_pages_stay_in_scope(store: ProvenanceStore):
    _, models = await all_pages(store.find_objects, {"limit": 1}, ObjectQuery, ObjectKind.MODEL)
    assert [m["object_id"] for m in models] == ["model-1", "model-2"]
    assert all("data" not in m and "_id" not in m for m in models)


async def test_count_total_is_opt_in(store: ProvenanceStore):
    page = await store.find_tasks(Query(limit=2).checked())
    assert page.total is None
    counted = await store.find_tasks(
        Query.model_validate(
            {"limit": 2, "count_total": True, "filter": {"workflow_id": "wf-a"}}
        ).checked()
    )
    assert (counted.total, len(counted.items)) == (5, 2)


async def test_a_cursor_of_another_query_or_an_edited_one_is_rejected(store: ProvenanceStore):
    first = await store.find_tasks(Query(limit=1).checked())
    assert first.next_cursor
    other = Query.model_validate({"filter": {"status": "ERROR"}, "cursor": first.next_cursor})
    with pytest.raises(InvalidQuery, match="belongs to a different query"):
        await store.find_tasks(other.checked())
    edited = first.next_cursor[:-3] + ("AAA" if not first.next_cursor.endswith("AAA") else "BBB")
    with pytest.raises(InvalidQuery, match="altered"):
        await store.find_tasks(Query.model_validate({"cursor": edited}).checked())
    with pytest.raises(InvalidQuery, match="different query"):
        await store.find_objects(
            ObjectQuery.model_validate({"cursor": first.next_cursor}).checked()
        )


def test_aggregations_do_not_page():
    with pytest.raises(InvalidQuery, match="not available for aggregations"):
        Query.model_validate(
            {"aggregation": [{"operator": "sum", "field": "x"}], "cursor": "abc"}
        ).checked()
