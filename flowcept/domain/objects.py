"""How an object document is presented: payload bytes only on request, storage type always known."""

from typing import Any

PAYLOAD_FIELD = "data"
STORAGE_TYPE_FIELD = "storage_type"
GRIDFS_FIELD = "grid_fs_file_id"


def storage_type(document: dict[str, Any]) -> str | None:
    """Where an object's payload lives: inline (`in_object`), in GridFS, or nowhere (None)."""
    if document.get(GRIDFS_FIELD) is not None:
        return "gridfs"
    if document.get(PAYLOAD_FIELD) is not None:
        return "in_object"
    return None


def wants_storage_type(projection: list[str] | None) -> bool:
    return not projection or STORAGE_TYPE_FIELD in projection


def stored_projection(projection: list[str] | None, include_data: bool) -> list[str] | None:
    """The stored fields to read for a projected object listing (storage_type is derived)."""
    if not projection:
        return None
    fields = [p for p in projection if p != STORAGE_TYPE_FIELD]
    if not include_data:
        fields = [p for p in fields if p != PAYLOAD_FIELD and not p.startswith(PAYLOAD_FIELD + ".")]
    return fields


def present_object(
    shown: dict[str, Any],
    storage: str | None,
    include_data: bool = False,
    projection: list[str] | None = None,
) -> dict[str, Any]:
    """The object as a client sees it: the payload dropped unless asked for, storage type added."""
    result = dict(shown)
    if not include_data:
        result.pop(PAYLOAD_FIELD, None)
    if wants_storage_type(projection):
        result[STORAGE_TYPE_FIELD] = storage
    return result
