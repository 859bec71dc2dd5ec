"""What a lineage query names and returns: node references, records, edges and the graph.

Edges point from effect to cause, as PROV statements read (`task used object`, `object
wasGeneratedBy task`, `task wasInformedBy task`, `version wasRevisionOf version`), so upstream
follows edges forwards and downstream follows them backwards.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from flowcept.domain.errors import InvalidQuery, NotFound

Kind = Literal["workflow", "task", "object"]
Direction = Literal["upstream", "downstream", "both"]
Relation = Literal[
    "used", "wasGeneratedBy", "wasInformedBy", "wasDerivedFrom", "wasRevisionOf",
    "wasAssociatedWith",
]
KINDS: tuple[Kind, ...] = ("workflow", "task", "object")
DIRECTIONS: tuple[Direction, ...] = ("upstream", "downstream", "both")


@dataclass(frozen=True)
class NodeRef:
    """`workflow:<id>`, `task:<id>` or `object:<id>[@<version>]` (no version: the latest)."""

    kind: Kind
    record_id: str
    version: int | None = None

    @classmethod
    def parse(cls, text: str) -> "NodeRef":
        kind, sep, rest = text.partition(":")
        if not sep or kind not in KINDS or not rest:
            raise InvalidQuery(
                f"node must be workflow:<id>, task:<id> or object:<id>[@<version>], got {text!r}"
            )
        if kind == "object":
            head, at, tail = rest.rpartition("@")
            if at and head and tail.isascii() and tail.isdigit() and len(tail) <= 9:
                return cls("object", head, int(tail))
        return cls(kind, rest)


@dataclass(frozen=True)
class Record:
    """A node found in the store, with the fields of its document the link rules read."""

    kind: Kind
    record_id: str
    doc: Mapping[str, Any]
    version: int | None = None

    @property
    def key(self) -> str:
        if self.kind == "object":
            return f"object:{self.record_id}@{self.version}"
        return f"{self.kind}:{self.record_id}"


class Node(BaseModel):
    """A node as a client sees it: its id in the graph, what it is, and a few of its fields."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="`workflow:<id>`, `task:<id>` or `object:<id>@<version>`")
    kind: Kind
    label: str = Field(description="Workflow name, task activity_id, or object name and version")
    workflow_id: str | None = None
    task_id: str | None = None
    object_id: str | None = None
    version: int | None = None
    activity_id: str | None = None
    status: str | None = None
    name: str | None = None
    type: str | None = Field(default=None, description="An object's type or object_type label")


class Edge(BaseModel):
    """One explicit link, read as `source relation target` (effect to cause)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    target: str
    relation: Relation


class Graph(BaseModel):
    """The lineage of one node within the asked depth, capped at a number of nodes."""

    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = Field(description="True when the node cap stopped the search early")


@dataclass(frozen=True)
class Hop:
    """One link found from a frontier node: the neighbour and the edge between them."""

    origin: str  # key of the frontier node
    neighbour: Record
    edge: Edge
    direction: Literal["upstream", "downstream"]


def version_of(doc: Mapping[str, Any]) -> int:
    """An object document's version number (a document without one counts as version 0)."""
    value = doc.get("version")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def pick_version(ref: NodeRef, versions: Iterable[Mapping[str, Any]]) -> Record:
    """The version `ref` asks for, or the latest, among an object's stored versions (those
    of `objects` first: they win over a copy of the same version in `object_history`)."""
    by_version: dict[int, Mapping[str, Any]] = {}
    for doc in versions:
        by_version.setdefault(version_of(doc), doc)
    if not by_version:
        raise NotFound(f"Object not found: {ref.record_id}")
    version = max(by_version) if ref.version is None else ref.version
    if version not in by_version:
        raise NotFound(f"Object {ref.record_id} has no version {ref.version}")
    return Record("object", ref.record_id, by_version[version], version)
