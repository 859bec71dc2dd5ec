"""The filter language: MongoDB query documents restricted to an operator allowlist."""

import json
from collections.abc import Mapping
from datetime import timezone
from typing import Any

from bson import json_util
from bson.errors import InvalidId

from flowcept.domain.errors import InvalidQuery, UnsupportedOperator

ALLOWED_OPERATORS = frozenset(
    {
        "$and",
        "$or",
        "$nor",
        "$not",
        "$exists",
        "$eq",
        "$ne",
        "$gt",
        "$gte",
        "$lt",
        "$lte",
        "$in",
        "$nin",
        "$regex",
        "$options",
        "$all",
        "$elemMatch",
        "$size",
    }
)
LOGICAL_OPERATORS = frozenset({"$and", "$or", "$nor"})
# What json_util raises for malformed $-wrappers, besides plain JSON errors.
_DECODE_ERRORS = (ValueError, TypeError, KeyError, InvalidId, OverflowError, RecursionError)

# Values are decoded the way mongoexport writes them, into what MongoDB would hold.
EXTENDED_JSON = json_util.JSONOptions(
    json_mode=json_util.JSONMode.RELAXED, tz_aware=True, tzinfo=timezone.utc
)


def _filter_pairs(pairs: list[tuple[str, Any]]) -> Any:
    # json_util reads {"$regex", "$options"} as a regex value and drops sibling operators such
    # as $ne; in a filter they are operators, so those documents stay as written.
    if any(key in ("$regex", "$options") for key, _ in pairs):
        return dict(pairs)
    return json_util.object_pairs_hook(pairs, EXTENDED_JSON)


def loads_filter(text: str) -> Any:
    """Parse JSON text whose values may use Extended JSON wrappers."""
    return json.loads(text, object_pairs_hook=_filter_pairs)


def check_operators(node: Any) -> None:
    """Raise UnsupportedOperator for the first `$` key outside the allowlist, at any depth."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("$") and key not in ALLOWED_OPERATORS:
                raise UnsupportedOperator(key)
            check_operators(value)
    elif isinstance(node, list):
        for item in node:
            check_operators(item)


def _check_shape(node: Mapping[str, Any]) -> None:
    """Reject logical operators whose operand is not a non-empty list of documents."""
    for key, value in node.items():
        if key in LOGICAL_OPERATORS:
            if not isinstance(value, list) or not value:
                raise InvalidQuery(f"{key} needs a non-empty array of filter documents")
            for clause in value:
                if not isinstance(clause, Mapping):
                    raise InvalidQuery(f"{key} needs a non-empty array of filter documents")
                _check_shape(clause)
        elif key.startswith("$"):
            raise InvalidQuery(f"{key} cannot be used at the top level of a filter")


def decode_filter(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Decode a filter's Extended JSON values ($date, $oid, ...), then validate it."""
    try:
        decoded = loads_filter(json_util.dumps(raw, json_options=json_util.RELAXED_JSON_OPTIONS))
    except _DECODE_ERRORS as exc:
        raise InvalidQuery(f"Invalid Extended JSON value in filter: {exc}") from exc
    if not isinstance(decoded, dict):
        raise InvalidQuery("filter must be a JSON object")
    check_operators(decoded)
    _check_shape(decoded)
    return decoded


def parse_filter_json(text: str) -> dict[str, Any]:
    """Parse the `filter_json` query parameter: a JSON object in the filter language."""
    try:
        raw = loads_filter(text)
    except _DECODE_ERRORS as exc:
        raise InvalidQuery(f"filter_json is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidQuery("filter_json must be a JSON object")
    check_operators(raw)
    _check_shape(raw)
    return raw


def all_of(*filters: Mapping[str, Any]) -> dict[str, Any]:
    """Combine filters so that a document must match every one; empty filters drop out."""
    parts = [dict(f) for f in filters if f]
    if not parts:
        return {}
    if len(parts) == 1:
        return parts[0]
    return {"$and": parts}
