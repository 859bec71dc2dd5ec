"""MongoStore: the read ports over a Flowcept MongoDB database, all the work done by the server."""

from collections.abc import AsyncIterator
from functools import partial
from typing import Any

from bson import ObjectId

from flowcept.adapters.mongo import keyset, lineage, reports
from flowcept.adapters.mongo.faults import driver_errors
from flowcept.adapters.mongo.queries import (
    SortSpec,
    aggregation_pipeline,
    object_output_fields,
    object_shape_stages,
    ordered_row,
    projection_spec,
    with_ties,
)
from flowcept.domain.collections import (
    OBJECT_HISTORY,
    OBJECTS,
    TASKS,
    WORKFLOWS,
    Collection,
    ObjectKind,
    carries,
    lacks,
    object_noun,
)
from flowcept.domain.errors import NotFound
from flowcept.domain.filters import all_of
from flowcept.domain.lineage.links import Found
from flowcept.domain.lineage.model import NodeRef, Record
from flowcept.domain.lineage.wants import Wants
from flowcept.domain.objects import GRIDFS_FIELD
from flowcept.domain.paging import PHASE_RANK, Phase, Position, encode_cursor, query_position
from flowcept.domain.payloads import inline_payload, payload_label, payload_tag
from flowcept.domain.ports import Document, Page, Payload
from flowcept.domain.query import ObjectQuery, Query
from flowcept.domain.reports.model import ActivityLink, ActivityStats, FieldProfile, ObjectStats

CHUNK_BATCH = 4  # GridFS chunks per round trip: about 1 MB in flight for 255 kB chunks


class MongoStore:
    """Implements ProvenanceStore over a Motor database (or mongomock-motor's)."""

    def __init__(self, database: Any, query_timeout_ms: int = 10_000, client: Any = None) -> None:
        self._db = database
        self._client = client
        self._timeout = query_timeout_ms

    @property
    def database(self) -> Any:
        return self._db

    def _errors(self) -> Any:
        return driver_errors(self._timeout)

    # -- reading primitives: each is one database command ------------------------------------

    async def _find(
        self, name: str, match: Document, projection: Document | None, sort: SortSpec, limit: int
    ) -> list[Document]:
        async with self._errors():
            cursor = self._db[name].find(
                match,
                projection=projection,
                sort=sort or None,
                limit=limit,
                max_time_ms=self._timeout,
            )
            documents: list[Document] = await cursor.to_list(length=None)
        return documents

    async def _aggregate(self, name: str, pipeline: list[Document]) -> list[Document]:
        async with self._errors():
            cursor = self._db[name].aggregate(pipeline, maxTimeMS=self._timeout)
            rows: list[Document] = await cursor.to_list(length=None)
        return rows

    async def _find_one(self, name: str, match: Document, projection: Document) -> Document | None:
        async with self._errors():
            found: Document | None = await self._db[name].find_one(
                match, projection, max_time_ms=self._timeout
            )
        return found

    async def _fetch(
        self,
        name: str,
        match: Document,
        sort: SortSpec,
        limit: int,
        projection: Document,
        stages: list[Document] | None,
    ) -> list[Document]:
        """Matching documents in `sort` order, shaped by a projection or by pipeline stages."""
        if stages is None:
            return await self._find(name, match, projection, sort, limit)
        pipeline: list[Document] = [{"$match": match}]
        if sort:
            pipeline.append({"$sort": dict(sort)})
        pipeline += [{"$limit": limit}, *stages]
        return await self._aggregate(name, pipeline)

    async def _default_date_field(self, collection: Collection, match: Document) -> str | None:
        """The first date field any match carries: one count (limit 1) per field, no documents."""
        for field in collection.date_fields:
            async with self._errors():
                found = await self._db[collection.name].count_documents(
                    all_of(match, carries(field)), limit=1, maxTimeMS=self._timeout
                )
            if found:
                return field
        return None

    async def _segments(
        self, collection: Collection, query: Query, match: Document, position: Position | None
    ) -> tuple[list[tuple[Phase, Document, SortSpec]], str | None]:
        """The parts of the query's order, each a filter and sort keys, from `position` on."""
        ties = with_ties([], collection.id_field)
        if query.sort:
            keys = with_ties([(s.field, s.order) for s in query.sort], collection.id_field)
            segments: list[tuple[Phase, Document, SortSpec]] = [("sorted", match, keys)]
            field = None
        else:
            field = position.date_field if position else None
            field = field or await self._default_date_field(collection, match)
            if field is None:
                segments = [("undated", match, ties)]
            else:
                segments = [
                    ("dated", all_of(match, carries(field)), [(field, 1), *ties]),
                    ("undated", all_of(match, lacks(field)), ties),
                ]
        if position is None:
            return segments, field
        rank = PHASE_RANK[position.phase]
        resumed = []
        for phase, segment_match, keys in segments:
            if PHASE_RANK[phase] < rank:
                continue
            if PHASE_RANK[phase] == rank:
                segment_match = all_of(segment_match, keyset.after(keys, position.values))
            resumed.append((phase, segment_match, keys))
        return resumed, field

    async def _select(
        self,
        collection: Collection,
        query: Query,
        match: Document,
        fields: list[str] | None,
        scope_name: str | None = None,
        object_query: ObjectQuery | None = None,
    ) -> Page:
        """A page in the query's order, fetching limit + 1 to know whether another follows."""
        query_print, position = query_position(
            collection.name,
            query.filter,
            [[s.field, s.order] for s in query.sort or []],
            scope_name,
            query.cursor,
        )
        segments, field = await self._segments(collection, query, match, position)
        fetched: list[tuple[Phase, Document, SortSpec]] = []
        for phase, segment_match, keys in segments:
            wanted = query.limit + 1 - len(fetched)
            if wanted <= 0:
                break
            extra = ["_id", *(name for name, _ in keys)]
            if object_query is not None:
                stages = object_shape_stages(object_query, object_query.include_data, extra)
                documents = await self._fetch(
                    collection.name, segment_match, keys, wanted, {}, stages
                )
            else:
                projection = projection_spec(fields, extra) if fields else None
                documents = await self._find(
                    collection.name, segment_match, projection, keys, wanted
                )
            fetched += [(phase, document, keys) for document in documents]
        next_cursor = None
        if len(fetched) > query.limit:
            phase, last, keys = fetched[query.limit - 1]
            values = tuple(keyset.value_at(last, name) for name, _ in keys)
            next_cursor = encode_cursor(query_print, Position(phase, values, field))
        kept = object_output_fields(object_query) if object_query is not None else fields
        items = []
        for _, document, keys in fetched[: query.limit]:
            extra = ["_id", *(name for name, _ in keys)]
            items.append(keyset.strip(document, extra, kept))
        total = None
        if query.count_total:
            async with self._errors():
                total = await self._db[collection.name].count_documents(
                    match, maxTimeMS=self._timeout
                )
        return Page(items, query.limit, next_cursor, total)

    async def _rows(self, collection: Collection, query: Query, match: Document) -> Page:
        rows = await self._aggregate(collection.name, aggregation_pipeline(query, match))
        return Page([ordered_row(row, query) for row in rows], query.limit)

    # -- workflows and tasks -------------------------------------------------------------------

    async def _get(self, collection: Collection, record_id: str, noun: str) -> Document:
        found = await self._find_one(collection.name, {collection.id_field: record_id}, {"_id": 0})
        if found is None:
            raise NotFound(f"{noun} not found: {record_id}")
        return found

    async def _list(self, collection: Collection, query: Query) -> Page:
        if query.aggregation:
            return await self._rows(collection, query, query.filter)
        return await self._select(collection, query, query.filter, query.projection or None)

    async def get_workflow(self, workflow_id: str) -> Document:
        return await self._get(WORKFLOWS, workflow_id, "Workflow")

    async def find_workflows(self, query: Query) -> Page:
        return await self._list(WORKFLOWS, query)

    async def get_task(self, task_id: str) -> Document:
        return await self._get(TASKS, task_id, "Task")

    async def find_tasks(self, query: Query) -> Page:
        return await self._list(TASKS, query)

    # -- objects -------------------------------------------------------------------------------

    async def find_objects(self, query: ObjectQuery, kind: ObjectKind | None = None) -> Page:
        match = all_of(query.filter, kind.scope_filter() if kind else {})
        if query.aggregation:
            return await self._rows(OBJECTS, query, match)
        scope_name = kind.value if kind else None
        return await self._select(OBJECTS, query, match, None, scope_name, object_query=query)

    async def _versions(
        self,
        object_id: str,
        kind: ObjectKind | None,
        version: int | None,
        limit: int,
        include_data: bool = False,
    ) -> list[Document]:
        """Stored versions of an object within scope, latest first: `objects` then history."""
        wanted: Document = {"object_id": object_id}
        if version is not None:
            wanted["version"] = version
        match = all_of(wanted, kind.scope_filter() if kind else {})
        stages = object_shape_stages(None, include_data)
        latest = await self._fetch(OBJECTS.name, match, [], 1, {}, stages)
        if version is not None and latest:
            return latest
        older = await self._fetch(
            OBJECT_HISTORY.name, match, [("version", -1), ("_id", 1)], limit, {}, stages
        )
        return (latest + older)[:limit]

    async def _one_version(
        self, object_id: str, kind: ObjectKind | None, version: int | None, include_data: bool
    ) -> Document:
        found = await self._versions(object_id, kind, version, 1, include_data)
        if found:
            return found[0]
        if version is not None and await self._versions(object_id, kind, None, 1):
            raise NotFound(f"{object_noun(kind)} {object_id} has no version {version}")
        raise NotFound(f"{object_noun(kind)} not found: {object_id}")

    async def get_object(
        self, object_id: str, kind: ObjectKind | None = None, include_data: bool = False
    ) -> Document:
        return await self._one_version(object_id, kind, None, include_data)

    async def get_object_version(
        self,
        object_id: str,
        version: int,
        kind: ObjectKind | None = None,
        include_data: bool = False,
    ) -> Document:
        return await self._one_version(object_id, kind, version, include_data)

    async def object_history(
        self, object_id: str, limit: int, kind: ObjectKind | None = None
    ) -> Page:
        versions = await self._versions(object_id, kind, None, limit)
        if not versions:
            raise NotFound(f"{object_noun(kind)} not found: {object_id}")
        return Page(versions, limit)

    async def open_payload(
        self,
        object_id: str,
        version: int | None = None,
        kind: ObjectKind | None = None,
        start: int = 0,
        end: int | None = None,
    ) -> Payload:
        document = await self._one_version(object_id, kind, version, include_data=True)
        label = payload_label(object_id, version, kind)
        stored_version = document.get("version")
        file_id = document.get(GRIDFS_FIELD)
        if file_id is not None:
            candidates = [file_id]
            if isinstance(file_id, str) and ObjectId.is_valid(file_id):
                candidates.append(ObjectId(file_id))
            file = await self._find_one(
                "fs.files", {"_id": {"$in": candidates}}, {"length": 1, "chunkSize": 1}
            )
            if file is None:
                raise NotFound(f"{label}: its GridFS file {file_id} is missing")
            size = int(file.get("length", 0))
            chunk_size = file.get("chunkSize")
            if not isinstance(chunk_size, int | float) or chunk_size < 1:
                chunk_size = 0  # unknown: read from the first chunk
            reader = partial(self._chunks, file["_id"], int(chunk_size))
            etag = payload_tag("gridfs", object_id, stored_version, file["_id"], size)
            return Payload.of(object_id, version, size, reader, start, end, etag)
        return inline_payload(document, object_id, version, label, start, end)

    async def _chunks(
        self, file_id: Any, chunk_size: int, start: int, end: int
    ) -> AsyncIterator[bytes]:
        """Bytes `start`..`end` of a GridFS file, in order, a few chunks per round trip.

        Only chunks `start // chunk_size` to `end // chunk_size` are asked for; the first and the
        last are trimmed. Without a usable chunk size (never in real GridFS) the chunks are read
        from the first, skipping, until `end`.
        """
        if start > end:
            return
        if chunk_size > 0:
            first, last = start // chunk_size, end // chunk_size
            match: Document = {"files_id": file_id, "n": {"$gte": first, "$lte": last}}
            offset = first * chunk_size
        else:
            match, offset = {"files_id": file_id}, 0
        async with self._errors():
            cursor = self._db["fs.chunks"].find(
                match,
                projection={"_id": 0, "data": 1},
                sort=[("n", 1)],
                batch_size=CHUNK_BATCH,
            )
            async for chunk in cursor:
                data = chunk["data"]
                if offset + len(data) > start:
                    yield bytes(data[max(start - offset, 0) : end - offset + 1])
                offset += len(data)
                if offset > end and chunk_size <= 0:
                    break  # a bounded find ends by itself, and so closes its cursor

    # -- report aggregates: pipelines in reports / report_pipelines ------------------------------

    async def activity_stats(self, workflow_id: str) -> list[ActivityStats]:
        return await reports.activity_stats(self._aggregate, workflow_id)

    async def activity_links(self, workflow_id: str) -> list[ActivityLink]:
        return await reports.activity_links(self._aggregate, workflow_id)

    async def field_profiles(self, workflow_id: str) -> list[FieldProfile]:
        return await reports.field_profiles(self._aggregate, workflow_id)

    async def object_stats(self, workflow_id: str) -> ObjectStats:
        return await reports.object_stats(self._aggregate, workflow_id)

    # -- lineage: a few `$in` queries per level, in lineage.py ----------------------------------

    async def lineage_node(self, ref: NodeRef) -> Record:
        return await lineage.lineage_node(self._find, ref)

    async def lineage_step(self, wants: Wants) -> Found:
        return await lineage.lineage_step(self._find, self._aggregate, wants)

    # -- health ----------------------------------------------------------------------------------

    async def ping(self) -> None:
        async with self._errors():
            await self._db.command("ping")

    async def close(self) -> None:
        if self._client is not None:
            self._client.close()
