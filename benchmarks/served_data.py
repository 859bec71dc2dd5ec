"""Synthetic Flowcept data as mongoexport JSON Lines files, written streaming and cached by size.

`task_data(root, size)` writes `root/tasks-<size>/` (workflows, tasks, objects, object_history)
and `model_data(root, mb)` writes `root/model-<mb>mb/` (one ml_model object in GridFS: fs.files
and fs.chunks of 255 KiB, `$binary` base64). Each directory is written under a temporary name and
renamed when complete, so an interrupted run is never reused; `<dir>.manifest.json` beside it (not
in it: the server would read it as data) holds the ids the benchmark asks for. Memory stays
bounded: one task or one chunk at a time.
"""

import base64
import hashlib
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from benchmarks.synthetic import tasks

CHUNK_SIZE = 255 * 1024  # GridFS default
BIG_WORKFLOW = 100_000
SMALL_SIZES = (1, 10, 50, 200, 1_000, 3_000)  # the other workflows cycle through these
SAMPLE_IDS = 1_000
OBJECTS = 200
EPOCH = 1_717_000_000


def oid(kind: int, number: int) -> dict[str, str]:
    """A deterministic ObjectId in Extended JSON: `kind` keeps collections apart."""
    return {"$oid": f"{kind:02x}{number:022x}"}


def iso(seconds: float) -> dict[str, str]:
    stamp = datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")
    return {"$date": stamp.replace("+00:00", "Z")}


def workflow_sizes(size: int) -> list[int]:
    """One big workflow (100,000 tasks, or 90% of a smaller total), the rest of varied sizes."""
    big = min(BIG_WORKFLOW, size * 9 // 10)
    sizes, left, turn = [big], size - big, 0
    while left > 0:
        take = min(SMALL_SIZES[turn % len(SMALL_SIZES)], left)
        sizes.append(take)
        left -= take
        turn += 1
    return sizes


def _line(out: TextIO, document: dict[str, Any]) -> None:
    out.write(json.dumps(document, separators=(",", ":")))
    out.write("\n")


def manifest_of(directory: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_manifest_path(directory).read_text())
    return loaded


def _manifest_path(directory: Path) -> Path:
    return directory.with_name(directory.name + ".manifest.json")


def _finish(tmp: Path, final: Path, manifest: dict[str, Any]) -> Path:
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    _manifest_path(final).write_text(json.dumps(manifest))
    return final


def _fresh(root: Path, name: str) -> tuple[Path, Path] | Path:
    final = root / name
    if _manifest_path(final).exists() and final.is_dir():
        return final
    tmp = root / f".{name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp, final


def task_data(root: Path, size: int) -> Path:
    """The directory of `size` tasks with their workflows and versioned objects (cached)."""
    where = _fresh(root, f"tasks-{size}")
    if isinstance(where, Path):
        return where
    tmp, final = where
    sizes = workflow_sizes(size)
    stride = max(1, size // SAMPLE_IDS)
    sample: list[str] = []
    workflow_ids = [f"wf-{size}-{n:05d}" for n in range(len(sizes))]
    number = 0
    with (tmp / "tasks.jsonl").open("w") as out:
        for w, (workflow, count) in enumerate(zip(workflow_ids, sizes, strict=True)):
            for task in tasks(workflow, count, seed=w + 1):
                if number % stride == 0 and len(sample) < SAMPLE_IDS:
                    sample.append(task["task_id"])
                _line(out, {"_id": oid(1, number), **task})
                number += 1
    with (tmp / "workflows.jsonl").open("w") as out:
        for w, (workflow, count) in enumerate(zip(workflow_ids, sizes, strict=True)):
            _line(out, _workflow(w, workflow, count))
    _objects(tmp, workflow_ids)
    manifest = {
        "size": size,
        "big_workflow": workflow_ids[0],
        "big_workflow_tasks": sizes[0],
        "workflows": len(sizes),
        "task_ids": sample,
    }
    return _finish(tmp, final, manifest)


def _workflow(number: int, workflow: str, count: int) -> dict[str, Any]:
    return {
        "_id": oid(2, number),
        "workflow_id": workflow,
        "name": f"synthetic-{count}",
        "user": f"user{number % 7}",
        "campaign_id": f"campaign-{number % 3}",
        "utc_timestamp": float(EPOCH + number),
        "used": {"tasks": count},
    }


def _objects(tmp: Path, workflow_ids: list[str]) -> None:
    """OBJECTS datasets and models, each with 1 to 5 versions: the latest in `objects`."""
    blob = base64.b64encode(bytes(range(256)) * 2).decode()
    with (
        (tmp / "objects.jsonl").open("w") as latest,
        (tmp / "object_history.jsonl").open("w") as older,
    ):
        serial = 0
        for n in range(OBJECTS):
            versions = 1 + n % 5
            for version in range(versions):
                document = {
                    "_id": oid(3, serial),
                    "object_id": f"object-{n:04d}",
                    "workflow_id": workflow_ids[n % len(workflow_ids)],
                    "task_id": f"{workflow_ids[n % len(workflow_ids)]}-task-{0:07d}",
                    "type": "dataset" if n % 2 else "ml_model",
                    "version": version,
                    "created_at": iso(EPOCH + n * 10 + version),
                    "custom_metadata": {"name": f"thing-{n}", "rows": n * 100},
                    "data": {"$binary": {"base64": blob, "subType": "00"}},
                }
                _line(latest if version == versions - 1 else older, document)
                serial += 1


def chunk_bytes(n: int, length: int = CHUNK_SIZE) -> bytes:
    """Chunk `n` of the model: a 256-byte block derived from n, repeated (checkable anywhere)."""
    block = hashlib.sha256(f"chunk-{n}".encode()).digest() * 8
    return (block * (CHUNK_SIZE // len(block)))[:length]


def model_range(size: int, start: int, end: int) -> bytes:
    """The model's bytes `start`..`end` inclusive, computed without the whole model."""
    parts: list[bytes] = []
    for n in range(start // CHUNK_SIZE, end // CHUNK_SIZE + 1):
        whole = chunk_bytes(n, min(CHUNK_SIZE, size - n * CHUNK_SIZE))
        lo = max(start - n * CHUNK_SIZE, 0)
        parts.append(whole[lo : end - n * CHUNK_SIZE + 1])
    return b"".join(parts)


def _chunks(size: int) -> Iterator[tuple[int, bytes]]:
    for n in range((size + CHUNK_SIZE - 1) // CHUNK_SIZE):
        yield n, chunk_bytes(n, min(CHUNK_SIZE, size - n * CHUNK_SIZE))


def model_data(root: Path, megabytes: int) -> Path:
    """The directory of one `megabytes` MiB model stored in GridFS chunks (cached)."""
    where = _fresh(root, f"model-{megabytes}mb")
    if isinstance(where, Path):
        return where
    tmp, final = where
    size = megabytes * 1024 * 1024
    object_id = f"model-large-{megabytes}mb"
    file_id = oid(4, megabytes)
    with (tmp / "fs.chunks.jsonl").open("w") as out:
        for n, data in _chunks(size):
            encoded = base64.b64encode(data).decode()
            binary = {"$binary": {"base64": encoded, "subType": "00"}}
            _line(out, {"_id": oid(5, n), "files_id": file_id, "n": n, "data": binary})
    gridfs_file = {
        "_id": file_id,
        "length": size,
        "chunkSize": CHUNK_SIZE,
        "uploadDate": iso(EPOCH),
        "filename": f"{object_id}_v0",
        "metadata": {"object_id": object_id, "version": 0, "type": "ml_model"},
    }
    (tmp / "fs.files.jsonl").write_text(json.dumps(gridfs_file) + "\n")
    model = {
        "_id": oid(6, megabytes),
        "object_id": object_id,
        "workflow_id": "wf-model",
        "object_type": "ml_model",
        "version": 0,
        "created_at": iso(EPOCH),
        "object_size_bytes": size,
        "grid_fs_file_id": file_id,
    }
    (tmp / "objects.jsonl").write_text(json.dumps(model) + "\n")
    return _finish(tmp, final, {"object_id": object_id, "size": size})
