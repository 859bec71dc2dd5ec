"""Group-and-accumulate over matching documents, with MongoDB's `$group` semantics."""

import math
from collections.abc import Iterable, Mapping
from typing import Any

from bson.decimal128 import Decimal128

from flowcept.adapters.memory.bson_order import sort_key
from flowcept.domain.query import Aggregation

Row = dict[str, Any]


def expression_value(document: Any, path: str) -> Any:
    """The value of `$<path>` in an aggregation expression: arrays map over their documents."""
    value = document
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list):
            value = [
                expression_value(item, part)
                for item in value
                if isinstance(item, dict) and part in item
            ]
        else:
            return None
        if value is None:
            return None
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal128) and not isinstance(value, bool)


def _as_float(value: Any) -> float:
    return float(value.to_decimal()) if isinstance(value, Decimal128) else float(value)


def _accumulate(operator: str, values: list[Any]) -> Any:
    if operator in ("sum", "avg"):
        numbers = [v for v in values if _is_number(v)]
        if operator == "avg":
            return sum(_as_float(v) for v in numbers) / len(numbers) if numbers else None
        if all(isinstance(v, int) for v in numbers):
            return sum(numbers)
        return math.fsum(_as_float(v) for v in numbers)
    present = [v for v in values if v is not None]
    if not present:
        return None
    chooser = min if operator == "min" else max
    return chooser(present, key=sort_key)


def aggregate(
    documents: Iterable[dict[str, Any]], aggregations: list[Aggregation], group_key: str | None
) -> list[Row]:
    """One row per distinct group-key value (or one row in all), in group-key order."""
    groups: dict[Any, tuple[Any, list[dict[str, Any]]]] = {}
    for document in documents:
        key_value = expression_value(document, group_key) if group_key else None
        bucket = groups.setdefault(sort_key(key_value), (key_value, []))
        bucket[1].append(document)
    rows: list[Row] = []
    for hashed in sorted(groups):
        key_value, members = groups[hashed]
        row: Row = {group_key.replace(".", "_"): key_value} if group_key else {}
        for agg in aggregations:
            values = [expression_value(member, agg.field) for member in members]
            row[agg.output_name] = _accumulate(agg.operator, values)
        rows.append(row)
    return rows
