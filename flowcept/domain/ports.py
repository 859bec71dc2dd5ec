"""Read ports: what the HTTP layer (and the domain services) may ask of a provenance store.

Every `get_*` returns the record or raises NotFound; every `find_*` returns a Page; a store that
cannot answer raises StoreUnavailable. There are no writes.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from flowcept.domain.collections import ObjectKind
from flowcept.domain.query import ObjectQuery, Query
from flowcept.domain.reports.ports import ReportSource

Document = dict[str, Any]


@dataclass
class Page:
    """One page of a list: documents (or aggregation rows) in their final order."""

    items: list[Document]
    limit: int
    next_cursor: str | None = None  # None on the last page
    total: int | None = None  # only when asked for (count_total)


@dataclass
class Payload:
    """An object's bytes, read lazily: `chunks` yields them in order, never all at once."""

    object_id: str
    version: int | None
    size: int
    chunks: AsyncIterator[bytes]
    metadata: Document = field(default_factory=dict)


class WorkflowReader(Protocol):
    async def get_workflow(self, workflow_id: str) -> Document: ...

    async def find_workflows(self, query: Query) -> Page: ...


class TaskReader(Protocol):
    async def get_task(self, task_id: str) -> Document: ...

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
        self, object_id: str, version: int | None = None, kind: ObjectKind | None = None
    ) -> Payload: ...


class HealthCheck(Protocol):
    async def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""


class ProvenanceStore(
    WorkflowReader, TaskReader, ObjectReader, ReportSource, HealthCheck, Protocol
):
    """Everything the read API needs from a store."""

    async def close(self) -> None: ...
