"""Keyset pagination on MongoDB: the filter for "after this position" and the values to remember.

MongoDB compares with $gt/$lt only within one type bracket, while sorting orders across types
(null < numbers < strings < objects < arrays < binary < ObjectId < bool < date), so "after v" is
"greater within v's bracket, or any value of a later bracket". Brackets beyond date (timestamps,
regexes, MinKey/MaxKey) are not paged across; provenance fields do not hold them.
"""

from datetime import datetime
from typing import Any

from bson import ObjectId

from flowcept.domain.filters import all_of

BRACKETS = ("number", "string", "object", "array", "binData", "objectId", "bool", "date")
NOTHING: dict[str, Any] = {"_id": {"$in": []}}


def bracket(value: Any) -> int:
    """The position of a value's type in BRACKETS (-1 for null)."""
    if value is None:
        return -1
    if isinstance(value, bool):
        return BRACKETS.index("bool")
    if isinstance(value, int | float):
        return BRACKETS.index("number")
    for kind, name in (
        (str, "string"),
        (dict, "object"),
        (list, "array"),
        (bytes, "binData"),
        (ObjectId, "objectId"),
        (datetime, "date"),
    ):
        if isinstance(value, kind):
            return BRACKETS.index(name)
    return BRACKETS.index("number")  # Decimal128 and friends compare as numbers


def _beyond(field: str, value: Any, order: int) -> dict[str, Any]:
    """Values of `field` that sort strictly after `value` in the direction `order`."""
    rank = bracket(value)
    if order == 1:
        if value is None:
            return {field: {"$ne": None}}
        later = [{field: {"$type": name}} for name in BRACKETS[rank + 1 :]]
        return {"$or": [{field: {"$gt": value}}, *later]}
    if value is None:
        return NOTHING
    earlier = [{field: {"$type": name}} for name in BRACKETS[:rank]]
    return {"$or": [{field: {"$lt": value}}, {field: None}, *earlier]}


def after(keys: list[tuple[str, int]], values: tuple[Any, ...]) -> dict[str, Any]:
    """Documents that come after the one whose sort keys held `values`."""
    branches = []
    for index, (field, order) in enumerate(keys):
        equal = [{name: values[n]} for n, (name, _) in enumerate(keys[:index])]
        branches.append(all_of(*equal, _beyond(field, values[index], order)))
    return {"$or": branches}


def value_at(document: Any, path: str) -> Any:
    """A sort key's value in a fetched document (missing reads as null)."""
    for part in path.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def strip(document: dict[str, Any], extra: list[str], wanted: list[str] | None) -> dict[str, Any]:
    """Remove the fields fetched only to page (`_id`, sort keys the projection did not ask for)."""
    document.pop("_id", None)
    if wanted is None:
        return document
    for path in extra:
        if path == "_id" or any(path == w or path.startswith(w + ".") for w in wanted):
            continue
        _remove(document, path.split("."), wanted)
    return document


def _remove(node: Any, parts: list[str], wanted: list[str], prefix: str = "") -> None:
    if not isinstance(node, dict) or parts[0] not in node:
        return
    here = f"{prefix}{parts[0]}"
    if len(parts) == 1:
        del node[parts[0]]
        return
    _remove(node[parts[0]], parts[1:], wanted, here + ".")
    kept_by_projection = any(w.startswith(here + ".") for w in wanted)
    if node[parts[0]] == {} and not kept_by_projection:
        del node[parts[0]]
