"""The link rules: which documents are a frontier's neighbours, and by which PROV relation.

Only explicit links count: a task's parent_task_id, dependencies and dependents; an object
version's task_id and workflow_id (wasGeneratedBy the task, and the workflow run around it); its
prev_version (wasRevisionOf) or, when it names none, the nearest older stored version
(wasDerivedFrom); a workflow's parent_workflow_id; and a task's `used` value equal to an object id
(the object's workflow or its direct child workflows only). Downstream neighbours are exactly the
documents whose upstream links reach the frontier, so the two directions always agree.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flowcept.domain.lineage.model import Edge, Hop, Record, Relation, version_of
from flowcept.domain.lineage.wants import _ids, used_values

Doc = Mapping[str, Any]
_ABSENT = object()


@dataclass
class Found:
    """What a store read for one level; object versions from `objects` before `object_history`."""

    workflows: list[Doc] = field(default_factory=list)
    tasks: list[Doc] = field(default_factory=list)
    versions: list[Doc] = field(default_factory=list)


class Index:
    """The documents of one level (read ones and the frontier's) by id, for the rules."""

    def __init__(self, found: Found, frontier: Iterable[Record]) -> None:
        docs: dict[str, list[Doc]] = {"workflow": [], "task": [], "object": []}
        for record in frontier:
            docs[record.kind].append(record.doc)
        self.workflows = _first(docs["workflow"] + found.workflows, "workflow_id")
        self.tasks = _first(docs["task"] + found.tasks, "task_id")
        self.versions: dict[str, dict[int, Doc]] = {}
        for doc in found.versions + docs["object"]:
            if isinstance(object_id := doc.get("object_id"), str):
                self.versions.setdefault(object_id, {}).setdefault(version_of(doc), doc)
        self.listed_by: dict[str, list[str]] = {}  # task id -> tasks naming it in `dependents`
        for task_id, doc in self.tasks.items():
            for dependent in _ids(doc.get("dependents")):
                self.listed_by.setdefault(dependent, []).append(task_id)

    def workflow(self, workflow_id: str) -> Record:
        """Workflows are known by id even without a document (older captures have none)."""
        doc = self.workflows.get(workflow_id) or {"workflow_id": workflow_id}
        return Record("workflow", workflow_id, doc)

    def task(self, task_id: str) -> Record | None:
        doc = self.tasks.get(task_id)
        return Record("task", task_id, doc) if doc is not None else None

    def version(self, object_id: str, version: int) -> Record:
        return Record("object", object_id, self.versions[object_id][version], version)

    def records(self) -> Iterable[Record]:
        yield from (self.workflow(w) for w in self.workflows)
        yield from (Record("task", t, doc) for t, doc in self.tasks.items())
        for object_id, versions in self.versions.items():
            yield from (self.version(object_id, v) for v in versions)


def _first(docs: Iterable[Doc], id_field: str) -> dict[str, Doc]:
    by_id: dict[str, Doc] = {}
    for doc in docs:
        if isinstance(key := doc.get(id_field), str):
            by_id.setdefault(key, doc)
    return by_id


def used_version(task_id: str, versions: Mapping[int, Doc]) -> int | None:
    """The version a task read: the latest, or, when the task wrote versions of the object
    itself, the one before the first it wrote (none if it created the object)."""
    written = sorted(v for v, doc in versions.items() if doc.get("task_id") == task_id)
    if not written:
        return max(versions)
    before = versions[written[0]].get("prev_version")
    return before if isinstance(before, int) and before in versions else None


def _previous(doc: Doc, versions: Mapping[int, Doc]) -> tuple[Relation, int] | None:
    stated = doc.get("prev_version", _ABSENT)
    if isinstance(stated, int) and not isinstance(stated, bool) and stated in versions:
        return "wasRevisionOf", stated
    if stated is _ABSENT:
        older = [v for v in versions if v < version_of(doc)]
        return ("wasDerivedFrom", max(older)) if older else None
    return None


def _used(task: Record, index: Index) -> list[tuple[Relation, Record]]:
    workflow = task.doc.get("workflow_id")
    if not isinstance(workflow, str):
        return []
    scope = {workflow, index.workflows.get(workflow, {}).get("parent_workflow_id")}
    links: list[tuple[Relation, Record]] = []
    for object_id in dict.fromkeys(used_values(task.doc)):
        versions = index.versions.get(object_id)
        if not versions or versions[max(versions)].get("workflow_id") not in scope - {None}:
            continue
        if (chosen := used_version(task.record_id, versions)) is not None:
            links.append(("used", index.version(object_id, chosen)))
    return links


def upstream_links(record: Record, index: Index) -> list[tuple[Relation, Record]]:
    """The records this one points to (its causes), among the indexed documents."""
    doc = record.doc
    if record.kind == "workflow":
        return [("wasInformedBy", index.workflow(p)) for p in _ids(doc.get("parent_workflow_id"))]
    if record.kind == "object":
        versions = index.versions.get(record.record_id, {})
        links: list[tuple[Relation, Record]] = []
        if (previous := _previous(doc, versions)) is not None:
            links.append((previous[0], index.version(record.record_id, previous[1])))
        links += [("wasGeneratedBy", t) for t in map(index.task, _ids(doc.get("task_id"))) if t]
        links += [("wasGeneratedBy", index.workflow(w)) for w in _ids(doc.get("workflow_id"))]
        return links
    informants = _ids(doc.get("parent_task_id")) + _ids(doc.get("dependencies"))
    informants += index.listed_by.get(record.record_id, [])
    tasks = [t for t in map(index.task, dict.fromkeys(informants)) if t]
    return [("wasInformedBy", t) for t in tasks if t.key != record.key] + _used(record, index)


def hops(upstream: Sequence[Record], downstream: Sequence[Record], found: Found) -> list[Hop]:
    """The links of one level: causes of the upstream frontier, effects of the downstream one."""
    index = Index(found, [*upstream, *downstream])
    found_hops = [
        Hop(r.key, target, Edge(source=r.key, target=target.key, relation=relation), "upstream")
        for r in upstream
        for relation, target in upstream_links(r, index)
    ]
    wanted = {r.key for r in downstream}
    if wanted:
        for candidate in index.records():
            for relation, target in upstream_links(candidate, index):
                if target.key in wanted:
                    edge = Edge(source=candidate.key, target=target.key, relation=relation)
                    found_hops.append(Hop(target.key, candidate, edge, "downstream"))
    return found_hops
