"""Read `mongoexport` files and Flowcept buffer files into collections of BSON-valued documents."""

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from bson import json_util

from flowcept.adapters.memory.json_array import ArrayElements, ArrayError
from flowcept.domain.filters import EXTENDED_JSON

log = logging.getLogger(__name__)

COLLECTION_FILES = ("workflows", "tasks", "objects", "object_history", "fs.files", "fs.chunks")
SUFFIXES = (".json", ".jsonl", ".ndjson")

Collections = dict[str, list[Any]]
Keep = Callable[[str, dict[str, Any]], Any]
PROGRESS_EVERY = 10_000  # records between looks at the clock
PROGRESS_SECONDS = 5.0


class DataLoadError(Exception):
    """A data file could not be read; the message names the file and line."""


def empty_collections() -> Collections:
    return {name: [] for name in COLLECTION_FILES}


def load_paths(paths: Iterable[Path], keep: Keep | None = None) -> Collections:
    """Load every export or buffer file named by `paths` (files or directories); `keep` turns each
    record into what the collection holds (the embedded store compacts them as they arrive)."""
    collections = empty_collections()
    for path in paths:
        for file in _data_files(Path(path)):
            count = _load_file(file, collections, keep)
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


def _load_file(file: Path, collections: Collections, keep: Keep | None) -> int:
    target = collection_of(file)
    count = 0
    for where, record in read_records(file):
        name = target or route_buffer_record(record)
        if name is None:
            raise DataLoadError(
                f"{file}:{where}: record has no `type` of workflow or task and no "
                "object_id, task_id or workflow_id to tell its collection"
            )
        collections[name].append(keep(name, record) if keep else record)
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
    """Yield (location, document) from a JSON array file or a JSON Lines file, streaming: memory
    holds one document and one read block, whatever the file's size."""
    try:
        with file.open("rb") as stream:
            progress = Progress(file, file.stat().st_size)
            first = _first_byte(stream)
            stream.seek(0)
            records = _read_array(file, stream) if first == b"[" else _read_lines(file, stream)
            for count, (where, record) in enumerate(records, start=1):
                yield where, record
                if count % PROGRESS_EVERY == 0:
                    progress.report(stream.tell(), count)
    except OSError as exc:
        raise DataLoadError(f"{file}: {exc.strerror or exc}") from exc


class Progress:
    """Logs how far a long load has got, at most every few seconds."""

    def __init__(self, file: Path, size: int) -> None:
        self._file, self._size = file, size
        self._next = time.monotonic() + PROGRESS_SECONDS

    def report(self, position: int, count: int) -> None:
        now = time.monotonic()
        if now >= self._next:
            self._next = now + PROGRESS_SECONDS
            share = f"{100 * position / self._size:.0f}%" if self._size else "?"
            log.info("loading %s: %d records, %s of %d bytes", self._file, count, share, self._size)


def _first_byte(stream: BinaryIO) -> bytes:
    while block := stream.read(4096):
        stripped = block.lstrip()
        if stripped:
            return stripped[:1]
    return b""


def _text(file: Path, line: int, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataLoadError(f"{file}:{line}: not UTF-8 text ({exc.reason})") from exc


def _decode(file: Path, line: int, text: str) -> Any:
    try:
        return json_util.loads(text, json_options=EXTENDED_JSON)
    except json.JSONDecodeError as exc:
        raise DataLoadError(f"{file}:{line + exc.lineno - 1}: {exc.msg}") from exc
    except Exception as exc:  # json_util raises many types for bad $-wrappers
        raise DataLoadError(f"{file}:{line}: invalid Extended JSON: {exc}") from exc


def _read_lines(file: Path, stream: BinaryIO) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, data in enumerate(stream, start=1):
        text = _text(file, number, data).strip()
        if not text:
            continue
        record = _decode(file, number, text)
        if not isinstance(record, dict):
            raise DataLoadError(f"{file}:{number}: expected a JSON document")
        yield str(number), record


def _read_array(file: Path, stream: BinaryIO) -> Iterator[tuple[str, dict[str, Any]]]:
    """The elements of one JSON array, decoded one at a time from blocks of the file."""
    try:
        for index, (line, record) in enumerate(ArrayElements(stream)):
            if not isinstance(record, dict):
                raise DataLoadError(f"{file}:{line}: element {index} is not a document")
            yield f"{line} (element {index})", record
    except ArrayError as exc:
        raise DataLoadError(f"{file}:{exc.line}: {exc}") from exc
