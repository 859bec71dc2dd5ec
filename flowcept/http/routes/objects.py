"""Object endpoints, and the same endpoints scoped to datasets and models."""

from tornado.iostream import StreamClosedError

from flowcept.domain.collections import ObjectKind, type_label_filter
from flowcept.domain.query import ObjectQuery
from flowcept.http.base import ApiHandler
from flowcept.http.params import (
    list_query,
    parse_bool,
    parse_limit,
    parse_version,
    single_arguments,
)
from flowcept.http.routing import Route, api

OBJECT_FILTERS = ("object_id", "workflow_id", "task_id")


class ObjectHandlerBase(ApiHandler):
    """An object endpoint; `kind` narrows it to one type label (datasets, models)."""

    kind: ObjectKind | None

    def initialize(self, kind: ObjectKind | None = None) -> None:
        self.kind = kind

    def include_data(self) -> bool:
        args = single_arguments(self, ("include_data",))
        return parse_bool("include_data", args.get("include_data"))


class ObjectListHandler(ObjectHandlerBase):
    async def get(self) -> None:
        query, extra = list_query(
            self,
            ObjectQuery,
            OBJECT_FILTERS,
            filter_builders={"type": type_label_filter},
            extra=("include_data",),
        )
        include = parse_bool("include_data", extra.get("include_data"))
        query = query.model_copy(update={"include_data": include})
        self.send_page(await self.store.find_objects(query, self.kind))


class ObjectHandler(ObjectHandlerBase):
    async def get(self, object_id: str) -> None:
        include = self.include_data()
        self.send_json(await self.store.get_object(object_id, self.kind, include))


class ObjectVersionHandler(ObjectHandlerBase):
    async def get(self, object_id: str, version: str) -> None:
        include = self.include_data()
        document = await self.store.get_object_version(
            object_id, parse_version(version), self.kind, include
        )
        self.send_json(document)


class ObjectHistoryHandler(ObjectHandlerBase):
    async def get(self, object_id: str) -> None:
        args = single_arguments(self, ("limit",))
        limit = parse_limit(args.get("limit"))
        self.send_page(await self.store.object_history(object_id, limit, self.kind))


class ObjectDownloadHandler(ObjectHandlerBase):
    """Streams the payload chunk by chunk, so memory stays bounded whatever its size."""

    async def get(self, object_id: str, version: str | None = None) -> None:
        single_arguments(self, ())
        number = parse_version(version) if version is not None else None
        payload = await self.store.open_payload(object_id, number, self.kind)
        filename = f"{object_id}.bin" if number is None else f"{object_id}.v{number}.bin"
        self.set_header("Content-Type", "application/octet-stream")
        self.set_header("Content-Length", str(payload.size))
        self.set_header("Content-Disposition", f'attachment; filename="{_safe(filename)}"')
        try:
            async for chunk in payload.chunks:
                self.write(chunk)
                await self.flush()
        except StreamClosedError:
            return  # the client went away; nothing left to answer
        self.finish()


class ObjectQueryHandler(ObjectHandlerBase):
    async def post(self) -> None:
        query = self.parse_body(ObjectQuery).checked()
        self.send_page(await self.store.find_objects(query, self.kind))


def _safe(filename: str) -> str:
    """Keep a header value printable: ids are user data."""
    return "".join(c if c.isprintable() and c not in '"\\' else "_" for c in filename)


def object_routes(prefix: str, kind: ObjectKind | None, tag: str) -> list[Route]:
    """The object endpoints under `prefix`, scoped to `kind`."""
    scope = {"kind": kind}
    noun = tag[:-1]
    routes = [
        Route(api(prefix), ObjectListHandler, tag, f"List {tag}", scope),
        Route(api(f"{prefix}/query"), ObjectQueryHandler, tag, f"Query {tag}", scope),
        Route(api(f"{prefix}/{{object_id}}"), ObjectHandler, tag, f"Get a {noun}", scope),
        Route(
            api(f"{prefix}/{{object_id}}/versions/{{version}}"),
            ObjectVersionHandler,
            tag,
            f"Get one version of a {noun}",
            scope,
        ),
        Route(
            api(f"{prefix}/{{object_id}}/download"),
            ObjectDownloadHandler,
            tag,
            f"Download the latest payload of a {noun}",
            scope,
        ),
    ]
    if kind is None:
        routes += [
            Route(
                api(f"{prefix}/{{object_id}}/versions/{{version}}/download"),
                ObjectDownloadHandler,
                tag,
                f"Download the payload of one version of a {noun}",
                scope,
            ),
            Route(
                api(f"{prefix}/{{object_id}}/history"),
                ObjectHistoryHandler,
                tag,
                f"Every version of a {noun}, latest first",
                scope,
            ),
        ]
    return routes


routes = (
    object_routes("/objects", None, "objects")
    + object_routes("/datasets", ObjectKind.DATASET, "datasets")
    + object_routes("/models", ObjectKind.MODEL, "models")
)
