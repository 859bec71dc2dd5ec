"""MemoryStore: the embedded provenance store, with MongoDB's query semantics, held in memory."""

from collections.abc import AsyncIterator, Iterable, Mapping
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from bson import ObjectId

from flowcept.adapters.memory import engine, reports
from flowcept.adapters.memory.budget import QueryRunner
from flowcept.adapters.memory.compact import as_dict, compact, public
from flowcept.adapters.memory.lineage import MemoryLineage
from flowcept.adapters.memory.loader import Collections, empty_collections, load_paths
from flowcept.adapters.memory.matcher import sort_documents
from flowcept.adapters.memory.ordering import OrderIndex
from flowcept.domain.collections import (
    OBJECT_HISTORY,
    OBJECTS,
    TASKS,
    WORKFLOWS,
    Collection,
    ObjectKind,
    object_noun,
)
from flowcept.domain.errors import NotFound
from flowcept.domain.filters import all_of
from flowcept.domain.lineage.links import Found
from flowcept.domain.lineage.model import NodeRef, Record
from flowcept.domain.lineage.wants import Wants
from flowcept.domain.objects import (
    GRIDFS_FIELD,
    present_object,
    storage_type,
    stored_projection,
)
from flowcept.domain.payloads import inline_payload, payload_label, payload_tag
from flowcept.domain.ports import Document, Page, Payload, ReadDocument
from flowcept.domain.query import ObjectQuery, Query
from flowcept.domain.reports.model import ActivityLink, ActivityStats, FieldProfile, ObjectStats

DEMO_DATA = Path(__file__).resolve().parents[2] / "demo"
DIGESTS_KEPT = 8
RENDERED = (WORKFLOWS.name, TASKS.name)  # collections whose records leave as stored JSON


def _scope(kind: ObjectKind | None) -> dict[str, Any]:
    return kind.scope_filter() if kind else {}


class MemoryStore:
    """Implements ProvenanceStore over documents held in memory, compactly (see `compact`)."""

    def __init__(
        self, collections: Mapping[str, Iterable[Document]], query_timeout_ms: int = 10_000
    ) -> None:
        # Finds and aggregations run on these threads within the budget; lookups stay inline.
        self._queries = QueryRunner(query_timeout_ms)
        data = empty_collections()
        for name, documents in collections.items():
            data[name] = [_keep(name, d) for d in documents]
        self._data: Collections = data
        self._first_by_id = {
            c.name: self._index_first(data[c.name], c.id_field) for c in (WORKFLOWS, TASKS)
        }
        self._by_workflow: dict[str, dict[Any, list[Document]]] = {
            name: _group_by(data[name], "workflow_id") for name in ("tasks", "objects")
        }
        self._indexes = {c.name: OrderIndex(c, data[c.name]) for c in (WORKFLOWS, TASKS, OBJECTS)}
        for index in self._indexes.values():
            index.prepare()
        # Each workflow's default order, cut from the collection's in one pass at load.
        self._workflow_indexes = self._indexes[TASKS.name].partition(
            self._by_workflow[TASKS.name], partial(_group_keys, field="workflow_id")
        )
        self._activity_indexes: dict[str, dict[str, OrderIndex]] = {}
        self._digests: dict[str, reports.TaskDigest] = {}
        self._files = {f.get("_id"): f for f in data["fs.files"]}
        self._chunks: dict[Any, list[Document]] = {}
        for chunk in data["fs.chunks"]:
            self._chunks.setdefault(chunk.get("files_id"), []).append(chunk)
        for chunks in self._chunks.values():
            chunks.sort(key=lambda c: c.get("n", 0))

    @classmethod
    def from_paths(
        cls, paths: Iterable[Path | str], query_timeout_ms: int = 10_000
    ) -> "MemoryStore":
        """Load mongoexport files, Flowcept buffer files or directories of them."""
        return cls(
            load_paths((Path(p) for p in paths), keep=_keep), query_timeout_ms=query_timeout_ms
        )

    @classmethod
    def demo(cls, query_timeout_ms: int = 10_000) -> "MemoryStore":
        """The small demo dataset shipped with the package."""
        return cls.from_paths([DEMO_DATA], query_timeout_ms)

    def counts(self) -> dict[str, int]:
        return {name: len(documents) for name, documents in self._data.items()}

    @staticmethod
    def _index_first(documents: list[Document], id_field: str) -> dict[Any, Document]:
        index: dict[Any, Document] = {}
        for document in documents:
            index.setdefault(document.get(id_field), document)
        return index

    # -- workflows and tasks -------------------------------------------------------------

    def _get(self, collection: Collection, record_id: str, noun: str) -> ReadDocument:
        document = self._first_by_id[collection.name].get(record_id)
        if document is None:
            raise NotFound(f"{noun} not found: {record_id}")
        return _public(document, None)

    def _candidates(
        self, collection: Collection, query: Query
    ) -> tuple[list[Document], OrderIndex]:
        """The documents a query can match, and their ordered index: one workflow's tasks when the
        filter requires that workflow_id, one activity's among them when it also requires that
        activity_id, else the whole collection."""
        workflow = required_string(query.filter, "workflow_id") if collection is TASKS else None
        if workflow is None:
            return self._data[collection.name], self._indexes[collection.name]
        tasks = self._by_workflow["tasks"].get(workflow, [])
        if workflow not in self._workflow_indexes:
            self._workflow_indexes[workflow] = OrderIndex(TASKS, tasks)
        index = self._workflow_indexes[workflow]
        activity = required_string(query.filter, "activity_id")
        if activity is None:
            return tasks, index
        if workflow not in self._activity_indexes:
            # Cut from the workflow's orders the first time a query names an activity (one pass
            # over the workflow), as a (workflow_id, activity_id, date) index would be.
            by_activity = _group_by(tasks, "activity_id")
            keys = partial(_group_keys, field="activity_id")
            self._activity_indexes[workflow] = index.partition(by_activity, keys)
        part = self._activity_indexes[workflow].get(activity) or OrderIndex(TASKS, [])
        return part.documents, part

    def _find(self, collection: Collection, query: Query) -> Page:
        documents, index = self._candidates(collection, query)
        if query.aggregation:
            return Page(engine.aggregate_rows(documents, query, {}), query.limit)
        selected, next_cursor, total = engine.select(collection, documents, query, {}, index=index)
        fields = query.projection or None
        items = [_public(d, fields) for d in selected]
        return Page(items, query.limit, next_cursor, total)

    async def get_workflow(self, workflow_id: str) -> ReadDocument:
        return self._get(WORKFLOWS, workflow_id, "Workflow")

    async def find_workflows(self, query: Query) -> Page:
        return await self._queries.run(self._find, WORKFLOWS, query)

    async def get_task(self, task_id: str) -> ReadDocument:
        return self._get(TASKS, task_id, "Task")

    async def find_tasks(self, query: Query) -> Page:
        return await self._queries.run(self._find, TASKS, query)

    # -- objects ---------------------------------------------------------------------------

    def _object_documents(
        self, object_id: str, kind: ObjectKind | None, version: int | None = None
    ) -> list[Document]:
        """An object's stored versions within the scope: the latest, then history newest first."""
        wanted: dict[str, Any] = {"object_id": object_id}
        if version is not None:
            wanted["version"] = version
        match = engine.matcher(all_of(wanted, _scope(kind)))
        latest = [d for d in self._data[OBJECTS.name] if match(d)][:1]
        older = [d for d in self._data[OBJECT_HISTORY.name] if match(d)]
        return latest + sort_documents(older, [("version", -1), ("_id", 1)])

    def _stored_version(
        self, object_id: str, version: int | None, kind: ObjectKind | None
    ) -> Document:
        found = self._object_documents(object_id, kind, version)
        if not found:
            what = f"{object_noun(kind)} not found: {object_id}"
            if version is not None and self._object_documents(object_id, kind):
                what = f"{object_noun(kind)} {object_id} has no version {version}"
            raise NotFound(what)
        return found[0]

    async def get_object(
        self, object_id: str, kind: ObjectKind | None = None, include_data: bool = False
    ) -> Document:
        document = as_dict(self._stored_version(object_id, None, kind))
        return present_object(engine.shape(document, None), storage_type(document), include_data)

    async def get_object_version(
        self,
        object_id: str,
        version: int,
        kind: ObjectKind | None = None,
        include_data: bool = False,
    ) -> Document:
        document = as_dict(self._stored_version(object_id, version, kind))
        return present_object(engine.shape(document, None), storage_type(document), include_data)

    async def object_history(
        self, object_id: str, limit: int, kind: ObjectKind | None = None
    ) -> Page:
        versions = self._object_documents(object_id, kind)
        if not versions:
            raise NotFound(f"{object_noun(kind)} not found: {object_id}")
        items = [as_dict(d) for d in versions[:limit]]
        items = [present_object(engine.shape(d, None), storage_type(d)) for d in items]
        return Page(items, limit)

    async def find_objects(self, query: ObjectQuery, kind: ObjectKind | None = None) -> Page:
        return await self._queries.run(self._find_objects, query, kind)

    def _find_objects(self, query: ObjectQuery, kind: ObjectKind | None) -> Page:
        documents = self._data[OBJECTS.name]
        scope = _scope(kind)
        if query.aggregation:
            return Page(engine.aggregate_rows(documents, query, scope), query.limit)
        selected, next_cursor, total = engine.select(
            OBJECTS, documents, query, scope, kind.value if kind else None, self._indexes["objects"]
        )
        fields = stored_projection(query.projection, query.include_data)
        items = [
            present_object(
                engine.shape(d, fields), storage_type(d), query.include_data, query.projection
            )
            for d in map(as_dict, selected)
        ]
        return Page(items, query.limit, next_cursor, total)

    async def open_payload(
        self,
        object_id: str,
        version: int | None = None,
        kind: ObjectKind | None = None,
        start: int = 0,
        end: int | None = None,
    ) -> Payload:
        document = self._stored_version(object_id, version, kind)
        label = payload_label(object_id, version, kind)
        stored_version = document.get("version")
        file_id = document.get(GRIDFS_FIELD)
        if file_id is not None:
            file = self._files.get(file_id) or self._files.get(_as_object_id(file_id))
            if file is None:
                raise NotFound(f"{label}: its GridFS file {file_id} is missing")
            chunks = self._chunks.get(file.get("_id"), [])
            size = sum(len(c.get("data", b"")) for c in chunks)
            etag = payload_tag("gridfs", object_id, stored_version, file.get("_id"), size)
            return Payload.of(object_id, version, size, partial(_iterate, chunks), start, end, etag)
        return inline_payload(document, object_id, version, label, start, end)

    # -- report aggregates ---------------------------------------------------------------------

    def _workflow_tasks(self, workflow_id: str) -> list[Document]:
        return self._by_workflow["tasks"].get(workflow_id, [])

    def _task_digest(self, workflow_id: str) -> reports.TaskDigest:
        """A workflow's activity stats and field profiles, from one pass over its tasks. The data
        never changes, so the few latest digests are kept: one card asks for both halves."""
        if workflow_id not in self._digests:
            if len(self._digests) >= DIGESTS_KEPT:
                self._digests.pop(next(iter(self._digests)))
            self._digests[workflow_id] = reports.task_digest(self._workflow_tasks(workflow_id))
        return self._digests[workflow_id]

    async def activity_stats(self, workflow_id: str) -> list[ActivityStats]:
        return self._task_digest(workflow_id)[0]

    async def activity_links(self, workflow_id: str) -> list[ActivityLink]:
        return reports.activity_links(self._workflow_tasks(workflow_id), self._first_by_id["tasks"])

    async def field_profiles(self, workflow_id: str) -> list[FieldProfile]:
        return self._task_digest(workflow_id)[1]

    async def object_stats(self, workflow_id: str) -> ObjectStats:
        return reports.object_stats(self._by_workflow["objects"].get(workflow_id, []))

    # -- lineage: indexes built on the first request (adapters/memory/lineage.py) -------------

    @cached_property
    def _lineage(self) -> MemoryLineage:
        return MemoryLineage(self._data)

    async def lineage_node(self, ref: NodeRef) -> Record:
        return await self._lineage.lineage_node(ref)

    async def lineage_step(self, wants: Wants) -> Found:
        return await self._lineage.lineage_step(wants)

    # -- health ------------------------------------------------------------------------------

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._queries.close()


def _public(document: Mapping[str, Any], fields: list[str] | None) -> ReadDocument:
    """A record as the API returns it: whole, the view over its stored JSON; else decoded and
    projected."""
    if fields is None and (view := public(document)) is not None:
        return view
    return engine.shape(as_dict(document), fields)


def _keep(collection: str, document: Document) -> Any:
    """How a collection holds a document: GridFS files and chunks as they are, the rest compact."""
    if collection.startswith("fs."):
        return document
    return compact(document, rendered=collection in RENDERED)


def _group_keys(document: Mapping[str, Any], field: str) -> list[str]:
    """The groups a document joins: the string value of `field`, or each string in its array."""
    value = document.get(field)
    return [key for key in (value if isinstance(value, list) else [value]) if isinstance(key, str)]


def _group_by(documents: list[Document], field: str) -> dict[Any, list[Document]]:
    """Documents by the string values of `field`."""
    groups: dict[Any, list[Document]] = {}
    for document in documents:
        for key in _group_keys(document, field):
            groups.setdefault(key, []).append(document)
    return groups


def required_string(filter_: dict[str, Any], field: str) -> str | None:
    """The string a filter requires `field` to equal, at its top or in a top-level $and."""
    value = filter_.get(field)
    if isinstance(value, str):
        return value
    for clause in filter_.get("$and", []) if isinstance(filter_.get("$and"), list) else []:
        if isinstance(clause, dict) and (found := required_string(clause, field)) is not None:
            return found
    return None


def _as_object_id(value: Any) -> Any:
    if isinstance(value, str) and ObjectId.is_valid(value):
        return ObjectId(value)
    return value


async def _iterate(chunks: list[Document], start: int, end: int) -> AsyncIterator[bytes]:
    """Bytes `start`..`end` of the chunks in order: chunks before or after are skipped."""
    offset = 0
    for chunk in chunks:
        if offset > end:
            break
        data = chunk.get("data", b"")
        if offset + len(data) > start:
            yield bytes(data[max(start - offset, 0) : end - offset + 1])
        offset += len(data)
