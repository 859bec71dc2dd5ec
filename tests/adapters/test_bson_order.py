import random
import re
from datetime import datetime, timedelta, timezone

import pytest
from bson.binary import Binary
from bson.code import Code
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.max_key import MaxKey
from bson.min_key import MinKey
from bson.objectid import ObjectId
from bson.regex import Regex
from bson.timestamp import Timestamp

from flowcept.adapters.memory.bson_order import (
    MISSING,
    UNDEFINED,
    canonical_type,
    compare,
    sort_key,
)

UTC = timezone.utc
NAN = float("nan")
INF = float("inf")

# One or more values of every BSON type, strictly ascending in MongoDB's order.
ASCENDING = [
    MinKey(),
    None,
    NAN,
    -INF,
    -(2**63),
    -1.5,
    0,
    Decimal128("0.5"),
    Int64(1),
    1.25,
    2**63 - 1,
    INF,
    "",
    "A",
    "Z",
    "a",
    "ab",
    "é",
    "😀",
    {},
    {"a": 1},
    {"a": 1, "b": 0},
    {"a": 2},
    {"b": 0},
    {"a": "x"},
    [],
    [None],
    [1],
    [1, 2],
    [1, 3],
    [2],
    ["a"],
    b"",
    Binary(b"\xff", 0),
    Binary(b"\x00", 5),
    b"\x00\x00",
    ObjectId("000000000000000000000000"),
    ObjectId("ffffffffffffffffffffffff"),
    False,
    True,
    datetime(1969, 12, 31, tzinfo=UTC),
    datetime(2024, 1, 1, tzinfo=UTC),
    datetime(2024, 1, 1, 0, 0, 0, 1000, tzinfo=UTC),
    Timestamp(1, 9),
    Timestamp(2, 0),
    Regex("a"),
    Regex("a", "i"),
    Regex("b"),
    Code("x"),
    MaxKey(),
]


def test_sort_key_orders_every_bson_type_as_mongodb_does():
    shuffled = random.Random(7).sample(ASCENDING, len(ASCENDING))
    assert sorted(shuffled, key=sort_key) == ASCENDING


@pytest.mark.parametrize("lower, higher", zip(ASCENDING, ASCENDING[1:], strict=False))
def test_compare_puts_each_value_below_the_next(lower, higher):
    assert compare(lower, higher) == -1
    assert compare(higher, lower) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        (1, 1.0),
        (Int64(5), 5),
        (Decimal128("2.50"), 2.5),
        (Decimal128("1E+2"), 100),
        (0.0, -0.0),
        (NAN, Decimal128("NaN")),
        (INF, Decimal128("Infinity")),
        (None, MISSING),
        (Binary(b"ab", 0), b"ab"),
        (Regex("a", re.IGNORECASE), re.compile("a", re.IGNORECASE)),
        (
            datetime(2024, 1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
            datetime(2024, 1, 1, tzinfo=UTC),
        ),
        (datetime(2024, 1, 1), datetime(2024, 1, 1, tzinfo=UTC)),  # naive dates are taken as UTC
        ({"a": [1, {"b": 2.0}]}, {"a": [1.0, {"b": Int64(2)}]}),
    ],
)
def test_values_mongodb_considers_equal_have_equal_keys(a, b):
    assert compare(a, b) == 0
    assert sort_key(a) == sort_key(b)
    assert hash(sort_key(a)) == hash(sort_key(b))  # so keys work in sets and as dict keys


@pytest.mark.parametrize(
    "a, b",
    [
        (1, True),  # a boolean is not a number
        (0, None),
        ("1", 1),
        (Decimal128("0.1"), 0.1),  # the double 0.1 is not exactly one tenth
        (2**53 + 1, float(2**53)),  # integers are compared exactly, not through float
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # field order matters
        ([1, 2], [2, 1]),
        (Binary(b"a", 0), Binary(b"a", 4)),
        (Regex("a"), Regex("a", "i")),
    ],
)
def test_values_mongodb_considers_different_have_different_keys(a, b):
    assert compare(a, b) != 0


def test_nan_sorts_below_every_other_number_and_equals_nan():
    assert compare(NAN, -INF) == -1
    assert compare(Decimal128("NaN"), Decimal128("-Infinity")) == -1
    assert compare(NAN, NAN) == 0
    assert compare(NAN, None) == 1


def test_strings_compare_by_utf8_bytes_even_with_surrogates():
    rng = random.Random(3)
    alphabet = ["a", "Z", "é", "\ud800", "\udfff", "\ue000", "\uffff", "😀", "\x00"]
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(500)]
    by_key = sorted(words, key=sort_key)
    by_bytes = sorted(words, key=lambda w: w.encode("utf-8", "surrogatepass"))
    assert by_key == by_bytes


def test_objects_compare_value_type_before_field_name():
    # {b: 1} < {a: "x"} because a number sorts below a string, whatever the names.
    assert compare({"b": 1}, {"a": "x"}) == -1
    assert compare({"a": None}, {"a": MinKey()}) == 1


def test_binary_compares_by_length_then_subtype_then_bytes():
    assert compare(Binary(b"\xff", 9), Binary(b"\x00\x00", 0)) == -1
    assert compare(Binary(b"\xff", 0), Binary(b"\x00", 1)) == -1
    assert compare(Binary(b"\x01", 0), Binary(b"\x02", 0)) == -1


def test_missing_sorts_like_null_and_undefined_just_below_it():
    assert compare(MISSING, None) == 0
    assert compare(UNDEFINED, None) == -1
    assert compare(UNDEFINED, MinKey()) == 1


def test_missing_is_its_own_type_when_matching():
    assert canonical_type(MISSING) < canonical_type(None)


def test_equal_numbers_of_every_kind_collapse_in_a_set():
    keys = {sort_key(v) for v in (1, 1.0, Int64(1), Decimal128("1.000"), True)}
    assert len(keys) == 2  # the numbers, and the boolean


def test_regex_flags_ignore_the_unicode_flag_of_python_patterns():
    assert re.compile("x").flags & re.UNICODE
    assert sort_key(re.compile("x")) == sort_key(Regex("x"))


def test_sort_key_rejects_values_that_are_not_bson():
    with pytest.raises(TypeError):
        sort_key(object())
