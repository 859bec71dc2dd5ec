"""The embedded store holds documents as BSON: the same values back, in a fraction of the memory."""

import json
import sys
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bson import Decimal128, Int64, ObjectId

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.memory.compact import StoredDocument, as_dict, compact
from flowcept.domain.query import Query
from flowcept.jsonout import dumps

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import tasks  # noqa: E402

EVERY_KIND = {
    "_id": ObjectId("65e1a0000000000000000001"),
    "task_id": "t-1",
    "started_at": datetime(2024, 3, 1, 12, 0, 0, 123000, tzinfo=timezone.utc),
    "used": {"lr": 0.1, "path": "/d", "tags": ["a", {"b": [1, 2]}], "none": None},
    "blob": b"\x00\x01bytes",
    "long": Int64(2**62),
    "decimal": Decimal128("1.10"),
    "flag": True,
}


def test_a_stored_document_reads_back_every_value_and_the_field_order():
    stored = compact(EVERY_KIND)
    assert isinstance(stored, StoredDocument)
    assert as_dict(stored) == EVERY_KIND
    assert list(as_dict(stored)) == list(EVERY_KIND)
    assert stored["used"]["tags"][1] == {"b": [1, 2]}
    assert stored.get("ended_at") is None and "ended_at" not in stored
    assert stored.get("nothing", "default") == "default"
    assert len(stored) == len(EVERY_KIND)


def test_a_document_bson_cannot_hold_is_kept_as_it_is():
    huge = {"task_id": "t-2", "counter": 2**70}
    assert compact(huge) is huge


async def test_stored_documents_answer_queries_as_the_originals_do():
    store = MemoryStore({"tasks": [EVERY_KIND, {"task_id": "t-0", "used": {"lr": 0.5}}]})
    page = await store.find_tasks(
        Query(filter={"used.lr": {"$lt": 0.2}, "blob": {"$exists": True}})
    )
    assert [d["task_id"] for d in page.items] == ["t-1"]


async def test_telemetry_tasks_take_under_half_the_memory_of_dicts_json_included():
    lines = [json.dumps(d) for d in tasks("wf-mem", 1_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        as_loaded = [json.loads(line) for line in lines]  # what the loader would otherwise keep
        as_dicts = tracemalloc.get_traced_memory()[0] - before
        before = tracemalloc.get_traced_memory()[0]
        store = MemoryStore({"tasks": as_loaded})
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    per_task, per_dict = held / 1_000, as_dicts / 1_000
    assert per_task < per_dict / 2, f"{per_task:.0f} bytes per task, {per_dict:.0f} as dicts"
    task = await store.get_task("wf-mem-task-0000042")
    assert task == json.loads(lines[42])


@pytest.mark.parametrize("field", ["task_id", "workflow_id", "started_at", "status"])
def test_indexed_fields_are_read_without_decoding(field, monkeypatch):
    stored = compact(next(tasks("wf-hot", 1)))
    monkeypatch.setattr(StoredDocument, "to_dict", lambda self: pytest.fail("decoded"))
    assert stored[field] is not None
    assert stored.get("ended_at") is not None or "ended_at" not in stored


async def test_whole_records_leave_as_their_stored_json_without_id():
    store = MemoryStore({"tasks": [EVERY_KIND]})
    task = await store.get_task("t-1")
    assert "_id" not in task and list(task) == [k for k in EVERY_KIND if k != "_id"]
    decoded = {k: v for k, v in as_dict(compact(EVERY_KIND)).items() if k != "_id"}
    assert dumps(task) == dumps(decoded)
    page = await store.find_tasks(Query(filter={"task_id": "t-1"}))
    assert dumps({"items": page.items}) == b'{"items":[' + dumps(decoded) + b"]}"


async def test_stored_dates_are_what_bson_holds_to_the_millisecond():
    precise = {
        "task_id": "t-us",
        "started_at": datetime(2024, 1, 1, 0, 0, 0, 123456, tzinfo=timezone.utc),
    }
    store = MemoryStore({"tasks": [precise]})
    task = await store.get_task("t-us")
    assert task["started_at"].microsecond == 123000
    assert b'"2024-01-01T00:00:00.123000Z"' in dumps(task)
