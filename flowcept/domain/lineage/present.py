"""How a lineage record is shown: its graph id, a readable label and a few identifying fields."""

from typing import Any

from flowcept.domain.lineage.model import Node, Record


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def object_type(doc: Any) -> str | None:
    return _text(doc.get("object_type")) or _text(doc.get("type"))


def object_name(doc: Any) -> str | None:
    metadata = doc.get("custom_metadata")
    return _text(metadata.get("name")) if hasattr(metadata, "get") else None


def present(record: Record) -> Node:
    """The client's view of a record (never a payload, never telemetry)."""
    doc = record.doc
    if record.kind == "workflow":
        name = _text(doc.get("name"))
        return Node(
            id=record.key, kind="workflow", label=name or record.record_id,
            workflow_id=record.record_id, name=name,
        )
    if record.kind == "task":
        activity = _text(doc.get("activity_id"))
        return Node(
            id=record.key, kind="task", label=activity or record.record_id,
            task_id=record.record_id, workflow_id=_text(doc.get("workflow_id")),
            activity_id=activity, status=_text(doc.get("status")),
        )
    name = object_name(doc)
    label = f"{name or object_type(doc) or record.record_id} v{record.version}"
    return Node(
        id=record.key, kind="object", label=label, object_id=record.record_id,
        version=record.version, name=name, type=object_type(doc),
        workflow_id=_text(doc.get("workflow_id")), task_id=_text(doc.get("task_id")),
    )
