"""Lineage of one node, and a workflow as a W3C PROV document."""

from typing import Any

from flowcept.adapters.prov import ProvPackageRenderer
from flowcept.domain.errors import InvalidQuery
from flowcept.domain.lineage.model import DIRECTIONS, Direction, Graph, NodeRef
from flowcept.domain.lineage.service import DEFAULT_DEPTH, MAX_DEPTH, MIN_DEPTH, lineage
from flowcept.domain.prov.ports import FORMATS, ProvRenderer
from flowcept.domain.prov.service import prov_report
from flowcept.http.base import ApiHandler
from flowcept.http.routing import Param, Reply, Route, api


def _depth(value: str | None) -> int:
    if value is None:
        return DEFAULT_DEPTH
    if not (value.isascii() and value.isdigit() and MIN_DEPTH <= int(value) <= MAX_DEPTH):
        raise InvalidQuery(
            f"depth must be an integer from {MIN_DEPTH} to {MAX_DEPTH}, got {value!r}"
        )
    return int(value)


def _direction(value: str | None) -> Direction:
    if value is None:
        return "both"
    for direction in DIRECTIONS:
        if value == direction:
            return direction
    raise InvalidQuery(f"direction must be upstream, downstream or both, got {value!r}")


class LineageHandler(ApiHandler):
    async def get(self) -> None:
        args = self.arguments()
        if "node" not in args:
            raise InvalidQuery("node is required: workflow:<id>, task:<id> or object:<id>[@<v>]")
        ref = NodeRef.parse(args["node"])
        graph = await lineage(self.store, ref, _direction(args.get("direction")),
                              _depth(args.get("depth")))
        self.send_json(graph.model_dump(mode="json", exclude_none=True))


class WorkflowProvHandler(ApiHandler):
    renderer: ProvRenderer

    def initialize(self, route: Route | None = None, **kwargs: Any) -> None:
        super().initialize(route)
        self.renderer = kwargs["renderer"]

    async def get(self, workflow_id: str) -> None:
        kind = self.arguments().get("format", "json")
        if kind not in FORMATS:
            raise InvalidQuery(f"format must be one of {', '.join(FORMATS)}, got {kind!r}")
        body = self.renderer.render(await prov_report(self.store, workflow_id), kind)
        self.set_header("Content-Type", f"{FORMATS[kind]}; charset=utf-8")
        self.finish(body)


NODE = Param(
    "node",
    {"type": "string", "examples": ["task:60d7db6f-ad61-485a-a49d-a83ee82cb92d"]},
    "`workflow:<id>`, `task:<id>` or `object:<id>[@<version>]` (no version: the latest).",
    required=True,
)
DIRECTION = Param(
    "direction",
    {"type": "string", "enum": list(DIRECTIONS), "default": "both"},
    "upstream (what it came from), downstream (what came from it) or both.",
)
DEPTH = Param(
    "depth",
    {"type": "integer", "minimum": MIN_DEPTH, "maximum": MAX_DEPTH, "default": DEFAULT_DEPTH},
    "How many links away to search.",
)
FORMAT = Param(
    "format",
    {"type": "string", "enum": list(FORMATS), "default": "json"},
    "PROV-JSON, PROV-JSONLD, PROV-N, PROV-XML or Turtle (PROV-O).",
)

routes = [
    Route(
        api("/lineage"),
        LineageHandler,
        "lineage",
        "The lineage graph of a workflow, task or object version",
        query=(NODE, DIRECTION, DEPTH),
        reply=Reply("json", Graph),
        description="Breadth-first over explicit links only, one batched store read per level; "
        "at most 500 nodes (`truncated: true` when the cap stopped the search). Edges read "
        "`source relation target` in PROV terms, effect to cause.",
    ),
    Route(
        api("/workflows/{workflow_id}/prov"),
        WorkflowProvHandler,
        "lineage",
        "The workflow as a W3C PROV document",
        kwargs={"renderer": ProvPackageRenderer()},
        query=(FORMAT,),
        reply=Reply("text", media_types=tuple(dict.fromkeys(FORMATS.values()))),
        description="The workflow and its tasks as activities, object versions as entities "
        "(metadata, never payloads), users and hosts as agents; Flowcept fields as `flowcept:` "
        "attributes. Reads at most 10,000 tasks (`flowcept:tasks_truncated`).",
    ),
]
