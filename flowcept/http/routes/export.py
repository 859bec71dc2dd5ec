"""Streaming export: every match of a list's filters as NDJSON, page by page, in bounded memory."""

from collections.abc import Awaitable, Callable
from typing import Any

from tornado.iostream import StreamClosedError

from flowcept.domain.collections import type_label_filter
from flowcept.domain.ports import Page
from flowcept.domain.query import MAX_LIMIT, ObjectQuery, Query
from flowcept.http.base import ApiHandler
from flowcept.http.params import list_query
from flowcept.http.routes.tasks import TASK_FILTERS
from flowcept.http.routing import CURSOR, FILTER_JSON, Param, Reply, Route, api, filters
from flowcept.jsonout import dumps

NDJSON = "application/x-ndjson"
EXPORT_PAGE = MAX_LIMIT  # documents held in memory at once


class ExportHandler(ApiHandler):
    """Writes one JSON document per line; each page resumes from the previous page's cursor."""

    collection: str

    def initialize(self, collection: str = "tasks", route: Route | None = None) -> None:  # type: ignore[override]
        super().initialize(route)
        self.collection = collection

    def _finder(self) -> Callable[[Any], Awaitable[Page]]:
        if self.collection == "workflows":
            return self.store.find_workflows
        if self.collection == "objects":
            return self.store.find_objects
        return self.store.find_tasks

    async def get(self) -> None:
        assert self.route is not None
        model = ObjectQuery if self.collection == "objects" else Query
        query = list_query(
            self.arguments(), model, self.route.field_filters, builders={"type": type_label_filter}
        ).model_copy(update={"limit": EXPORT_PAGE})
        find = self._finder()
        page = await find(query)  # errors before the first byte still answer as JSON
        self.set_header("Content-Type", f"{NDJSON}; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="{self.collection}.ndjson"')
        try:
            while True:
                self.write(b"".join(dumps(item) + b"\n" for item in page.items))
                await self.flush()
                if page.next_cursor is None:
                    break
                page = await find(query.model_copy(update={"cursor": page.next_cursor}))
        except StreamClosedError:
            return  # the client went away
        self.finish()


TYPE_FILTER = Param("type", {"type": "string"}, "Only objects with this type label.")
STREAM = Reply("ndjson", description="One record per line, every match")


def _route(collection: str, names: tuple[str, ...], extra: tuple[Param, ...] = ()) -> Route:
    return Route(
        api(f"/{collection}/export"),
        ExportHandler,
        collection,
        f"Export every matching {collection[:-1]} as NDJSON",
        {"collection": collection},
        query=(CURSOR, FILTER_JSON, *filters(*names), *extra),
        reply=STREAM,
        description="Streams every match in the list's default order, a page at a time, so "
        "memory stays bounded. `cursor` (a list's next_cursor with the same filters) starts "
        "after that page.",
    )


routes = [
    _route("workflows", ("user", "campaign_id", "parent_workflow_id", "name")),
    _route("tasks", TASK_FILTERS),
    _route("objects", ("object_id", "workflow_id", "task_id"), (TYPE_FILTER,)),
]
