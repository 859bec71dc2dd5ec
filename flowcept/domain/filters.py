"""The filter language: MongoDB query documents restricted to an operator allowlist."""

import json
import re
from collections.abc import Mapping
from datetime import timezone
from typing import Any

from bson import json_util
from bson.errors import InvalidId
from bson.regex import Regex

from flowcept.domain.errors import InvalidQuery, UnsupportedOperator
from flowcept.domain.limits import (
    MAX_FILTER_DEPTH,
    MAX_FILTER_NODES,
    MAX_LIST_VALUES,
    MAX_PATH_LENGTH,
    MAX_REGEX_LENGTH,
    REGEX_FLAGS,
)

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
LIST_OPERATORS = ("$in", "$nin", "$all")
REGEX_OPTIONS = REGEX_FLAGS
_BAD_OPTIONS = f"may only hold the flags {''.join(sorted(REGEX_FLAGS))}"
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


# What BSON can hold: a larger integer could not be sent to MongoDB at all.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def check_limits(filter_: Any, what: str = "filter") -> None:
    """Raise InvalidQuery when a filter breaks a size limit (flowcept.domain.limits).

    Walks without recursion, so that a filter nested thousands deep is measured, not a crash.
    """
    if not isinstance(filter_, Mapping):
        return
    nodes, deepest, problem = 0, 0, None
    clauses = filter_.get("$and") if len(filter_) == 1 else None
    pending: list[tuple[Any, int, str]]
    if isinstance(clauses, list):  # how filters are combined: no level of the client's own
        nodes, pending = 2, [(clause, 1, "") for clause in clauses]
    else:
        pending = [(filter_, 1, "")]
    while pending:
        node, depth, field = pending.pop()
        nodes += 1
        if isinstance(node, Mapping):
            deepest = max(deepest, depth)
            for key, value in node.items():
                key = str(key)
                problem = problem or _operand_problem(key, value, field)
                pending.append((value, depth + 1, field if key.startswith("$") else key))
        elif isinstance(node, list):
            deepest = max(deepest, depth)
            pending.extend((item, depth + 1, field) for item in node)
        elif isinstance(node, Regex | re.Pattern) and isinstance(node.pattern, str):
            problem = problem or _pattern_problem(node.pattern, field)
        elif isinstance(node, int) and not INT64_MIN <= node <= INT64_MAX:
            problem = problem or f"{field or what} compares with {node}, beyond 64-bit integers"
    if deepest > MAX_FILTER_DEPTH:
        raise InvalidQuery(
            f"{what} is nested {deepest} levels deep; the limit is {MAX_FILTER_DEPTH}"
        )
    if nodes > MAX_FILTER_NODES:
        raise InvalidQuery(
            f"{what} has {nodes} nodes (documents, arrays and values); "
            f"the limit is {MAX_FILTER_NODES}"
        )
    if problem:
        raise InvalidQuery(problem)


def _operand_problem(key: str, value: Any, field: str) -> str | None:
    """What is too long or not allowed about one key of a filter document, if anything."""
    if "\x00" in key:  # BSON keys are C strings: MongoDB could not even receive the filter
        return f"field path {key[:40]!r} holds a NUL character"
    if not key.startswith("$") and len(key) > MAX_PATH_LENGTH:
        return (
            f"field path {key[:40]!r}... is {len(key)} characters long; "
            f"the limit is {MAX_PATH_LENGTH}"
        )
    if key in LIST_OPERATORS and isinstance(value, list) and len(value) > MAX_LIST_VALUES:
        return f"{key} on {field} has {len(value)} values; the limit is {MAX_LIST_VALUES}"
    if key == "$regex" and isinstance(value, str):
        return _pattern_problem(value, field)
    if key == "$options" and isinstance(value, str) and set(value) - REGEX_FLAGS:
        return f"$options {_BAD_OPTIONS}"
    if key == "$regularExpression" and isinstance(value, Mapping):  # Extended JSON regex
        options, pattern = value.get("options"), value.get("pattern")
        if isinstance(options, str) and set(options) - REGEX_FLAGS:
            return f"$regularExpression options {_BAD_OPTIONS}"
        return _pattern_problem(pattern, field) if isinstance(pattern, str) else None
    return None


def _pattern_problem(pattern: str, field: str) -> str | None:
    if len(pattern) <= MAX_REGEX_LENGTH:
        return None
    where = f" on {field}" if field else ""
    return (
        f"regular expression{where} is {len(pattern)} characters long; "
        f"the limit is {MAX_REGEX_LENGTH}"
    )


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
    """Reject malformed operands, so that every store answers them with the same 400."""
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
        elif _is_operator_document(value):
            _check_operators_of(key, value)
        elif isinstance(value, Regex | re.Pattern):
            _check_regex(value.pattern, "")


def _is_operator_document(value: Any) -> bool:
    return isinstance(value, Mapping) and any(str(k).startswith("$") for k in value)


def _check_operators_of(field: str, operators: Mapping[str, Any]) -> None:
    for op, operand in operators.items():
        if op in ("$in", "$nin", "$all") and not isinstance(operand, list):
            raise InvalidQuery(f"{op} on {field} needs an array")
        if op == "$size" and (
            not isinstance(operand, int) or isinstance(operand, bool) or operand < 0
        ):
            raise InvalidQuery(f"$size on {field} needs a non-negative integer")
        if op == "$elemMatch":
            if not isinstance(operand, Mapping):
                raise InvalidQuery(f"$elemMatch on {field} needs a document")
            if _is_operator_document(operand):
                _check_operators_of(field, operand)
            else:
                _check_shape(operand)
        if op == "$not":
            if isinstance(operand, Regex | re.Pattern):
                _check_regex(operand.pattern, "")
            elif not _is_operator_document(operand) or not operand:
                raise InvalidQuery(f"$not on {field} needs an operator document or a regex")
            else:
                _check_operators_of(field, operand)
    if "$regex" in operators:
        pattern = operators["$regex"]
        if isinstance(pattern, Regex | re.Pattern):
            pattern = pattern.pattern
        if not isinstance(pattern, str):
            raise InvalidQuery(f"$regex on {field} needs a string")
        _check_regex(pattern, operators.get("$options", ""))
    elif "$options" in operators:
        raise InvalidQuery(f"$options on {field} needs a $regex")


def _check_regex(pattern: Any, options: Any) -> None:
    if not isinstance(options, str) or set(options) - REGEX_OPTIONS:
        raise InvalidQuery(f"$options {_BAD_OPTIONS}")
    if not isinstance(pattern, str):
        return
    try:
        re.compile(pattern)
    except re.error as exc:
        raise InvalidQuery(f"Invalid regular expression {pattern!r}: {exc}") from exc


def decode_filter(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check a filter's size, decode its Extended JSON values ($date, $oid, ...), validate it."""
    check_limits(raw)
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
        # Measured as the client wrote it, before Extended JSON wrappers become values.
        check_limits(json.loads(text), "filter_json")
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
    # A part that is only an $and joins its clauses: combining never nests a client's $and deeper.
    clauses: list[Any] = []
    for part in parts:
        own = part.get("$and") if len(part) == 1 else None
        clauses.extend(own if isinstance(own, list) and own else [part])
    return {"$and": clauses}
