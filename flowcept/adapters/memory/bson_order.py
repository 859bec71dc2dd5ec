"""MongoDB's BSON comparison order for decoded Python values.

`sort_key` maps a value to a hashable tuple whose Python ordering is MongoDB's order:
MinKey < null < numbers < strings < objects < arrays < binary < ObjectId < bool < date
< Timestamp < regex < code < MaxKey. The first item of every key is the canonical type
(`canonical_type`), so values of different types never compare past it.
"""

import math
import re
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final

from bson.binary import Binary
from bson.code import Code
from bson.datetime_ms import DatetimeMS
from bson.dbref import DBRef
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.max_key import MaxKey
from bson.min_key import MinKey
from bson.objectid import ObjectId
from bson.regex import Regex
from bson.timestamp import Timestamp


class _Sentinel:
    """A named marker value that is not any BSON value."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


MISSING: Final = _Sentinel("MISSING")
"""An absent field. It sorts like null but, when matching, is a type of its own (BSON EOO)."""

UNDEFINED: Final = _Sentinel("UNDEFINED")
"""What an empty array sorts as: just below null (BSON `undefined`, as MongoDB sort keys use)."""

# MongoDB's canonical type numbers (canonicalizeBSONType); only their order matters.
MIN_KEY, ABSENT, NULL, NUMBER, STRING, OBJECT, ARRAY = -1, 0, 5, 10, 15, 20, 25
BINARY, OBJECT_ID, BOOLEAN, DATE, TIMESTAMP, REGEX = 30, 35, 40, 45, 47, 50
CODE, CODE_W_SCOPE, MAX_KEY = 60, 65, 127

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_REGEX_FLAG_LETTERS = (
    (re.IGNORECASE, "i"),
    (re.MULTILINE, "m"),
    (re.DOTALL, "s"),
    (re.VERBOSE, "x"),
)

# Exact types first: a dict lookup is much cheaper than an isinstance chain.
_EXACT_TYPES: dict[type, int] = {
    type(None): NULL,
    bool: BOOLEAN,
    int: NUMBER,
    Int64: NUMBER,
    float: NUMBER,
    Decimal128: NUMBER,
    str: STRING,
    dict: OBJECT,
    list: ARRAY,
    bytes: BINARY,
    Binary: BINARY,
    ObjectId: OBJECT_ID,
    datetime: DATE,
    Timestamp: TIMESTAMP,
    Regex: REGEX,
    re.Pattern: REGEX,
    MinKey: MIN_KEY,
    MaxKey: MAX_KEY,
}
_ISINSTANCE_TYPES: tuple[tuple[type | tuple[type, ...], int], ...] = (
    ((int, float, Decimal128), NUMBER),
    (str, STRING),
    ((Mapping, DBRef), OBJECT),
    ((list, tuple), ARRAY),
    ((bytes, uuid.UUID), BINARY),
    ((datetime, DatetimeMS), DATE),
    (re.Pattern, REGEX),
)


def canonical_type(value: Any) -> int:
    """MongoDB's canonical type of a value; MISSING is its own type, below null."""
    exact = _EXACT_TYPES.get(type(value))
    if exact is not None:
        return exact
    if value is MISSING or value is UNDEFINED:
        return ABSENT
    if isinstance(value, Code):  # a str subclass, so test it before str
        return CODE if value.scope is None else CODE_W_SCOPE
    for kinds, rank in _ISINSTANCE_TYPES:
        if isinstance(value, kinds):
            return rank
    raise TypeError(f"not a BSON value: {type(value).__name__}")


def regex_flags(value: Regex[Any] | re.Pattern[Any]) -> str:
    """The MongoDB option letters (`imsx`) of a pymongo Regex or compiled pattern."""
    flags = value.flags
    if isinstance(flags, str):  # Regex keeps flags as an int, but tolerate letters
        return "".join(sorted(set(flags) & set("imsx")))
    # re.UNICODE and re.LOCALE have no MongoDB meaning (str patterns always carry UNICODE).
    return "".join(letter for flag, letter in _REGEX_FLAG_LETTERS if flags & flag)


def regex_pattern(value: Regex[Any] | re.Pattern[Any]) -> str:
    """The pattern text of a pymongo Regex or compiled pattern."""
    pattern = value.pattern
    return pattern.decode("utf-8") if isinstance(pattern, bytes) else str(pattern)


def is_nan(value: Any) -> bool:
    """Whether a value is a floating-point or Decimal128 NaN."""
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, Decimal128) and value.to_decimal().is_nan()


def _number_key(value: Any) -> tuple[Any, ...]:
    number: int | float | Decimal = value.to_decimal() if isinstance(value, Decimal128) else value
    if number != number:  # NaN: below every other number, equal to any NaN
        return (NUMBER, 0)
    # int, float and Decimal compare (and hash) exactly with each other, so 1 == 1.0 == 1.00.
    return (NUMBER, 1, number)


def _date_key(value: datetime | DatetimeMS) -> tuple[Any, ...]:
    if isinstance(value, DatetimeMS):
        return (DATE, int(value) * 1000)
    if value.tzinfo is None:  # decoded dates are UTC; treat naive ones the same way
        value = value.replace(tzinfo=timezone.utc)
    return (DATE, (value - _EPOCH) // _MICROSECOND)


def _binary_key(value: bytes | uuid.UUID) -> tuple[Any, ...]:
    if isinstance(value, uuid.UUID):
        return (BINARY, 16, 4, value.bytes)
    subtype = value.subtype if isinstance(value, Binary) else 0
    # MongoDB orders binary by length, then subtype, then bytes.
    return (BINARY, len(value), subtype, bytes(value))


def _object_key(value: Mapping[str, Any]) -> tuple[Any, ...]:
    # Field by field, in document order: the value's type, then the name, then the value.
    fields = []
    for name, item in value.items():
        item_key = sort_key(item)
        fields.append((item_key[0], name, item_key))
    return (OBJECT, tuple(fields))


def sort_key(value: Any) -> tuple[Any, ...]:
    """A hashable key whose Python ordering and equality are MongoDB's BSON comparison order."""
    rank = canonical_type(value)
    if rank == NUMBER:
        return _number_key(value)
    if rank == STRING:
        # Python compares str by code point, which is exactly the order of the UTF-8 bytes
        # (also with surrogatepass), so encoding would change nothing but the cost.
        return (STRING, value)
    if rank == OBJECT:
        return _object_key(value.as_doc() if isinstance(value, DBRef) else value)
    if rank == ARRAY:
        return (ARRAY, tuple(sort_key(item) for item in value))
    if rank in (NULL, MIN_KEY, MAX_KEY):
        return (rank,)
    if rank == ABSENT:  # a missing field sorts as null; an empty array's sort value below it
        return (NULL,) if value is MISSING else (ABSENT,)
    if rank == BOOLEAN:
        return (BOOLEAN, bool(value))
    if rank == DATE:
        return _date_key(value)
    if rank == BINARY:
        return _binary_key(value)
    if rank == OBJECT_ID:
        return (OBJECT_ID, value.binary)
    if rank == TIMESTAMP:
        return (TIMESTAMP, value.time, value.inc)
    if rank == REGEX:
        return (REGEX, regex_pattern(value), regex_flags(value))
    if rank == CODE_W_SCOPE:
        return (CODE_W_SCOPE, str(value), sort_key(value.scope))
    return (rank, str(value))  # CODE


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1 as `a` sorts before, with, or after `b` in MongoDB's BSON order."""
    key_a, key_b = sort_key(a), sort_key(b)
    return (key_a > key_b) - (key_a < key_b)
