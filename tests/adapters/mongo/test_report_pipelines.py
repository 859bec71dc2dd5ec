"""The report pipelines agree with the embedded store's Python and pull only aggregate rows."""

import math
import random
from datetime import datetime, timezone
from typing import Any

import pytest
from bson import Int64, ObjectId
from mongomock_motor import AsyncMongoMockClient
from pydantic import BaseModel

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.memory.loader import load_paths
from flowcept.adapters.mongo import MongoStore
from tests.adapters.mongo.doubles import PullCounter
from tests.conftest import FIXTURES

Doc = dict[str, Any]
REPORTS = ("activity_stats", "activity_links", "field_profiles", "object_stats")
DASK_EXPORT = FIXTURES / "tasks_dask_telemetry.json"
DASK_WORKFLOW = "wf_1df28552-c34e-4ee8-8fba-3b3d57b71839"


async def mongo_over(collections: dict[str, list[Doc]]) -> MongoStore:
    database = AsyncMongoMockClient(tz_aware=True)["flowcept"]
    for name, documents in collections.items():
        if documents:
            await database[name].insert_many([dict(d) for d in documents])
    return MongoStore(database)


def plain(result: Any) -> Any:
    """A report result as plain data, lists in a fixed order (the domain service sorts them)."""
    if isinstance(result, BaseModel):
        return plain(result.model_dump())
    if isinstance(result, dict):
        return {key: plain(value) for key, value in result.items()}
    if isinstance(result, list | tuple):
        items = [plain(item) for item in result]
        return items if isinstance(result, tuple) else sorted(items, key=repr)
    return result


def assert_same(actual: Any, expected: Any, where: str = "") -> None:
    """Equal, floats within pytest.approx (the server sums in another order)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and actual.keys() == expected.keys(), where
        for key in expected:
            assert_same(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for n, (got, wanted) in enumerate(zip(actual, expected, strict=True)):
            assert_same(got, wanted, f"{where}[{n}]")
    elif isinstance(expected, float):
        assert actual == pytest.approx(expected, rel=1e-9), where
    else:
        assert actual == expected, where


async def assert_reports_agree(collections: dict[str, list[Doc]], workflow_id: str) -> None:
    memory, mongo = MemoryStore(collections), await mongo_over(collections)
    for report in REPORTS:
        expected = plain(await getattr(memory, report)(workflow_id))
        actual = plain(await getattr(mongo, report)(workflow_id))
        assert_same(actual, expected, report)


async def test_the_dask_export_reports_the_same_from_mongodb_and_memory():
    collections = load_paths([DASK_EXPORT])
    await assert_reports_agree(collections, DASK_WORKFLOW)
    memory = MemoryStore(collections)
    (wrapper,) = await memory.activity_stats(DASK_WORKFLOW)
    assert wrapper.n_tasks == 9 and wrapper.elapsed.count == 8 and wrapper.telemetry
    assert len(await memory.field_profiles(DASK_WORKFLOW)) == 9


def _at(day: int) -> datetime:
    return datetime(2024, 3, day, tzinfo=timezone.utc)


def awkward_collections() -> dict[str, list[Doc]]:
    """Every type a Flowcept field may hold where the domain reads one type only."""
    wf = "wf-x"
    telemetry = {"cpu": {"percent_all": 40.0, "times_avg": {"user": 10, "system": True}}}
    tasks: list[Doc] = [
        {"task_id": "u-0", "workflow_id": "elsewhere", "activity_id": "upstream"},
        {
            "task_id": "u-1",
            "workflow_id": wf,
            "activity_id": "load",
            "status": "FINISHED",
            "started_at": _at(1),
            "ended_at": _at(2),
            "used": {"path": "b", "n": 1, "flag": True},
            "telemetry_at_start": telemetry,
            "telemetry_at_end": {
                "cpu": {"percent_all": math.nan, "times_avg": {"user": Int64(25)}}
            },
        },
        {
            "task_id": "u-2",
            "workflow_id": wf,
            "activity_id": 7,
            "status": 3,
            "started_at": Int64(1_700_000_000_000),
            "ended_at": 1_700_000_100.5,
            "parent_task_id": "u-0",
            "dependencies": ["u-1", 5, "missing", "u-9"],
            "used": {"path": "a", "n": math.inf, "x": None, "list": [1], "obj": {"a": 1}},
            "generated": ["not", "a", "document"],
        },
        {
            "task_id": "u-3",
            "workflow_id": wf,
            "status": None,
            "started_at": math.nan,
            "ended_at": "yesterday",
            "parent_task_id": "missing",
            "dependencies": "u-1",
            "used": {"path": "a", "n": -2.5, "when": _at(3), "id": ObjectId()},
            "generated": {"path": "c"},
            "telemetry_at_start": telemetry,
            "telemetry_at_end": telemetry,
        },
        {
            "task_id": "u-4",
            "workflow_id": wf,
            "activity_id": "load",
            "started_at": True,
            "ended_at": 5e11,  # milliseconds (1985)
            "parent_task_id": "u-1",
            "dependencies": ["u-2", "u-2"],
            "used": {"path": "c", "n": 4},
            "telemetry_at_end": {"cpu": "busy"},
        },
        {
            "task_id": "u-9",
            "workflow_id": wf,
            "activity_id": "load",
            "status": "ERROR",
            "started_at": 100,
            "ended_at": 150.25,
            "used": {"path": "d", "n": Int64(3)},
        },
        # Four strings for three places: "e" twice, then the ties in value order.
        *({"workflow_id": wf, "activity_id": "load", "used": {"path": "e"}} for _ in range(2)),
    ]
    objects: list[Doc] = [
        {
            "object_id": "o-1",
            "workflow_id": wf,
            "object_type": "",
            "type": "dataset",
            "version": 3.0,
            "data": b"abc",
            "object_size_bytes": 3,
            "task_id": "u-1",
        },
        {
            "object_id": "o-2",
            "workflow_id": wf,
            "object_type": 0,
            "type": 5,
            "version": True,
            "grid_fs_file_id": ObjectId(),
            "data": b"x",
            "object_size_bytes": True,
        },
        {
            "object_id": "o-3",
            "workflow_id": wf,
            "object_type": "ml_model",
            "version": Int64(7),
            "grid_fs_file_id": None,
            "object_size_bytes": Int64(2_000_000_000_000),
        },
        {"object_id": "o-4", "workflow_id": wf, "object_type": [], "version": 2, "task_id": None},
        {"object_id": "o-5", "workflow_id": "other", "type": "figure", "version": 99},
    ]
    return {"tasks": tasks, "objects": objects}


async def test_awkward_values_report_the_same_from_mongodb_and_memory():
    collections = awkward_collections()
    await assert_reports_agree(collections, "wf-x")
    profiles = await MemoryStore(collections).field_profiles("wf-x")
    paths = next(p for p in profiles if p.activity_id == "load" and p.field == "path")
    assert paths.top_strings == [("e", 2), ("b", 1), ("c", 1)]
    links = await MemoryStore(collections).activity_links("wf-x")
    assert {(link.source, link.target, link.relation, link.count) for link in links} == {
        ("upstream", None, "parent", 1),  # across workflows, as the parent lookup is global
        ("load", None, "dependency", 2),  # 5 and "missing" are no links
        ("load", "load", "parent", 1),
        (None, "load", "dependency", 2),
    }


ACTIVITIES = ("load", "train", "evaluate")


def synthetic_tasks(count: int, workflows: int = 2) -> list[Doc]:
    rng = random.Random(11)
    tasks = []
    for n in range(count):
        start = 1_700_000_000 + rng.random() * 1e5
        tasks.append(
            {
                "task_id": f"s-{n:05d}",
                "workflow_id": f"wf-{n % workflows}",
                "activity_id": ACTIVITIES[n % len(ACTIVITIES)],
                "status": rng.choice(["FINISHED", "ERROR"]),
                "started_at": start,
                "ended_at": start + rng.random() * 100,
                # Few links: mongomock's $lookup scans the collection (a server uses the index).
                "parent_task_id": f"s-{n - workflows:05d}" if n % 50 == workflows else None,
                # Unique strings: only the top three per key may leave the server.
                "used": {"lr": rng.random(), "path": f"/data/{n}.npz", "batch": 32},
                "generated": {"loss": rng.random()},
                "telemetry_at_start": {"cpu": {"times_avg": {"user": 1.0}}},
                "telemetry_at_end": {"cpu": {"percent_all": 50.0, "times_avg": {"user": 3.0}}},
            }
        )
    return tasks


async def pulled_by_a_card(count: int) -> int:
    tasks = synthetic_tasks(count)
    database = AsyncMongoMockClient()["flowcept"]
    await database["tasks"].insert_many(tasks)
    counter = PullCounter(database)
    store = MongoStore(counter)
    reports = {report: await getattr(store, report)("wf-0") for report in REPORTS}
    assert counter.commands == len(REPORTS)
    assert len(reports["activity_links"]) == len(ACTIVITIES)
    profiles = reports["field_profiles"]
    assert all(len(p.top_strings) <= 3 for p in profiles)
    lr = next(p for p in profiles if p.field == "lr" and p.activity_id == "train")
    assert lr.numbers is not None and lr.numbers.count == lr.present
    return counter.pulled


async def test_a_card_pulls_only_aggregate_rows_whatever_the_task_count():
    small, large = await pulled_by_a_card(500), await pulled_by_a_card(5_000)
    # 3 activities, 3 activity pairs, 3 x 4 keys, 1 object row: no task documents.
    assert large == small == 3 + 3 + 12 + 1
