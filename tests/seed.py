"""Seed documents in MongoDB shape, shared by every store in the contract suite."""

from datetime import datetime, timezone
from typing import Any

from bson import Binary, Int64, ObjectId

Doc = dict[str, Any]


def _dt(day: int, hour: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=timezone.utc)


def _telemetry(cpu: float, rss: int, read: int) -> Doc:
    return {
        "cpu": {"percent_all": cpu, "times_avg": {"user": cpu * 10, "system": cpu}},
        "process": {"memory": {"rss": rss}},
        "disk": {"io_sum": {"read_bytes": read, "write_bytes": read // 2}},
    }


WORKFLOWS: list[Doc] = [
    {
        "_id": ObjectId(),
        "workflow_id": "wf-a",
        "name": "training",
        "user": "alice",
        "campaign_id": "c1",
        "utc_timestamp": 1000.0,
        "used": {"epochs": 3},
    },
    {
        "_id": ObjectId(),
        "workflow_id": "wf-b",
        "name": "inference",
        "user": "bob",
        "campaign_id": "c1",
        "parent_workflow_id": "wf-a",
        "utc_timestamp": 500.0,
    },
    {"_id": ObjectId(), "workflow_id": "wf-c", "name": "orphan", "user": "alice"},
    {
        "_id": ObjectId(),
        "workflow_id": "wf-0",
        "name": "training",
        "user": "carol",
        "campaign_id": "c2",
        "utc_timestamp": 1000.0,
    },
]

TASKS: list[Doc] = [
    {
        "_id": ObjectId(),
        "task_id": "t-3",
        "workflow_id": "wf-a",
        "activity_id": "train",
        "status": "FINISHED",
        "started_at": 30.0,
        "ended_at": 40.0,
        "used": {"lr": 0.1, "tags": ["gpu", "fast"]},
        "generated": {"loss": 0.5},
        "telemetry_at_start": _telemetry(10.0, 100, 1000),
        "telemetry_at_end": _telemetry(50.0, 300, 5000),
    },
    {
        "_id": ObjectId(),
        "task_id": "t-1",
        "workflow_id": "wf-a",
        "activity_id": "load",
        "status": "FINISHED",
        "started_at": 10.0,
        "ended_at": 12.5,
        "used": {"path": "/data/a.npz", "tags": ["cpu"]},
        "generated": {"rows": 600},
        "telemetry_at_start": _telemetry(5.0, 50, 0),
        "telemetry_at_end": _telemetry(20.0, 80, 2000),
    },
    {
        "_id": ObjectId(),
        "task_id": "t-2",
        "workflow_id": "wf-a",
        "activity_id": "train",
        "parent_task_id": "t-1",
        "status": "ERROR",
        "started_at": 20.0,
        "ended_at": 21.0,
        "used": {"lr": 0.01},
        "stderr": "diverged",
    },
    {
        "_id": ObjectId(),
        "task_id": "t-4",
        "workflow_id": "wf-a",
        "activity_id": "evaluate",
        "status": "RUNNING",
        "submitted_at": 5.0,
        "used": {"lr": None},
    },
    {
        "_id": ObjectId(),
        "task_id": "t-0",
        "workflow_id": "wf-a",
        "activity_id": "train",
        "status": "FINISHED",
        "started_at": 30.0,
        "ended_at": 35.0,
        "used": {"lr": 0.2},
    },
    {
        "_id": ObjectId(),
        "task_id": "t-9",
        "workflow_id": "wf-b",
        "activity_id": "predict",
        "status": "FINISHED",
        "started_at": Int64(1_700_000_000_000),
        "ended_at": Int64(1_700_000_000_500),
        "timestamp": _dt(1),
        "used": {"batch": 64},
    },
    {
        "_id": ObjectId(),
        "task_id": "t-8",
        "workflow_id": "wf-b",
        "activity_id": "predict",
        "status": "FINISHED",
        "timestamp": _dt(2),
        "used": {"batch": 32},
    },
]

GRID_V1 = ObjectId("65f000000000000000000001")
GRID_V2 = ObjectId("65f000000000000000000002")
MODEL_V1_BYTES = bytes(range(256)) * 5  # 1280 bytes in three chunks of 512
MODEL_V2_BYTES = b"model-v2-" * 100  # 900 bytes in two chunks of 512

OBJECTS: list[Doc] = [
    {
        "_id": ObjectId(),
        "object_id": "ds-1",
        "type": "dataset",
        "version": 0,
        "prev_version": None,
        "workflow_id": "wf-a",
        "task_id": "t-1",
        "created_at": _dt(2),
        "updated_at": _dt(2),
        "object_size_bytes": 11,
        "data": Binary(b"hello data!"),
        "custom_metadata": {"rows": 600},
    },
    {
        "_id": ObjectId(),
        "object_id": "model-1",
        "object_type": "ml_model",
        "version": 2,
        "prev_version": 1,
        "workflow_id": "wf-a",
        "task_id": "t-3",
        "created_at": _dt(1),
        "updated_at": _dt(5),
        "object_size_bytes": len(MODEL_V2_BYTES),
        "grid_fs_file_id": GRID_V2,
        "custom_metadata": {"accuracy": 0.93},
    },
    {
        "_id": ObjectId(),
        "object_id": "model-2",
        "type": "ml_model",
        "version": 0,
        "workflow_id": "wf-b",
        "task_id": "t-9",
        "created_at": _dt(3),
        "data": Binary(b"tiny model"),
        "object_size_bytes": 10,
    },
    {
        "_id": ObjectId(),
        "object_id": "fig-1",
        "object_type": "figure",
        "version": 0,
        "workflow_id": "wf-a",
        "task_id": "t-3",
        "created_at": _dt(4),
    },
]

OBJECT_HISTORY: list[Doc] = [
    {
        "_id": ObjectId(),
        "object_id": "model-1",
        "object_type": "ml_model",
        "version": 0,
        "prev_version": None,
        "workflow_id": "wf-a",
        "task_id": "t-3",
        "created_at": _dt(1),
        "data": Binary(b"model-v0"),
        "object_size_bytes": 8,
    },
    {
        "_id": ObjectId(),
        "object_id": "model-1",
        "object_type": "ml_model",
        "version": 1,
        "prev_version": 0,
        "workflow_id": "wf-a",
        "task_id": "t-3",
        "created_at": _dt(1),
        "updated_at": _dt(3),
        "grid_fs_file_id": GRID_V1,
        "object_size_bytes": len(MODEL_V1_BYTES),
    },
]


def _gridfs(file_id: ObjectId, payload: bytes, chunk_size: int = 512) -> tuple[Doc, list[Doc]]:
    file = {
        "_id": file_id,
        "length": len(payload),
        "chunkSize": chunk_size,
        "uploadDate": _dt(5),
        "filename": str(file_id),
    }
    chunks = [
        {
            "_id": ObjectId(),
            "files_id": file_id,
            "n": n,
            "data": Binary(payload[offset : offset + chunk_size]),
        }
        for n, offset in enumerate(range(0, len(payload), chunk_size))
    ]
    return file, list(reversed(chunks))  # stored out of order: readers must sort by n


_V1_FILE, _V1_CHUNKS = _gridfs(GRID_V1, MODEL_V1_BYTES)
_V2_FILE, _V2_CHUNKS = _gridfs(GRID_V2, MODEL_V2_BYTES)


def collections() -> dict[str, list[Doc]]:
    """Fresh copies of every seeded collection, keyed by MongoDB collection name."""
    import copy

    return copy.deepcopy(
        {
            "workflows": WORKFLOWS,
            "tasks": TASKS,
            "objects": OBJECTS,
            "object_history": OBJECT_HISTORY,
            "fs.files": [_V1_FILE, _V2_FILE],
            "fs.chunks": _V1_CHUNKS + _V2_CHUNKS,
        }
    )
