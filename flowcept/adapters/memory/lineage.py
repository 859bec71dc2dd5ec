"""The lineage port over the embedded store: every lookup a level needs answered from indexes.

The indexes are built once, on the first lineage request, from the store's documents (read only
through `Mapping.get`, so any document representation works); they hold references, not copies.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from flowcept.domain.errors import NotFound
from flowcept.domain.lineage.links import Found
from flowcept.domain.lineage.model import NodeRef, Record, pick_version
from flowcept.domain.lineage.wants import Wants, used_values

Doc = Mapping[str, Any]


def _keys(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


class _Lookup:
    """Documents by the string values of one field (a list value files under each item)."""

    def __init__(self) -> None:
        self._by: dict[str, list[Doc]] = {}

    def add(self, doc: Doc, values: Iterable[str]) -> None:
        for value in dict.fromkeys(values):
            self._by.setdefault(value, []).append(doc)

    def get(self, values: Iterable[str]) -> list[Doc]:
        return [doc for value in values for doc in self._by.get(value, ())]


def _indexed(docs: Iterable[Doc], *fields: str) -> dict[str, _Lookup]:
    lookups = {name: _Lookup() for name in fields}
    for doc in docs:
        for name, lookup in lookups.items():
            lookup.add(doc, _keys(doc.get(name)))
    return lookups


class MemoryLineage:
    """Answers `lineage_node` and `lineage_step` from per-field indexes."""

    def __init__(self, collections: Mapping[str, Iterable[Doc]]) -> None:
        tasks = list(collections.get("tasks", ()))
        self._workflows = _indexed(collections.get("workflows", ()), "workflow_id",
                                   "parent_workflow_id")
        self._tasks = _indexed(tasks, "task_id", "parent_task_id", "dependencies",
                               "dependents", "workflow_id")
        self._used = _Lookup()  # task `used` values, the only values the search matches
        for task in tasks:
            self._used.add(task, used_values(task))
        versions = [*collections.get("objects", ()), *collections.get("object_history", ())]
        self._versions = _indexed(versions, "object_id", "task_id", "workflow_id")

    async def lineage_node(self, ref: NodeRef) -> Record:
        if ref.kind == "task":
            for doc in self._tasks["task_id"].get([ref.record_id])[:1]:
                return Record("task", ref.record_id, doc)
            raise NotFound(f"Task not found: {ref.record_id}")
        if ref.kind == "workflow":
            docs = self._workflows["workflow_id"].get([ref.record_id])
            if docs or self._tasks["workflow_id"].get([ref.record_id]):
                doc = docs[0] if docs else {"workflow_id": ref.record_id}
                return Record("workflow", ref.record_id, doc)
            raise NotFound(f"Workflow not found: {ref.record_id}")
        return pick_version(ref, self._versions["object_id"].get([ref.record_id]))

    async def lineage_step(self, wants: Wants) -> Found:
        w, t, v = self._workflows, self._tasks, self._versions
        workflows = w["workflow_id"].get(wants.workflow_ids)
        workflows += w["parent_workflow_id"].get(wants.workflow_children)
        tasks = t["task_id"].get(wants.task_ids) + t["parent_task_id"].get(wants.task_children)
        tasks += t["dependencies"].get(wants.task_dependents)
        tasks += t["dependents"].get(wants.task_dependencies)
        scope = wants.used_scope(workflows)
        tasks += [d for d in self._used.get(wants.used_objects) if d.get("workflow_id") in scope]
        versions = v["object_id"].get(wants.object_ids) + v["task_id"].get(wants.objects_of_tasks)
        versions += v["workflow_id"].get(wants.objects_of_workflows)
        return Found(workflows, tasks, versions)

