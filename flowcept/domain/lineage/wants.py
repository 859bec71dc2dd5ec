"""What a store must read for one breadth-first level: sets of ids, one per kind of lookup.

A store turns a `Wants` into at most one read per collection (the task `used` search aside) and
hands every document back to `links.hops`, which decides which of them are neighbours. It may read
more than asked; it must not read less.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flowcept.domain.lineage.model import Record


def _ids(value: Any) -> list[str]:
    """The string ids in a link field holding one id or a list of them."""
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v]


def used_values(doc: Mapping[str, Any]) -> list[str]:
    """Top-level string values of a task's `used`, and strings in its top-level lists."""
    used = doc.get("used")
    if not isinstance(used, Mapping):
        return []
    return [v for value in used.values() for v in _ids(value)]


@dataclass
class Wants:
    workflow_ids: set[str] = field(default_factory=set)  # workflows by id
    workflow_children: set[str] = field(default_factory=set)  # by parent_workflow_id
    task_ids: set[str] = field(default_factory=set)  # tasks by id
    task_children: set[str] = field(default_factory=set)  # by parent_task_id
    task_dependents: set[str] = field(default_factory=set)  # tasks whose dependencies name one
    task_dependencies: set[str] = field(default_factory=set)  # tasks whose dependents name one
    object_ids: set[str] = field(default_factory=set)  # every stored version of these objects
    objects_of_tasks: set[str] = field(default_factory=set)  # versions by task_id
    objects_of_workflows: set[str] = field(default_factory=set)  # versions by workflow_id
    used_objects: set[str] = field(default_factory=set)  # tasks whose `used` names one ...
    used_workflows: set[str] = field(default_factory=set)  # ... in these workflows or children

    def used_scope(self, workflows: Iterable[Mapping[str, Any]]) -> set[str]:
        """The workflows whose tasks the `used` search covers: the objects' own workflows and
        their direct children (among `workflows`, which a store reads before the search)."""
        children = {
            w.get("workflow_id") for w in workflows
            if w.get("parent_workflow_id") in self.used_workflows
        }
        return self.used_workflows | {c for c in children if isinstance(c, str)}


def wants(upstream: Sequence[Record], downstream: Sequence[Record]) -> Wants:
    """Every read the link rules need to find the neighbours of one level's frontier."""
    w = Wants()
    for record in upstream:
        doc = record.doc
        if record.kind == "workflow":
            w.workflow_ids.update(_ids(doc.get("parent_workflow_id")))
        elif record.kind == "task":
            w.task_ids.update(_ids(doc.get("parent_task_id")) + _ids(doc.get("dependencies")))
            w.task_dependencies.add(record.record_id)
            w.object_ids.update(used_values(doc))
            w.workflow_ids.update(_ids(doc.get("workflow_id")))  # its parent bounds `used`
        else:
            w.task_ids.update(_ids(doc.get("task_id")))
            w.workflow_ids.update(_ids(doc.get("workflow_id")))
            w.object_ids.add(record.record_id)
    for record in downstream:
        doc = record.doc
        if record.kind == "workflow":
            w.workflow_children.add(record.record_id)
            w.objects_of_workflows.add(record.record_id)
        elif record.kind == "task":
            w.task_children.add(record.record_id)
            w.task_dependents.add(record.record_id)
            w.task_ids.update(_ids(doc.get("dependents")))
            w.objects_of_tasks.add(record.record_id)
        else:
            w.object_ids.add(record.record_id)
            for workflow in _ids(doc.get("workflow_id")):
                w.used_objects.add(record.record_id)
                w.used_workflows.add(workflow)
                w.workflow_children.add(workflow)
    return w


# The fields the link rules and the node view read; a store may return more, never fewer.
LINK_FIELDS = {
    "workflows": ("workflow_id", "parent_workflow_id", "name", "user", "utc_timestamp"),
    "tasks": (
        "task_id", "workflow_id", "parent_task_id", "dependencies", "dependents", "used",
        "activity_id", "status",
    ),
    "objects": (
        "object_id", "version", "prev_version", "task_id", "workflow_id", "type", "object_type",
        "custom_metadata", "created_at", "updated_at", "object_size_bytes",
    ),
}
