"""The Mongo adapter pulls at most a page (plus one probe document) whatever the collection size."""

import asyncio
import random
from typing import Any

import pytest
from mongomock_motor import AsyncMongoMockClient
from tornado.ioloop import IOLoop

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.query import ObjectQuery, Query
from tests.adapters.mongo.doubles import PullCounter

TASKS = 10_000


def synthetic_tasks(count: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    tasks = []
    for n in range(count):
        task: dict[str, Any] = {
            "task_id": f"task-{n:05d}",
            "workflow_id": f"wf-{n % 10}",
            "activity_id": rng.choice(["load", "train", "evaluate"]),
            "status": rng.choice(["FINISHED", "FINISHED", "ERROR"]),
            "used": {"lr": rng.random(), "batch": rng.choice([16, 32, 64])},
            "telemetry_at_end": {"cpu": {"percent_all": rng.uniform(0, 100)}},
        }
        if n % 7:  # one task in seven never started: the default order must put it last
            task["started_at"] = 1_700_000_000 + rng.random() * 1e6
        else:
            task["submitted_at"] = 1_700_000_000 + rng.random() * 1e6
        tasks.append(task)
    return tasks


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return synthetic_tasks(TASKS)


@pytest.fixture(scope="module")
def database(documents: list[dict[str, Any]]) -> Any:
    # mongomock-motor runs synchronously underneath, so the data outlives this loop.
    database = AsyncMongoMockClient()["flowcept"]
    asyncio.run(database["tasks"].insert_many([dict(d) for d in documents]))
    return database


@pytest.fixture(scope="module")
def reference(documents: list[dict[str, Any]]) -> MemoryStore:
    return MemoryStore({"tasks": [dict(d) for d in documents]})


@pytest.fixture
def counted(database: Any, io_loop: IOLoop) -> tuple[MongoStore, PullCounter]:
    counter = PullCounter(database)
    return MongoStore(counter), counter


QUERIES = [
    {"limit": 1},
    {"limit": 100},
    {"limit": 1000},
    {"filter": {"workflow_id": "wf-3"}, "limit": 100},
    {"filter": {"status": "ERROR"}, "sort": [{"field": "used.lr", "order": -1}], "limit": 50},
    {"filter": {"telemetry_at_end.cpu.percent_all": {"$gt": 50}}, "projection": ["task_id"]},
    {"filter": {"started_at": {"$exists": False}}, "limit": 100},
]


@pytest.mark.parametrize("body", QUERIES)
async def test_a_page_of_tasks_pulls_at_most_limit_plus_one_documents(counted, reference, body):
    store, counter = counted
    query = Query.model_validate(body).checked()
    page = await store.find_tasks(query)
    assert len(page.items) <= query.limit
    assert counter.pulled <= query.limit + 1, counter.pulled
    expected = await reference.find_tasks(query)
    assert page.items == expected.items


async def test_an_aggregation_pulls_only_its_rows(counted):
    store, counter = counted
    query = Query.model_validate(
        {
            "projection": ["activity_id"],
            "aggregation": [{"operator": "avg", "field": "telemetry_at_end.cpu.percent_all"}],
        }
    ).checked()
    page = await store.find_tasks(query)
    assert [row["activity_id"] for row in page.items] == ["evaluate", "load", "train"]
    assert counter.pulled == 3 and counter.commands == 1


async def test_an_id_lookup_pulls_one_document(counted):
    store, counter = counted
    assert (await store.get_task("task-04242"))["task_id"] == "task-04242"
    assert (counter.pulled, counter.commands) == (1, 1)


async def test_an_empty_object_page_costs_probes_but_pulls_nothing(counted):
    store, counter = counted
    page = await store.find_objects(ObjectQuery().checked())
    assert page.items == [] and counter.pulled == 0
