"""Paging a 25,000-task workflow yields every task exactly once, in order, on every store."""

import asyncio
from typing import Any

import pytest
from mongomock_motor import AsyncMongoMockClient

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.query import Query
from tests.adapters.mongo.test_pushdown import synthetic_tasks

TASKS = 25_000


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return synthetic_tasks(TASKS)


@pytest.fixture(scope="module")
def stores(documents: list[dict[str, Any]]) -> dict[str, Any]:
    database = AsyncMongoMockClient()["flowcept"]
    # mongomock-motor runs synchronously underneath, so the data outlives this loop.
    asyncio.run(database["tasks"].insert_many([dict(d) for d in documents]))
    return {"memory": MemoryStore({"tasks": documents}), "mongomock": MongoStore(database)}


DEFAULT = {"limit": 1000}
SORTED = {"limit": 1000, "sort": [{"field": "used.lr", "order": -1}]}


# mongomock scans 25,000 documents per page in Python (about a minute for the whole walk), so the
# sorted walk runs on the embedded store only; the contract suite pages sorts on both stores.
@pytest.mark.parametrize(
    ("adapter", "body"),
    [("memory", DEFAULT), ("mongomock", DEFAULT), ("memory", SORTED)],
    ids=["memory-default order", "mongomock-default order", "memory-sorted by used.lr"],
)
async def test_paging_yields_every_task_once_in_order(documents, stores, adapter, body):
    store = stores[adapter]
    seen: list[str] = []
    cursor = None
    for _ in range(TASKS // 1000 + 2):
        page = await store.find_tasks(Query.model_validate({**body, "cursor": cursor}).checked())
        seen += [task["task_id"] for task in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == TASKS and len(set(seen)) == TASKS
    if "sort" not in body:
        dated = [d for d in documents if "started_at" in d]
        in_order = sorted(dated, key=lambda d: (d["started_at"], d["task_id"]))
        assert seen[: len(dated)] == [d["task_id"] for d in in_order]
        undated = sorted(d["task_id"] for d in documents if "started_at" not in d)
        assert seen[len(dated) :] == undated
    else:
        lr_of = {d["task_id"]: d["used"]["lr"] for d in documents}
        lrs = [lr_of[task_id] for task_id in seen]
        assert lrs == sorted(lrs, reverse=True)
