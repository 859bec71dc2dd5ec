"""Read ports: what the HTTP layer (and the domain services) may ask of a provenance store.

Every `get_*` returns the record or raises NotFound; every `find_*` returns a Page; a store that
cannot answer raises StoreUnavailable. There are no writes.
"""

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from flowcept.domain.collections import ObjectKind
from flowcept.domain.lineage.ports import LineageSource
from flowcept.domain.query import ObjectQuery, Query
from flowcept.domain.reports.ports import ReportSource

Document = dict[str, Any]
# What reads return: read-only records (a dict, or a store's own view over what it holds).
ReadDocument = Mapping[str, Any]


@dataclass
class Page:
    """One page of a list: documents (or aggregation rows) in their final order."""

    items: Sequence[ReadDocument]
    limit: int
    next_cursor: str | None = None  # None on the last page
    total: int | None = None  # only when asked for (count_total)


ChunkReader = Callable[[int, int], AsyncIterator[bytes]]
"""Reads bytes `start`..`end` (inclusive, already within the payload) of one stored payload."""


@dataclass
class Payload:
    """An object's bytes, read lazily: `chunks` yields them in order, never all at once.

    `chunks` yields only bytes `start`..`end` (inclusive) of the whole payload of `size` bytes;
    nothing is read before the first chunk is asked for. `etag` is an opaque token (hex digits)
    that differs whenever the bytes may differ, derived by the store from what it already read
    to find the payload (never from a GridFS file's chunks). `window` opens another range of the
    same stored bytes without asking the store again, so the size, the validator and the bytes
    always describe one stored file.
    """

    object_id: str
    version: int | None
    size: int
    chunks: AsyncIterator[bytes]
    metadata: Document = field(default_factory=dict)
    etag: str = ""
    start: int = 0
    end: int | None = None  # inclusive (below `start`: no byte); None: to the last byte
    reader: ChunkReader | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(
        cls,
        object_id: str,
        version: int | None,
        size: int,
        reader: ChunkReader,
        start: int = 0,
        end: int | None = None,
        etag: str = "",
    ) -> "Payload":
        """Bytes `start`..`end` (inclusive; None: to the end, past the end: clipped to it)."""
        first, last = cls.bounds(size, start, end)
        return cls(
            object_id,
            version,
            size,
            reader(first, last),
            etag=etag,
            start=first,
            end=last,
            reader=reader,
        )

    @staticmethod
    def bounds(size: int, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The inclusive positions of a range within `size` bytes (last < first: no byte)."""
        if start < 0 or (end is not None and end < 0):
            raise ValueError(f"byte positions are from 0: start={start}, end={end}")
        return start, size - 1 if end is None else min(end, size - 1)

    @property
    def length(self) -> int:
        """How many bytes `chunks` yields."""
        last = self.size - 1 if self.end is None else min(self.end, self.size - 1)
        return max(last - self.start + 1, 0)

    def window(self, start: int = 0, end: int | None = None) -> "Payload":
        """Another range of the same stored bytes (this payload's `chunks` is left unread)."""
        if self.reader is None:
            raise ValueError("this payload cannot be read again")
        first, last = self.bounds(self.size, start, end)
        return replace(self, chunks=self.reader(first, last), start=first, end=last)


class WorkflowReader(Protocol):
    async def get_workflow(self, workflow_id: str) -> ReadDocument: ...

    async def find_workflows(self, query: Query) -> Page: ...


class TaskReader(Protocol):
    async def get_task(self, task_id: str) -> ReadDocument: ...

    async def find_tasks(self, query: Query) -> Page: ...


class ObjectReader(Protocol):
    """Objects, optionally scoped to one type label (datasets, models)."""

    async def get_object(
        self, object_id: str, kind: ObjectKind | None = None, include_data: bool = False
    ) -> Document: ...

    async def get_object_version(
        self,
        object_id: str,
        version: int,
        kind: ObjectKind | None = None,
        include_data: bool = False,
    ) -> Document: ...

    async def object_history(
        self, object_id: str, limit: int, kind: ObjectKind | None = None
    ) -> Page: ...

    async def find_objects(self, query: ObjectQuery, kind: ObjectKind | None = None) -> Page: ...

    async def open_payload(
        self,
        object_id: str,
        version: int | None = None,
        kind: ObjectKind | None = None,
        start: int = 0,
        end: int | None = None,
    ) -> Payload:
        """The payload, whose `chunks` yield bytes `start`..`end` (inclusive; None: to the end).

        Only the stored pieces that hold those bytes are read (GridFS: chunks `start // chunkSize`
        to `end // chunkSize`). Raises NotFound when the object or its payload is missing.
        """
        ...


class HealthCheck(Protocol):
    async def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""


class ProvenanceStore(
    WorkflowReader, TaskReader, ObjectReader, ReportSource, LineageSource, HealthCheck, Protocol
):
    """Everything the read API needs from a store."""

    async def close(self) -> None: ...
