"""The lineage port over MongoDB: each level is a fixed handful of `$in` queries.

Per level, at most: one `find` on `workflows`, one `find` on `tasks` (links by id, parent,
dependencies, dependents), one `aggregate` on `tasks` (the `used` search, only when the downstream
frontier holds objects), one `find` on `objects` and one on `object_history`. A collection the
frontier needs nothing from is not asked. Every query projects the link fields only.
"""

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from flowcept.domain.errors import NotFound
from flowcept.domain.lineage.links import Found
from flowcept.domain.lineage.model import NodeRef, Record, pick_version
from flowcept.domain.lineage.wants import LINK_FIELDS, Wants

Document = dict[str, Any]
Find = Callable[[str, Document, Document | None, list[tuple[str, int]], int], Awaitable[list[Any]]]
Aggregate = Callable[[str, list[Document]], Awaitable[list[Any]]]

_USED = "_lineage_used"  # a pipeline-only field: `used` as [{k, v}] pairs


def _projection(collection: str) -> Document:
    fields = LINK_FIELDS["objects" if collection == "object_history" else collection]
    return {"_id": 0, **{name: 1 for name in fields}}


async def _read(find: Find, collection: str, clauses: Iterable[tuple[str, set[str]]]) -> list[Any]:
    """One find: documents whose `field` is in its id set, for any clause; nothing if all empty."""
    wanted = [{name: {"$in": sorted(ids)}} for name, ids in clauses if ids]
    if not wanted:
        return []
    match = wanted[0] if len(wanted) == 1 else {"$or": wanted}
    return await find(collection, match, _projection(collection), [], 0)


async def lineage_step(find: Find, aggregate: Aggregate, wants: Wants) -> Found:
    workflows = await _read(
        find, "workflows",
        [("workflow_id", wants.workflow_ids), ("parent_workflow_id", wants.workflow_children)],
    )
    tasks = await _read(find, "tasks", [
        ("task_id", wants.task_ids), ("parent_task_id", wants.task_children),
        ("dependencies", wants.task_dependents), ("dependents", wants.task_dependencies),
    ])
    scope = wants.used_scope(workflows)
    if wants.used_objects and scope:
        # `$type: object` first: $objectToArray fails on a `used` that is not a document.
        tasks += await aggregate("tasks", [
            {"$match": {"workflow_id": {"$in": sorted(scope)}, "used": {"$type": "object"}}},
            {"$addFields": {_USED: {"$objectToArray": "$used"}}},
            {"$match": {f"{_USED}.v": {"$in": sorted(wants.used_objects)}}},
            {"$project": _projection("tasks")},
        ])
    clauses = [
        ("object_id", wants.object_ids), ("task_id", wants.objects_of_tasks),
        ("workflow_id", wants.objects_of_workflows),
    ]
    versions = await _read(find, "objects", clauses)
    versions += await _read(find, "object_history", clauses)
    return Found(workflows, tasks, versions)


async def lineage_node(find: Find, ref: NodeRef) -> Record:
    key = {"task": "task_id", "workflow": "workflow_id", "object": "object_id"}[ref.kind]
    if ref.kind == "object":
        versions = await find("objects", {key: ref.record_id}, _projection("objects"), [], 0)
        versions += await find(
            "object_history", {key: ref.record_id}, _projection("object_history"), [], 0
        )
        return pick_version(ref, versions)
    collection = "tasks" if ref.kind == "task" else "workflows"
    found = await find(collection, {key: ref.record_id}, _projection(collection), [], 1)
    if found:
        return Record(ref.kind, ref.record_id, found[0])
    if ref.kind == "workflow" and await find("tasks", {key: ref.record_id}, {"_id": 1}, [], 1):
        return Record("workflow", ref.record_id, {"workflow_id": ref.record_id})
    raise NotFound(f"{ref.kind.capitalize()} not found: {ref.record_id}")
