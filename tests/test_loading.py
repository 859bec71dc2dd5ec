"""Loading mongoexport files, Flowcept buffer files and the real exports into the embedded store."""

import json
from pathlib import Path

import pytest
from bson import json_util

from flowcept.adapters.memory import DataLoadError, MemoryStore
from flowcept.domain.collections import ObjectKind
from flowcept.domain.query import ObjectQuery, Query
from tests import seed
from tests.conftest import FIXTURES


def write_export(directory: Path, suffix: str = ".jsonl") -> Path:
    """Write the seed collections as mongoexport would: one Extended JSON document per line."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, documents in seed.collections().items():
        lines = [
            json_util.dumps(d, json_options=json_util.CANONICAL_JSON_OPTIONS) for d in documents
        ]
        (directory / f"{name}{suffix}").write_text("\n".join(lines) + "\n")
    return directory


async def test_a_directory_of_exports_loads_into_every_collection(tmp_path):
    store = MemoryStore.from_paths([write_export(tmp_path / "dump")])
    assert store.counts() == {name: len(docs) for name, docs in seed.collections().items()}
    task = await store.get_task("t-9")
    assert task["started_at"] == 1_700_000_000_000
    assert task["timestamp"].isoformat() == "2024-03-01T00:00:00+00:00"
    payload = await store.open_payload("model-1", 1)
    assert b"".join([c async for c in payload.chunks]) == seed.MODEL_V1_BYTES


async def test_json_array_files_load_like_json_lines(tmp_path):
    dump = tmp_path / "arrays"
    dump.mkdir()
    for name, documents in seed.collections().items():
        (dump / f"{name}.json").write_text(json_util.dumps(documents))
    store = MemoryStore.from_paths([dump])
    assert (await store.get_object("ds-1", include_data=True))["data"] == b"hello data!"


async def test_buffer_files_route_records_by_type_and_keys(tmp_path):
    buffer = tmp_path / "flowcept_buffer.jsonl"
    records = [
        {"type": "workflow", "workflow_id": "wf-x", "name": "buffered"},
        {"type": "task", "task_id": "t-x", "workflow_id": "wf-x"},
        {"object_id": "o-x", "workflow_id": "wf-x", "version": 0},
        {"task_id": "t-y", "workflow_id": "wf-x"},
    ]
    buffer.write_text("\n".join(json.dumps(r) for r in records))
    store = MemoryStore.from_paths([buffer])
    assert store.counts()["workflows"] == 1
    assert store.counts()["tasks"] == 2
    assert store.counts()["objects"] == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tasks.jsonl", '{"task_id": "a"}\n{"task_id": \n', "tasks.jsonl:2: Expecting value"),
        ("tasks.json", '[{"task_id": "a"},\n {"task_id": }]', "tasks.json:2: Expecting value"),
        ("tasks.jsonl", '{"t": {"$date": "yesterday"}}\n', "tasks.jsonl:1: invalid Extended JSON"),
        ("tasks.jsonl", "[1]\n", "tasks.jsonl:1: element 0 is not a document"),
        ("buffer.jsonl", '{"nothing": 1}\n', "buffer.jsonl:1: record has no `type`"),
    ],
)
def test_malformed_files_stop_loading_naming_file_and_line(tmp_path, name, content, message):
    (tmp_path / name).write_text(content)
    with pytest.raises(DataLoadError) as error:
        MemoryStore.from_paths([tmp_path])
    assert message in str(error.value)


def test_a_missing_path_is_a_load_error(tmp_path):
    with pytest.raises(DataLoadError, match="no such file or directory"):
        MemoryStore.from_paths([tmp_path / "absent"])


async def test_real_dask_export_with_telemetry_loads_and_filters_nested_fields():
    store = MemoryStore.from_paths([FIXTURES / "tasks_dask_telemetry.json"])
    assert store.counts()["tasks"] == 9
    page = await store.find_tasks(
        Query(filter={"telemetry_at_end.cpu.percent_all": {"$exists": True}}).checked()
    )
    assert len(page.items) == 8
    never_ended = await store.find_tasks(Query(filter={"ended_at": None}).checked())
    assert len(never_ended.items) == 1
    assert "telemetry_at_end" not in never_ended.items[0]


async def test_real_mlflow_export_orders_documents_lacking_the_date_field_last():
    store = MemoryStore.from_paths([FIXTURES / "tasks_mlflow_plugin.json"])
    assert store.counts()["tasks"] == 265
    page = await store.find_tasks(Query(limit=1000).checked())
    started = [item.get("started_at") for item in page.items]
    dated = [s for s in started if s is not None]
    assert len(dated) == 24 and started[:24] == sorted(dated)
    assert all(s is None for s in started[24:])
    undated_ids = [item["task_id"] for item in page.items[24:]]
    assert undated_ids == sorted(undated_ids)


async def test_the_demo_dataset_serves_every_kind_of_record():
    store = MemoryStore.demo()
    counts = store.counts()
    assert all(counts[name] > 0 for name in counts), counts
    models = await store.find_objects(ObjectQuery().checked(), ObjectKind.MODEL)
    assert {m["storage_type"] for m in models.items} == {"gridfs", "in_object"}
    history = await store.object_history(models.items[0]["object_id"], limit=10)
    assert len(history.items) >= 2
