"""Tests of one value against one query operator (MongoDB's `matchesSingleElement`).

Each builder checks its operand once and returns a `Test`; a malformed operand raises
ValueError. The value tested may be MISSING, which is how an absent field reaches a test.
"""

import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

import regex
from bson.code import Code
from bson.decimal128 import Decimal128
from bson.regex import Regex

from flowcept.adapters.memory.bson_order import (
    ABSENT,
    MAX_KEY,
    MIN_KEY,
    MISSING,
    NULL,
    canonical_type,
    is_nan,
    regex_flags,
    regex_pattern,
    sort_key,
)
from flowcept.adapters.memory.budget import search

Test = Callable[[Any], bool]

_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": operator.eq,
    "$lt": operator.lt,
    "$lte": operator.le,
    "$gt": operator.gt,
    "$gte": operator.ge,
}
# Patterns run on the `regex` engine, which can give up after a timeout (see budget.search).
_REGEX_OPTIONS = {
    "i": regex.IGNORECASE,
    "m": regex.MULTILINE,
    "s": regex.DOTALL,
    "x": regex.VERBOSE,
    "u": 0,
}


def first_key(operand: Any) -> str:
    """The first field name of a non-empty document, else "" (MongoDB decides by it)."""
    if isinstance(operand, Mapping) and operand:
        return str(next(iter(operand)))
    return ""


def is_regex(value: Any) -> bool:
    """Whether a filter value is a regular expression (pymongo Regex or compiled pattern)."""
    return isinstance(value, Regex | re.Pattern)


def _operand_order(operand: Any) -> tuple[int, tuple[Any, ...]]:
    """The canonical type and sort key of a filter value."""
    try:
        return canonical_type(operand), sort_key(operand)
    except TypeError as exc:
        raise ValueError(f"unsupported value in filter: {exc}") from exc


def comparison(op: str, operand: Any) -> Test:
    """$eq, $lt, $lte, $gt or $gte: only values of the operand's type bracket can match."""
    ordering = _ORDERINGS[op]
    rank, key = _operand_order(operand)
    inclusive = op in ("$eq", "$lte", "$gte")
    # Across type brackets nothing matches, except that missing equals null and that
    # MinKey/MaxKey sort below/above every other type.
    missing_matches = rank == NULL and inclusive
    across = (rank == MIN_KEY and op in ("$gt", "$gte")) or (
        rank == MAX_KEY and op in ("$lt", "$lte")
    )
    # NaN equals NaN but is neither less nor greater than any number (MongoDB special-cases
    # it, since its sort position below all numbers would otherwise satisfy $lt).
    nan_matters = op != "$eq"
    operand_nan = is_nan(operand)

    def test(value: Any) -> bool:
        value_type = canonical_type(value)
        if value_type != rank:
            return across or (missing_matches and value_type == ABSENT)
        if nan_matters and (operand_nan or is_nan(value)):
            return inclusive and operand_nan and is_nan(value)
        return ordering(sort_key(value), key)

    if op == "$eq" and type(operand) is str:  # ids and labels: the most common test of all

        def equals_string(value: Any) -> bool:
            return value == operand if type(value) is str else test(value)

        return equals_string
    return test


def membership(operand: Any) -> Test:
    """$in: equal to any listed value, or matching any listed regex; null also matches missing."""
    if not isinstance(operand, list):
        raise ValueError("$in and $nin need an array")
    keys: set[tuple[Any, ...]] = set()
    types: set[int] = set()
    regexes: list[Test] = []
    for item in operand:
        if is_regex(item):
            regexes.append(regex_value(item))
        elif first_key(item).startswith("$"):
            raise ValueError("cannot nest $ under $in or $nin")
        else:
            rank, key = _operand_order(item)
            types.add(rank)
            keys.add(key)  # keys of equal values are equal and hash alike
    has_null = NULL in types

    def test(value: Any) -> bool:
        if value is MISSING:
            return has_null
        if canonical_type(value) in types and sort_key(value) in keys:
            return True
        return any(regex(value) for regex in regexes)

    return test


def regex_test(pattern: str, options: str) -> Test:
    """$regex: strings the pattern is found in (a search), or an identical stored regex."""
    unknown = set(options) - _REGEX_OPTIONS.keys()
    if unknown:
        raise ValueError(f"invalid $regex option(s): {''.join(sorted(unknown))}")
    if "\0" in pattern:
        raise ValueError("a regular expression cannot contain a null byte")
    flags = 0
    for letter in options:
        flags |= _REGEX_OPTIONS[letter]
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    letters = "".join(sorted(set(options) - {"u"}))

    def test(value: Any) -> bool:
        if isinstance(value, str) and not isinstance(value, Code):
            return search(compiled, value)
        if is_regex(value):  # a regex stored in a document matches only the same regex
            return regex_pattern(value) == pattern and regex_flags(value) == letters
        return False

    return test


def regex_value(value: Regex[Any] | re.Pattern[Any]) -> Test:
    """The $regex test for a regex given as a value (`{name: /abc/i}`)."""
    return regex_test(regex_pattern(value), regex_flags(value))


def regex_operator(source: Any, options: Any) -> Test:
    """The test for `{$regex: source, $options: options}`."""
    if not isinstance(options, str):
        raise ValueError("$options has to be a string")
    if isinstance(source, str):
        return regex_test(source, options)
    if is_regex(source):
        own = regex_flags(source)
        if own and options:  # MongoDB refuses rather than pick one
            raise ValueError("regex options set in both $regex and $options")
        return regex_test(regex_pattern(source), own or options)
    raise ValueError("$regex has to be a string or a regular expression")


def is_present(value: Any) -> bool:
    """$exists: true."""
    return value is not MISSING


def truthy(operand: Any) -> bool:
    """BSON truthiness, as `$exists` reads its operand: false, 0 and null are false."""
    if operand is None or operand is MISSING:
        return False
    if isinstance(operand, Decimal128):
        return not operand.to_decimal().is_zero()
    if isinstance(operand, bool | int | float):
        return operand != 0
    return True


def size_test(operand: Any) -> Test:
    """$size: arrays of exactly that many elements."""
    if isinstance(operand, bool) or not isinstance(operand, int | float):
        raise ValueError("$size needs a number")
    if isinstance(operand, float) and not operand.is_integer():
        raise ValueError("$size must be a whole number")
    size = int(operand)
    if size < 0:
        raise ValueError("$size may not be negative")
    return lambda value: isinstance(value, list) and len(value) == size
