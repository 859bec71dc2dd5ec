"""The collections the service reads and the rules that belong to each."""

from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Collection:
    """A Flowcept collection: its name, its id field and its default date order."""

    name: str
    id_field: str
    date_fields: tuple[str, ...]


WORKFLOWS = Collection(
    "workflows",
    "workflow_id",
    ("utc_timestamp", "created_at", "updated_at", "timestamp", "started_at", "ended_at"),
)
TASKS = Collection(
    "tasks",
    "task_id",
    ("started_at", "submitted_at", "registered_at", "ended_at", "utc_timestamp", "timestamp"),
)
OBJECTS = Collection(
    "objects", "object_id", ("created_at", "updated_at", "utc_timestamp", "timestamp")
)
# Older versions of objects; same fields as `objects`, one document per (object_id, version).
OBJECT_HISTORY = Collection("object_history", "object_id", OBJECTS.date_fields)

TYPE_LABEL_FIELDS = ("type", "object_type")


class ObjectKind(Enum):
    """A type-label scope: `/datasets` and `/models` see only objects carrying their label."""

    DATASET = "dataset"
    MODEL = "ml_model"

    def scope_filter(self) -> dict[str, Any]:
        return type_label_filter(self.value)


def object_noun(kind: ObjectKind | None) -> str:
    """How error messages name an object of this scope."""
    return {None: "Object", ObjectKind.DATASET: "Dataset", ObjectKind.MODEL: "Model"}[kind]


def type_label_filter(label: str) -> dict[str, Any]:
    """Match objects labelled `label` in the old (`type`) or the new (`object_type`) field."""
    return {"$or": [{field: label} for field in TYPE_LABEL_FIELDS]}


def carries(field: str) -> dict[str, Any]:
    """Documents holding a non-null `field`, which the default order ranks by it."""
    return {field: {"$ne": None}}


def lacks(field: str) -> dict[str, Any]:
    """The complement of `carries`: documents with the field missing or null."""
    return {field: None}
