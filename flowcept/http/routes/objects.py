"""Object endpoints, and the same endpoints scoped to datasets and models."""

from tornado.iostream import StreamClosedError

from flowcept.domain.collections import ObjectKind, type_label_filter
from flowcept.domain.query import ObjectQuery
from flowcept.http.base import ApiHandler, QueryBodyHandler
from flowcept.http.params import list_query, parse_bool, parse_limit, parse_version
from flowcept.http.ranges import RangeNotSatisfiable, if_range_holds, requested_range
from flowcept.http.routing import (
    FILTER_JSON,
    INCLUDE_DATA,
    LIMIT,
    PAGING,
    Param,
    Reply,
    Route,
    api,
    filters,
)
from flowcept.http.schemas import ObjectPage, StoredObject

TYPE = Param(
    "type",
    {"type": "string", "examples": ["dataset", "ml_model"]},
    "Only objects with this type label, in `type` or `object_type`.",
)


class ObjectHandlerBase(ApiHandler):
    """An object endpoint; `kind` narrows it to one type label (datasets, models)."""

    kind: ObjectKind | None

    def initialize(self, kind: ObjectKind | None = None, route: Route | None = None) -> None:  # type: ignore[override]
        super().initialize(route)
        self.kind = kind

    def include_data(self) -> bool:
        return parse_bool("include_data", self.arguments().get("include_data"))


class ObjectListHandler(ObjectHandlerBase):
    async def get(self) -> None:
        assert self.route is not None
        args = self.arguments()
        query = list_query(
            args, ObjectQuery, self.route.field_filters, builders={"type": type_label_filter}
        )
        include = parse_bool("include_data", args.get("include_data"))
        query = query.model_copy(update={"include_data": include})
        self.send_page(await self.store.find_objects(query, self.kind))


class ObjectHandler(ObjectHandlerBase):
    async def get(self, object_id: str) -> None:
        include = self.include_data()
        self.send_resource(await self.store.get_object(object_id, self.kind, include))


class ObjectVersionHandler(ObjectHandlerBase):
    async def get(self, object_id: str, version: str) -> None:
        include = self.include_data()
        document = await self.store.get_object_version(
            object_id, parse_version(version), self.kind, include
        )
        self.send_resource(document)


class ObjectHistoryHandler(ObjectHandlerBase):
    async def get(self, object_id: str) -> None:
        limit = parse_limit(self.arguments().get("limit"))
        self.send_page(await self.store.object_history(object_id, limit, self.kind))


class ObjectDownloadHandler(ObjectHandlerBase):
    """Streams the payload chunk by chunk, so memory stays bounded whatever its size.

    A single `Range` is answered 206 with only those bytes (read from the chunks that hold them);
    `If-None-Match` naming the payload's ETag is 304 without reading a byte.
    """

    async def get(self, object_id: str, version: str | None = None) -> None:
        self.arguments()
        number = parse_version(version) if version is not None else None
        payload = await self.store.open_payload(object_id, number, self.kind)
        etag = f'"{payload.etag}"'
        self.set_header("Accept-Ranges", "bytes")
        self.set_header("Etag", etag)
        if self.check_etag_header():
            self.set_status(304)
            self.finish()
            return
        headers = self.request.headers
        try:
            wanted = (
                requested_range(headers.get("Range"), payload.size)
                if if_range_holds(headers.get("If-Range"), etag)
                else None
            )
        except RangeNotSatisfiable as unsatisfiable:
            self.set_header("Content-Range", unsatisfiable.content_range)
            self.send_json({"detail": str(unsatisfiable)}, 416)
            return
        if wanted is not None:
            payload = payload.window(wanted.start, wanted.end)
            self.set_status(206)
            self.set_header("Content-Range", wanted.content_range)
        filename = f"{object_id}.bin" if number is None else f"{object_id}.v{number}.bin"
        self.set_header("Content-Type", "application/octet-stream")
        self.set_header("Content-Length", str(payload.length))
        self.set_header("Content-Disposition", f'attachment; filename="{_safe(filename)}"')
        try:
            async for chunk in payload.chunks:
                self.write(chunk)
                await self.flush()
        except StreamClosedError:
            return  # the client went away; nothing left to answer
        self.finish()


class ObjectQueryHandler(ObjectHandlerBase, QueryBodyHandler):
    async def post(self) -> None:
        self.arguments()
        query = self.parse_body(ObjectQuery).checked()
        self.send_page(await self.store.find_objects(query, self.kind))


def _safe(filename: str) -> str:
    """Keep a header value printable: ids are user data."""
    return "".join(c if c.isprintable() and c not in '"\\' else "_" for c in filename)


CONDITIONAL = (
    "Answers a strong `ETag` of the body; a request whose `If-None-Match` names it (or `*`) is "
    "304 Not Modified, with no body."
)
RANGES = (
    "Answers `Accept-Ranges: bytes` and a strong `ETag` (from the GridFS file's identity, or a "
    "digest of an inline payload: no chunk is read for it). A single `Range: bytes=a-b`, "
    "`bytes=a-` or `bytes=-n` is 206 Partial Content with `Content-Range: bytes a-b/size` and "
    "only those bytes, read from the GridFS chunks that hold them; a range past the end is 416 "
    "with `Content-Range: bytes */size`; a malformed or multi-range `Range` is ignored (200, "
    "the whole payload). With `If-Range`, the Range is honoured only when it names the current "
    "ETag. `If-None-Match` naming the ETag (or `*`) is 304 Not Modified, with no body."
)


def object_routes(prefix: str, kind: ObjectKind | None, tag: str) -> list[Route]:
    """The object endpoints under `prefix`, scoped to `kind`."""
    scope = {"kind": kind}
    noun = tag[:-1]
    a_noun = f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
    one = Reply("json", StoredObject)
    page = Reply("json", ObjectPage)
    payload = Reply("binary", description="The payload bytes, streamed")
    routes = [
        Route(
            api(prefix),
            ObjectListHandler,
            tag,
            f"List {tag}",
            scope,
            query=(
                *PAGING,
                FILTER_JSON,
                *filters("object_id", "workflow_id", "task_id"),
                TYPE,
                INCLUDE_DATA,
            ),
            reply=page,
        ),
        Route(
            api(f"{prefix}/query"),
            ObjectQueryHandler,
            tag,
            f"Query {tag}",
            scope,
            body=ObjectQuery,
            reply=page,
            errors=(400, 405, 422, 503),
        ),
        Route(
            api(f"{prefix}/{{object_id}}"),
            ObjectHandler,
            tag,
            f"Get {a_noun} (its latest version)",
            scope,
            query=(INCLUDE_DATA,),
            reply=one,
            description=CONDITIONAL,
        ),
        Route(
            api(f"{prefix}/{{object_id}}/versions/{{version}}"),
            ObjectVersionHandler,
            tag,
            f"Get one version of {a_noun}",
            scope,
            query=(INCLUDE_DATA,),
            reply=one,
            description=CONDITIONAL,
        ),
        Route(
            api(f"{prefix}/{{object_id}}/download"),
            ObjectDownloadHandler,
            tag,
            f"Download the latest payload of {a_noun}",
            scope,
            reply=payload,
            description=RANGES,
        ),
    ]
    if kind is None:
        routes += [
            Route(
                api(f"{prefix}/{{object_id}}/versions/{{version}}/download"),
                ObjectDownloadHandler,
                tag,
                f"Download the payload of one version of {a_noun}",
                scope,
                reply=payload,
                description=RANGES,
            ),
            Route(
                api(f"{prefix}/{{object_id}}/history"),
                ObjectHistoryHandler,
                tag,
                f"Every version of {a_noun}, latest first",
                scope,
                query=(LIMIT,),
                reply=page,
            ),
        ]
    return routes


routes = (
    object_routes("/objects", None, "objects")
    + object_routes("/datasets", ObjectKind.DATASET, "datasets")
    + object_routes("/models", ObjectKind.MODEL, "models")
)
