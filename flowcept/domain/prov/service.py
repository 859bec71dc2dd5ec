"""Collects what a workflow's PROV document holds, from bounded store reads.

The tasks come a page of 1,000 at a time with the store's cursor, at most MAX_TASKS of them (past
that the document says so in `flowcept:tasks_truncated`); the object versions, and the objects its
tasks used, come from one batched lineage read. No payload and no telemetry is read.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from flowcept.domain.errors import NotFound
from flowcept.domain.lineage.links import hops
from flowcept.domain.lineage.model import Edge, NodeRef, Record, version_of
from flowcept.domain.lineage.wants import LINK_FIELDS, Wants, used_values
from flowcept.domain.ports import ProvenanceStore
from flowcept.domain.prov.ports import ProvReport
from flowcept.domain.query import Query

MAX_TASKS = 10_000
PAGE = 1000
TASK_FIELDS = [
    *LINK_FIELDS["tasks"], "generated", "started_at", "ended_at", "submitted_at", "user",
    "hostname", "campaign_id", "subtype",
]


async def _tasks(store: ProvenanceStore, workflow_id: str) -> tuple[list[Record], bool]:
    records: list[Record] = []
    cursor: str | None = None
    while True:
        query = Query(filter={"workflow_id": workflow_id}, projection=TASK_FIELDS, limit=PAGE,
                      cursor=cursor)
        page = await store.find_tasks(query.checked())
        for doc in page.items:
            if isinstance(task_id := doc.get("task_id"), str):
                records.append(Record("task", task_id, doc))
        cursor = page.next_cursor
        if cursor is None:
            return records, False
        if len(records) >= MAX_TASKS:
            return records[:MAX_TASKS], True


async def prov_report(store: ProvenanceStore, workflow_id: str) -> ProvReport:
    """The workflow, its tasks and object versions, and every explicit link they hold.

    NotFound when the workflow has neither a document nor tasks.
    """
    start = await store.lineage_node(NodeRef("workflow", workflow_id))
    try:
        workflow = Record("workflow", workflow_id, await store.get_workflow(workflow_id))
    except NotFound:  # known by its tasks only
        workflow = start
    tasks, truncated = await _tasks(store, workflow_id)
    wanted = Wants(objects_of_workflows={workflow_id}, workflow_ids={workflow_id})
    if isinstance(parent := workflow.doc.get("parent_workflow_id"), str):
        wanted.workflow_ids.add(parent)  # named in the document, with its own label
    for task in tasks:
        wanted.object_ids.update(used_values(task.doc))
    found = await store.lineage_step(wanted)
    own = [workflow, *tasks, *_own_versions(found.versions, workflow_id)]
    records = {r.key: r for r in own}
    edges: list[Edge] = []
    for hop in hops(own, [], found):
        records.setdefault(hop.neighbour.key, hop.neighbour)
        edges.append(hop.edge)
    return ProvReport(workflow_id, list(records.values()), edges, truncated)


def _own_versions(docs: Sequence[Mapping[str, Any]], workflow_id: str) -> list[Record]:
    """The workflow's object versions, one per (object, version), `objects` before history."""
    kept: dict[tuple[str, int], Record] = {}
    for doc in docs:
        object_id = doc.get("object_id")
        if doc.get("workflow_id") == workflow_id and isinstance(object_id, str):
            version = version_of(doc)
            kept.setdefault((object_id, version), Record("object", object_id, doc, version))
    return list(kept.values())
