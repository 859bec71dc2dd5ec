"""Read `mongoexport` files and Flowcept buffer files into collections of BSON-valued documents."""

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bson import json_util

from flowcept.domain.filters import EXTENDED_JSON

log = logging.getLogger(__name__)

COLLECTION_FILES = ("workflows", "tasks", "objects", "object_history", "fs.files", "fs.chunks")
SUFFIXES = (".json", ".jsonl", ".ndjson")

Collections = dict[str, list[dict[str, Any]]]


class DataLoadError(Exception):
    """A data file could not be read; the message names the file and line."""


def empty_collections() -> Collections:
    return {name: [] for name in COLLECTION_FILES}


def load_paths(paths: Iterable[Path]) -> Collections:
    """Load every export or buffer file named by `paths` (files or directories)."""
    collections = empty_collections()
    for path in paths:
        for file in _data_files(Path(path)):
            count = _load_file(file, collections)
            log.info("loaded %d records from %s", count, file)
    return collections


def _data_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
    if path.is_file():
        return [path]
    raise DataLoadError(f"{path}: no such file or directory")


def collection_of(file: Path) -> str | None:
    """The collection a file is named after (`tasks.json`, `fs.chunks.jsonl`), if any."""
    stem = file.name
    for suffix in SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem if stem in COLLECTION_FILES else None


def _load_file(file: Path, collections: Collections) -> int:
    target = collection_of(file)
    count = 0
    for where, record in read_records(file):
        name = target or route_buffer_record(record)
        if name is None:
            raise DataLoadError(
                f"{file}:{where}: record has no `type` of workflow or task and no "
                "object_id, task_id or workflow_id to tell its collection"
            )
        collections[name].append(record)
        count += 1
    return count


def route_buffer_record(record: dict[str, Any]) -> str | None:
    """Which collection a Flowcept buffer record belongs to."""
    kind = record.get("type")
    if kind == "workflow":
        return "workflows"
    if kind == "task":
        return "tasks"
    for field, collection in (("object_id", "objects"), ("task_id", "tasks")):
        if field in record:
            return collection
    return "workflows" if "workflow_id" in record else None


def read_records(file: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (location, document) from a JSON array file or a JSON Lines file."""
    try:
        with file.open(encoding="utf-8") as stream:
            first = _first_char(stream)
            stream.seek(0)
            if first == "[":
                yield from _read_array(file, stream.read())
            else:
                yield from _read_lines(file, stream)
    except UnicodeDecodeError as exc:
        raise DataLoadError(f"{file}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise DataLoadError(f"{file}: {exc.strerror or exc}") from exc


def _first_char(stream: Any) -> str:
    while chunk := stream.read(4096):
        stripped = chunk.lstrip()
        if stripped:
            return str(stripped[0])
    return ""


def _decode(file: Path, line: int, text: str) -> Any:
    try:
        return json_util.loads(text, json_options=EXTENDED_JSON)
    except json.JSONDecodeError as exc:
        raise DataLoadError(f"{file}:{line + exc.lineno - 1}: {exc.msg}") from exc
    except Exception as exc:  # json_util raises many types for bad $-wrappers
        raise DataLoadError(f"{file}:{line}: invalid Extended JSON: {exc}") from exc


def _read_array(file: Path, text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    records = _decode(file, 1, text)
    if not isinstance(records, list):
        raise DataLoadError(f"{file}:1: expected a JSON array of documents")
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise DataLoadError(f"{file}:element {index}: not a document")
        yield f"element {index}", record


def _read_lines(file: Path, stream: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        record = _decode(file, number, line.strip())
        if not isinstance(record, dict):
            raise DataLoadError(f"{file}:{number}: expected a JSON document")
        yield str(number), record
