"""An explicit sort on a date field is read off the embedded store's ordered index, and a filter
naming a workflow and an activity reads that activity's part of it: the pages must be exactly
those of a full sort, with runs of equal dates in id order, nulls and missing fields where MongoDB
puts them, and cursors landing inside a run."""

import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from mongomock_motor import AsyncMongoMockClient

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.query import Query

START = datetime(2024, 5, 1, tzinfo=timezone.utc)
DATES = [START + timedelta(minutes=n) for n in range(12)]  # few values: long runs of equals


def tasks(arrays: bool = False) -> list[dict[str, Any]]:
    rng = random.Random(5)
    documents = []
    for n in range(240):
        task: dict[str, Any] = {
            "task_id": f"t{rng.randrange(10**6):06d}-{n}",
            "workflow_id": rng.choice(["wf", "wf", "other"]),
            "activity_id": rng.choice(["train", "eval"]),
        }
        draw = rng.random()
        if draw < 0.1:
            task["started_at"] = None
        elif draw < 0.8:
            task["started_at"] = rng.choice(DATES)
        elif draw < 0.9:
            task["started_at"] = rng.choice([1.5, 7, -2])  # numbers sort below dates
        documents.append(task)  # else: no started_at at all
    documents[1]["activity_id"] = ["eval", "train"]  # equality matches an array's elements
    if arrays:  # arrays sort by their least element ascending and their greatest descending
        documents[0]["started_at"] = [DATES[0], DATES[-1]]
    return documents


def chosen(documents: list[dict[str, Any]], scope: dict[str, Any], activity: str) -> list[Any]:
    def holds(task: dict[str, Any], field: str, value: str) -> bool:
        held = task.get(field)
        return held == value or (isinstance(held, list) and value in held)

    wanted = {**scope, "activity_id": activity}
    return [d for d in documents if all(holds(d, f, v) for f, v in wanted.items())]


def rank(value: Any) -> tuple[Any, ...]:
    if value is None:
        return (0,)
    return (1, value) if isinstance(value, int | float) else (2, value)


def expected(
    documents: list[dict[str, Any]], order: int, activity: str, scope: dict[str, Any] | None = None
) -> list[str]:
    """The order MongoDB defines, computed without the store: by started_at (null and missing
    equal and lowest; an array by its least or greatest element), then task_id ascending."""

    def value(task: dict[str, Any]) -> tuple[Any, ...]:
        held = task.get("started_at")
        if isinstance(held, list):
            return (min if order == 1 else max)(rank(v) for v in held)
        return rank(held)

    tasks = sorted(chosen(documents, scope or {}, activity), key=lambda d: d["task_id"])
    tasks.sort(key=value, reverse=order == -1)  # stable: ids stay ascending within a run
    return [d["task_id"] for d in tasks]


async def page_through(store: Any, body: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        query = Query.model_validate({**body, "cursor": cursor}).checked()
        page = await store.find_tasks(query)
        seen += [task["task_id"] for task in page.items]
        if (cursor := page.next_cursor) is None:
            return seen


@pytest.mark.parametrize("arrays", [False, True], ids=["plain dates", "with an array"])
@pytest.mark.parametrize("order", [1, -1], ids=["ascending", "descending"])
@pytest.mark.parametrize("scope", [{}, {"workflow_id": "wf"}], ids=["collection", "workflow"])
async def test_sorted_pages_are_those_of_a_full_sort(arrays, order, scope):
    documents = tasks(arrays)
    body = {
        "filter": {**scope, "activity_id": "train"},
        "sort": [{"field": "started_at", "order": order}],
        "limit": 7,
    }
    seen = await page_through(MemoryStore({"tasks": documents}), body)
    assert seen == expected(documents, order, "train", scope)


@pytest.mark.parametrize("order", [1, -1], ids=["ascending", "descending"])
async def test_the_embedded_store_and_mongodb_agree_on_sorted_pages(order):
    documents = tasks()
    database = AsyncMongoMockClient()["flowcept"]
    await database["tasks"].insert_many([dict(d) for d in documents])
    body = {
        "filter": {"activity_id": "eval"},
        "sort": [{"field": "started_at", "order": order}, {"field": "task_id", "order": 1}],
        "limit": 10,
    }
    embedded = await page_through(MemoryStore({"tasks": documents}), body)
    assert embedded == await page_through(MongoStore(database), body)
    assert embedded == expected(documents, order, "eval")



@pytest.mark.parametrize("workflow", ["wf", "other", "none"])
async def test_default_order_pages_of_one_activity_in_a_workflow(workflow):
    documents = tasks()
    store = MemoryStore({"tasks": documents})
    scope = {"workflow_id": workflow}
    for activity in ("train", "eval", "absent"):
        body = {"filter": {"$and": [scope, {"activity_id": activity}]}, "limit": 6}
        seen = await page_through(store, body)
        wanted = chosen(documents, scope, activity)
        dated = [d for d in wanted if d.get("started_at") is not None]
        dated.sort(key=lambda d: (rank(d["started_at"]), d["task_id"]))
        undated = sorted(d["task_id"] for d in wanted if d.get("started_at") is None)
        assert seen == [d["task_id"] for d in dated] + undated
