"""Domain queries as MongoDB query documents, sort specs and aggregation pipelines."""

from typing import Any

from flowcept.domain.objects import (
    GRIDFS_FIELD,
    PAYLOAD_FIELD,
    STORAGE_TYPE_FIELD,
    stored_projection,
    wants_storage_type,
)
from flowcept.domain.query import ObjectQuery, Query

SortSpec = list[tuple[str, int]]


def _present(path: str) -> dict[str, Any]:
    # Aggregation compares a missing field unequal to null; $ifNull folds both into null.
    return {"$ne": [{"$ifNull": [f"${path}", None]}, None]}


STORAGE_TYPE_EXPRESSION = {
    "$cond": [
        _present(GRIDFS_FIELD),
        "gridfs",
        {"$cond": [_present(PAYLOAD_FIELD), "in_object", None]},
    ]
}


def _covered(path: str, by: list[str]) -> bool:
    return any(path == other or path.startswith(other + ".") for other in by)


def projection_spec(fields: list[str] | None, extra: list[str] | None = None) -> dict[str, int]:
    """An inclusion projection of `fields` plus `extra` (fetched to page; `_id` only if there)."""
    extra = extra or []
    kept = [f for f in fields or [] if not _covered(f, extra)]
    kept += [e for e in extra if e != "_id" and not _covered(e, kept)]
    return {"_id": 1 if "_id" in extra else 0, **{field: 1 for field in kept}}


def with_ties(keys: SortSpec, id_field: str) -> SortSpec:
    """Append the resource id and `_id` so that every order is total."""
    named = {field for field, _ in keys}
    return keys + [(f, 1) for f in (id_field, "_id") if f not in named]


def object_shape_stages(
    query: ObjectQuery | None, include_data: bool, extra: list[str] | None = None
) -> list[dict[str, Any]]:
    """Stages that add `storage_type` and drop the payload unless asked for.

    `extra` names fields fetched only to page (sort keys, `_id`); the caller strips them.
    """
    projection = query.projection if query else None
    stages: list[dict[str, Any]] = []
    if wants_storage_type(projection):
        stages.append({"$addFields": {STORAGE_TYPE_FIELD: STORAGE_TYPE_EXPRESSION}})
    if projection:
        kept = stored_projection(projection, include_data) or []
        if wants_storage_type(projection):
            kept.append(STORAGE_TYPE_FIELD)
        stages.append({"$project": projection_spec(kept, extra)})
    elif include_data:
        if "_id" not in (extra or []):
            stages.append({"$project": {"_id": 0}})
    else:
        hidden = {PAYLOAD_FIELD: 0} if "_id" in (extra or []) else {"_id": 0, PAYLOAD_FIELD: 0}
        stages.append({"$project": hidden})
    return stages


def aggregation_pipeline(query: Query, match: dict[str, Any]) -> list[dict[str, Any]]:
    """One pipeline: match, group by the key (or all), name the rows, sort, limit."""
    key = query.group_key
    aggregations = query.aggregation or []
    group: dict[str, Any] = {"_id": f"${key}" if key else None}
    for agg in aggregations:
        group[agg.output_name] = {f"${agg.operator}": f"${agg.field}"}
    shape: dict[str, Any] = {"_id": 0, **{agg.output_name: 1 for agg in aggregations}}
    order: dict[str, int] = {s.field: s.order for s in query.sort or []}
    if key:
        key_name = row_key(key)
        shape[key_name] = "$_id"
        order.setdefault(key_name, 1)
    pipeline: list[dict[str, Any]] = [{"$match": match}, {"$group": group}, {"$project": shape}]
    if order:
        pipeline.append({"$sort": order})
    pipeline.append({"$limit": query.limit})
    return pipeline


def row_key(path: str) -> str:
    return path.replace(".", "_")


def ordered_row(row: dict[str, Any], query: Query) -> dict[str, Any]:
    """A row with the group key first, then the accumulators in the order asked."""
    names = [row_key(query.group_key)] if query.group_key else []
    names += [agg.output_name for agg in query.aggregation or []]
    return {name: row.get(name) for name in names}


def object_output_fields(query: ObjectQuery) -> list[str] | None:
    """The fields an object listing returns (None: all but the payload)."""
    if not query.projection:
        return None
    kept = stored_projection(query.projection, query.include_data) or []
    return kept + ([STORAGE_TYPE_FIELD] if wants_storage_type(query.projection) else [])
