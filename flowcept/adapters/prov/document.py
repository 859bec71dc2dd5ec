"""A ProvReport as a `prov` document: activities, entities, agents and the links between them.

The workflow and its tasks are activities with their start and end times; object versions are
entities (metadata only); the users and hosts that ran them are agents the activities were
associated with; lineage edges become the PROV relations of the same names.
"""

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from prov.constants import PROV
from prov.identifier import Namespace
from prov.model import ProvAgent, ProvDocument, ProvRecord

from flowcept.adapters.prov.names import NAMESPACES, attributes, local
from flowcept.domain.lineage.model import Record
from flowcept.domain.lineage.present import present
from flowcept.domain.prov.ports import ProvReport
from flowcept.domain.reports.model import epoch_seconds

FLOWCEPT = Namespace("flowcept", NAMESPACES["flowcept"])


def identifier(record: Record) -> str:
    if record.kind == "object":
        return f"object:{local(record.record_id)}.v{record.version}"
    return f"{record.kind}:{local(record.record_id)}"


def _time(value: Any) -> datetime | None:
    seconds = epoch_seconds(value)
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)


def _span(tasks: Iterable[Record], doc: Any) -> tuple[datetime | None, datetime | None]:
    """A workflow's times: its tasks' earliest start and latest end (workflow documents record
    only `utc_timestamp`, used as the start when no task started)."""
    starts = [t for r in tasks if (t := _time(r.doc.get("started_at"))) is not None]
    ends = [t for r in tasks if (t := _time(r.doc.get("ended_at"))) is not None]
    start = min(starts) if starts else _time(doc.get("utc_timestamp"))
    return start, max(ends) if ends else None


def build_document(report: ProvReport) -> ProvDocument:
    document = ProvDocument()
    for prefix, uri in NAMESPACES.items():
        document.add_namespace(prefix, uri)
    tasks = [r for r in report.records if r.kind == "task"]
    elements: dict[str, ProvRecord] = {}
    for record in report.records:
        attrs = [("prov:label", present(record).label), *attributes(record.doc)]
        if record.kind == "workflow" and record.record_id == report.workflow_id:
            attrs.append(("flowcept:tasks_truncated", report.tasks_truncated))
        name = identifier(record)
        if record.kind == "object":
            elements[record.key] = document.entity(name, attrs)
            continue
        if record.key == f"workflow:{report.workflow_id}":
            start, end = _span(tasks, record.doc)
        elif record.kind == "workflow":  # another workflow, referred to: its own time only
            start, end = _time(record.doc.get("utc_timestamp")), None
        else:
            start, end = _time(record.doc.get("started_at")), _time(record.doc.get("ended_at"))
        elements[record.key] = activity = document.activity(name, start, end, attrs)
        for prefix, field in (("user", "user"), ("host", "hostname")):
            value = record.doc.get(field)
            if isinstance(value, str) and value:
                agent = _agent(document, prefix, value)
                document.wasAssociatedWith(activity, agent)
    for edge in report.edges:
        source, target = elements[edge.source], elements[edge.target]
        getattr(document, edge.relation)(source, target)
    return document


def _agent(document: ProvDocument, prefix: str, name: str) -> ProvAgent:
    identifier = f"{prefix}:{local(name)}"
    for found in document.get_record(identifier):
        if isinstance(found, ProvAgent):
            return found
    # Users are people; a host is a machine, which PROV has no type for: Flowcept's own.
    kind = PROV["Person"] if prefix == "user" else FLOWCEPT["Host"]
    return document.agent(identifier, [("prov:type", kind), ("prov:label", name)])
