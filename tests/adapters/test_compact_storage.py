"""The embedded store holds documents as BSON: the same values back, in a fraction of the memory."""

import copy
import sys
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bson import Decimal128, Int64, ObjectId

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.memory.compact import StoredDocument, as_dict, compact
from flowcept.domain.query import Query

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


async def test_telemetry_tasks_take_under_a_third_of_their_dict_size():
    documents = list(tasks("wf-mem", 1_000))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        plain = copy.deepcopy(documents)
        as_dicts = tracemalloc.get_traced_memory()[0] - before
        del plain
        before = tracemalloc.get_traced_memory()[0]
        store = MemoryStore({"tasks": documents})
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < as_dicts / 3, (
        f"{held / 1_000:.0f} bytes per task, {as_dicts / 1_000:.0f} as dicts"
    )
    task = await store.get_task("wf-mem-task-0000042")
    assert task == documents[42]


@pytest.mark.parametrize("field", ["task_id", "workflow_id", "started_at", "status"])
def test_indexed_fields_are_read_without_decoding(field, monkeypatch):
    stored = compact(next(tasks("wf-hot", 1)))
    monkeypatch.setattr(StoredDocument, "to_dict", lambda self: pytest.fail("decoded"))
    assert stored[field] is not None
    assert stored.get("ended_at") is not None or "ended_at" not in stored
