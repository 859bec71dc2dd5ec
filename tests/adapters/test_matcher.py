"""MongoDB query semantics of the in-memory matcher.

Expected results come from the MongoDB manual and from the server's own tests
(jstests/core/null_query_semantics.js, min_max_key.js, array_match2.js, null2.js and
src/mongo/db/matcher/path_test.cpp). Where mongomock agrees with MongoDB we also
cross-check against it; the cases where it does not are listed in MONGOMOCK_DIFFERS.
"""

import re
from datetime import datetime, timezone
from typing import Any

import mongomock
import pytest
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.max_key import MaxKey
from bson.min_key import MinKey
from bson.regex import Regex

from flowcept.adapters.memory.bson_order import UNDEFINED
from flowcept.adapters.memory.doc_paths import Leaf, iter_values, split_path
from flowcept.adapters.memory.matcher import (
    MISSING,
    compile_filter,
    get_values,
    sort_documents,
    sort_value,
)

UTC = timezone.utc


def matches(filter_: dict[str, Any], doc: dict[str, Any]) -> bool:
    return compile_filter(filter_)(doc)


def matching(filter_: dict[str, Any], docs: dict[str, dict[str, Any]]) -> set[str]:
    predicate = compile_filter(filter_)
    return {name for name, doc in docs.items() if predicate(doc)}


# --- path traversal (cases from MongoDB's path_test.cpp) ------------------------------------


@pytest.mark.parametrize(
    "path, doc, expected",
    [
        ("a", {"x": 4, "a": 5}, [5]),
        ("a", {"a": [5, 6]}, [5, 6, [5, 6]]),  # elements, then the array itself
        ("a.b", {"a": 4}, [MISSING]),  # a scalar with path left over reads as missing
        ("a.b", {"a": [4]}, []),  # ...but inside an array it yields nothing at all
        ("a.b", {"a": {"b": []}}, [[]]),
        (
            "a.b",
            {"a": [{"b": 5}, 3, {}, {"b": [9, 11]}, {"b": 7}]},
            [5, MISSING, 9, 11, [9, 11], 7],
        ),
        ("a.1", {"a": [5, 7, 3]}, [7]),
        ("a.1", {"a": [5, [2, 4], 3]}, [[2, 4]]),  # an element picked by position is not expanded
        ("a.1", {"a": [5, {"1": 4}, 3]}, [4, {"1": 4}]),  # field "1" and position 1 both count
        ("a.1.b", {"a": [5, {"b": 4}, 3]}, [MISSING, 4]),
        ("a.1.b", {"a": [5, [{"b": 4}], 3]}, [4]),
        ("a.0.b", {"a": [{"b": [2, 3]}, {"b": [4, 5]}]}, [MISSING, 2, 3, [2, 3], MISSING]),
        ("a.b", {"a": [[{"b": 1}]]}, []),  # only one level of implicit array traversal
        ("a.01", {"a": [5, 6]}, []),  # "01" is not a position
    ],
)
def test_paths_reach_the_values_mongodb_iterates(path, doc, expected):
    assert list(iter_values(doc, split_path(path), Leaf.ELEMENTS_AND_WHOLE)) == expected


def test_size_and_elem_match_see_leaf_arrays_whole():
    doc = {"a": [{"b": 5}, 3, {}, {"b": [9, 11]}, {"b": 7}]}
    assert list(iter_values(doc, split_path("a.b"), Leaf.WHOLE)) == [5, MISSING, [9, 11], 7]


# --- equality ---------------------------------------------------------------------------------

EQUALITY_CASES = [
    ({"a": 1}, {"a": 1.0}, True),
    ({"a": 1}, {"a": Int64(1)}, True),
    ({"a": 1}, {"a": Decimal128("1.0")}, True),
    ({"a": 1}, {"a": True}, False),  # booleans are not numbers
    ({"a": 1}, {"a": "1"}, False),
    ({"a": 1}, {"a": [3, 1]}, True),  # any element
    ({"a": [3, 1]}, {"a": [3, 1]}, True),  # the whole array
    ({"a": [3, 1]}, {"a": [1, 3]}, False),
    ({"a": [3, 1]}, {"a": [[3, 1], 2]}, True),  # an element that is the array
    ({"a": {"b": 1, "c": 2}}, {"a": {"b": 1, "c": 2}}, True),
    ({"a": {"b": 1, "c": 2}}, {"a": {"c": 2, "b": 1}}, False),  # field order matters
    ({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}}, False),  # no partial document match
    ({"a": {}}, {"a": {}}, True),
    ({"a.b": 1}, {"a": {"b": 1}}, True),
    ({"a.b": 1}, {"a": [{"b": 2}, {"b": 1}]}, True),
    ({"a.b": 1}, {"a": [{"b": [0, 1]}]}, True),
    ({"a.b.c": 1}, {"a": [{"b": [{"c": 1}]}]}, True),
    ({"a.0": 1}, {"a": [1, 2]}, True),
    ({"a.1": 1}, {"a": [1, 2]}, False),
    ({"a.0.b": 1}, {"a": [{"b": 1}]}, True),
    ({"a.0": 7}, {"a": [{"0": 7}, 8]}, True),  # a field literally named "0"
    ({"a.1": 4}, {"a": [{"1": 4}, 5]}, True),  # array_match2.js
    ({"a.1": 5}, {"a": [{"1": 4}, 5]}, True),
    ({"a.1.foo": 4}, {"a": [{"1": {"foo": 4}}, {"foo": 5}]}, True),
    ({"a.1.foo": 5}, {"a": [{"1": {"foo": 4}}, {"foo": 5}]}, True),
    ({"a": "x"}, {"a": "X"}, False),
    ({"t": datetime(2024, 1, 1, tzinfo=UTC)}, {"t": datetime(2024, 1, 1, tzinfo=UTC)}, True),
    ({"a": float("nan")}, {"a": float("nan")}, True),  # NaN equals NaN in MongoDB
    ({"a": {"$eq": {"$gt": 1}}}, {"a": {"$gt": 1}}, True),  # $eq takes its operand literally
    ({"a": {"b": 1, "$gt": 0}}, {"a": {"b": 1, "$gt": 0}}, True),  # first key is not `$`
]


@pytest.mark.parametrize("filter_, doc, expected", EQUALITY_CASES)
def test_equality_matches_like_mongodb(filter_, doc, expected):
    assert matches(filter_, doc) is expected


def test_eq_with_a_regex_matches_only_that_stored_regex():
    # The manual: {$eq: /pattern/} compares the regex itself, it does not pattern-match.
    assert not matches({"a": {"$eq": Regex("^x")}}, {"a": "xyz"})
    assert matches({"a": {"$eq": Regex("^x")}}, {"a": Regex("^x")})


# --- null and missing (jstests/core/null_query_semantics.js, without `undefined`) -----------

NULL_DOCS: dict[str, dict[str, Any]] = {
    "a_empty_subobject": {"a": {}},
    "a_null": {"a": None},
    "a_number": {"a": 4},
    "a_subobject_b_not_null": {"a": {"b": "hi"}},
    "a_subobject_b_null": {"a": {"b": None}},
    "no_a": {},
    "a_double_array": {"a": [[]]},
    "a_empty_array": {"a": []},
    "a_object_array_all_b_nulls": {"a": [{"b": None}, {"b": None}, {}]},
    "a_object_array_no_b_nulls": {"a": [{"b": 1}, {"b": 3}, {"b": "string"}]},
    "a_object_array_some_b_nulls": {"a": [{"b": None}, {"b": 3}, {"b": None}]},
    "a_object_array_some_b_missing": {"a": [{"b": 3}, {}]},
    "a_value_array_all_nulls": {"a": [None, None]},
    "a_value_array_no_nulls": {"a": [1, "string", 4]},
    "a_value_array_with_null": {"a": [1, "string", None, 4]},
}
DOTTED_NULL = {
    "a_empty_subobject",
    "a_null",
    "a_number",
    "a_subobject_b_null",
    "no_a",
    "a_object_array_all_b_nulls",
    "a_object_array_some_b_nulls",
    "a_object_array_some_b_missing",
}
A_NULL = {"a_null", "a_value_array_all_nulls", "a_value_array_with_null", "no_a"}


@pytest.mark.parametrize(
    "filter_, expected",
    [
        ({"a": None}, A_NULL),
        ({"a": {"$eq": None}}, A_NULL),
        ({"a": {"$in": [None, 75]}}, A_NULL),
        ({"a": {"$gte": None}}, A_NULL),
        ({"a": {"$lte": None}}, A_NULL),
        ({"a": {"$gt": None}}, set()),
        ({"a": {"$lt": None}}, set()),
        ({"a": {"$ne": None}}, set(NULL_DOCS) - A_NULL),
        ({"a": {"$not": {"$gte": None}}}, set(NULL_DOCS) - A_NULL),
        ({"a": {"$nin": [None, 75]}}, set(NULL_DOCS) - A_NULL),
        ({"a": {"$exists": False}}, {"no_a"}),
        ({"a.b": None}, DOTTED_NULL),
        ({"a.b": {"$in": [None, 75]}}, DOTTED_NULL),
        ({"$or": [{"a.b": None}, {"a.b": 75}]}, DOTTED_NULL),
        ({"a.b": {"$ne": None}}, set(NULL_DOCS) - DOTTED_NULL),
        ({"a.b": {"$nin": [None, 75]}}, set(NULL_DOCS) - DOTTED_NULL),
        (
            {"a.b": {"$nin": [None, re.compile("^str.*")]}},
            set(NULL_DOCS) - DOTTED_NULL - {"a_object_array_no_b_nulls"},
        ),
        (
            {"a": {"$nin": [None, re.compile("^str.*")]}},
            set(NULL_DOCS) - A_NULL - {"a_value_array_no_nulls"},
        ),
        (
            # Arrays without documents give no value for a.b, as for {"a.b": {$ne: null}}.
            {"a.b": {"$exists": False}},
            {
                "no_a",
                "a_empty_subobject",
                "a_null",
                "a_number",
                "a_double_array",
                "a_empty_array",
                "a_value_array_all_nulls",
                "a_value_array_no_nulls",
                "a_value_array_with_null",
            },
        ),
        (
            {"a": {"$elemMatch": {"$eq": None}}},
            {"a_value_array_all_nulls", "a_value_array_with_null"},
        ),
        (
            {"a": {"$elemMatch": {"$ne": None}}},
            {
                "a_double_array",
                "a_object_array_all_b_nulls",
                "a_object_array_no_b_nulls",
                "a_object_array_some_b_nulls",
                "a_object_array_some_b_missing",
                "a_value_array_no_nulls",
                "a_value_array_with_null",
            },
        ),
        (
            # An array element is read as a document {"0": ...}, so [[]] has no `b`.
            {"a": {"$elemMatch": {"b": {"$eq": None}}}},
            {
                "a_double_array",
                "a_object_array_all_b_nulls",
                "a_object_array_some_b_nulls",
                "a_object_array_some_b_missing",
            },
        ),
        (
            {"a": {"$elemMatch": {"b": {"$ne": None}}}},
            {
                "a_object_array_no_b_nulls",
                "a_object_array_some_b_nulls",
                "a_object_array_some_b_missing",
            },
        ),
        ({"a.b": {"$elemMatch": {"$eq": None}}}, set()),
    ],
)
def test_null_queries_match_missing_and_null_as_mongodb_does(filter_, expected):
    assert matching(filter_, NULL_DOCS) == expected


@pytest.mark.parametrize(
    "doc, expected",
    [
        ({"a": [{"b": 5}]}, False),
        ({"a": [{}]}, True),
        ({"a": []}, False),
        ({"a": [{}, {"b": 5}]}, True),
        ({"a": [5, {"b": 5}]}, False),  # a scalar element gives no value for a.b
    ],
)
def test_dotted_null_looks_only_into_documents_in_arrays(doc, expected):  # null2.js
    assert matches({"a.b": None}, doc) is expected
    assert matches({"a.b": {"$in": [None]}}, doc) is expected


def test_a_position_that_misses_inside_a_document_counts_as_missing():
    # Surprising but what MongoDB's path iterator does (path_test.cpp ArrayIndexNested1): for
    # "a.0.b" each array document is also searched for a field "0", which it lacks.
    assert matches({"a.0.b": None}, {"a": [{"b": 1}]})


# --- comparison operators and type brackets ---------------------------------------------------

MIN_MAX_DOCS: dict[str, dict[str, Any]] = {
    "a_max_key": {"a": MaxKey()},
    "a_min_key": {"a": MinKey()},
    "a_null": {"a": None},
    "a_number": {"a": 4},
    "a_subobject": {"a": {"b": "hi"}},
    "a_string": {"a": "hello"},
}
ALL_MIN_MAX = set(MIN_MAX_DOCS)


@pytest.mark.parametrize(
    "filter_, expected",
    [
        ({"a": {"$eq": MinKey()}}, {"a_min_key"}),
        ({"a": {"$gt": MinKey()}}, ALL_MIN_MAX - {"a_min_key"}),
        ({"a": {"$gte": MinKey()}}, ALL_MIN_MAX),
        ({"a": {"$lt": MinKey()}}, set()),
        ({"a": {"$lte": MinKey()}}, {"a_min_key"}),
        ({"a": {"$eq": MaxKey()}}, {"a_max_key"}),
        ({"a": {"$gt": MaxKey()}}, set()),
        ({"a": {"$gte": MaxKey()}}, {"a_max_key"}),
        ({"a": {"$lt": MaxKey()}}, ALL_MIN_MAX - {"a_max_key"}),
        ({"a": {"$lte": MaxKey()}}, ALL_MIN_MAX),
        ({"a": {"$gt": 3}}, {"a_number"}),  # type bracketing keeps MinKey/MaxKey out
        ({"a": {"$lt": 3}}, set()),
        ({"a": {"$gt": "best"}}, {"a_string"}),
    ],
)
def test_min_and_max_key_compare_against_every_type(filter_, expected):  # min_max_key.js
    assert matching(filter_, MIN_MAX_DOCS) == expected


def test_min_and_max_key_bounds_also_match_a_missing_field():
    # Missing has its own type, which sorts above MinKey and below MaxKey.
    assert matches({"a": {"$gt": MinKey()}}, {})
    assert matches({"a": {"$lt": MaxKey()}}, {})


@pytest.mark.parametrize(
    "filter_, doc, expected",
    [
        ({"a": {"$gt": 5}}, {"a": "10"}, False),
        ({"a": {"$gt": "5"}}, {"a": 10}, False),
        ({"a": {"$gt": 5}}, {"a": 5.5}, True),
        ({"a": {"$gt": 5}}, {"a": Decimal128("5.01")}, True),
        ({"a": {"$gte": 5}}, {"a": Int64(5)}, True),
        ({"a": {"$lt": 5}}, {"a": None}, False),
        ({"a": {"$lt": 5}}, {}, False),
        ({"a": {"$gt": 5}}, {"a": [1, 7]}, True),  # any element
        ({"a": {"$gt": 5, "$lt": 7}}, {"a": [1, 8]}, True),  # ...each bound by any element
        ({"a": {"$gt": 5}}, {"a": [[7]]}, False),  # nested arrays are not expanded
        ({"a": {"$gt": [1]}}, {"a": [2]}, True),  # array operand: whole-array comparison
        ({"a": {"$gt": [1, 2]}}, {"a": [1, 2]}, False),
        ({"a": {"$lt": "b"}}, {"a": "B"}, True),  # binary string order, "B" < "b"
        ({"a": {"$gt": {"x": 1}}}, {"a": {"x": 2}}, True),
        ({"a": {"$gt": {"x": 1}}}, {"a": 5}, False),
        ({"a": {"$lt": 5}}, {"a": float("nan")}, False),  # NaN is neither below nor above
        ({"a": {"$gt": float("nan")}}, {"a": 5}, False),
        ({"a": {"$gte": float("nan")}}, {"a": float("nan")}, True),
        ({"a": {"$lt": True}}, {"a": False}, True),
        ({"a": {"$lt": True}}, {"a": 0}, False),
        (
            {"t": {"$gte": datetime(2024, 1, 1, tzinfo=UTC)}},
            {"t": datetime(2024, 6, 1, tzinfo=UTC)},
            True,
        ),
        ({"t": {"$gte": datetime(2024, 1, 1, tzinfo=UTC)}}, {"t": "2025-01-01"}, False),
    ],
)
def test_comparisons_stay_within_a_type_bracket(filter_, doc, expected):
    assert matches(filter_, doc) is expected


# --- negations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "positive, negative",
    [
        ({"a": {"$eq": 1}}, {"a": {"$ne": 1}}),
        ({"a": {"$in": [1, "x"]}}, {"a": {"$nin": [1, "x"]}}),
        ({"a": {"$gt": 1}}, {"a": {"$not": {"$gt": 1}}}),
        ({"a": re.compile("^x")}, {"a": {"$not": re.compile("^x")}}),
        ({"a.b": {"$exists": True}}, {"a.b": {"$exists": False}}),
        ({"$or": [{"a": 1}, {"b": 2}]}, {"$nor": [{"a": 1}, {"b": 2}]}),
    ],
)
@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"a": 1},
        {"a": [1, 2]},
        {"a": [2, 3]},
        {"a": "xy"},
        {"a": None},
        {"b": 2},
        {"a": {"b": 1}},
        {"a": [{"b": 1}, {"c": 1}]},
        {"a": [1]},
        {"a": []},
    ],
)
def test_negations_are_exact_complements(positive, negative, doc):
    assert matches(negative, doc) is not matches(positive, doc)


def test_ne_matches_documents_missing_the_field():
    assert matches({"a": {"$ne": 1}}, {})


def test_ne_rejects_an_array_containing_the_value():
    assert not matches({"a": {"$ne": 1}}, {"a": [1, 2]})


# --- $in, $regex, $exists ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "filter_, doc, expected",
    [
        ({"a": {"$in": [1, 2]}}, {"a": 2.0}, True),
        ({"a": {"$in": [1, 2]}}, {"a": [5, 2]}, True),
        ({"a": {"$in": [[5, 2]]}}, {"a": [5, 2]}, True),
        ({"a": {"$in": []}}, {"a": 1}, False),
        ({"a": {"$in": [None]}}, {}, True),
        ({"a": {"$in": [re.compile("^ab")]}}, {"a": "abc"}, True),
        ({"a": {"$in": [Regex("^AB", "i"), 7]}}, {"a": ["zz", "abc"]}, True),
        ({"a": {"$in": [re.compile("^1")]}}, {"a": 12}, False),  # regexes only match strings
        ({"a": {"$in": [{"b": 1}]}}, {"a": {"b": 1}}, True),
    ],
)
def test_in_matches_any_listed_value_or_regex(filter_, doc, expected):
    assert matches(filter_, doc) is expected


@pytest.mark.parametrize(
    "filter_, doc, expected",
    [
        ({"name": {"$regex": "abc"}}, {"name": "xxabcxx"}, True),  # a search, not a full match
        ({"name": {"$regex": "^abc"}}, {"name": "xabc"}, False),
        ({"name": {"$regex": "ABC", "$options": "i"}}, {"name": "abc"}, True),
        ({"name": {"$regex": "^b", "$options": "m"}}, {"name": "a\nb"}, True),
        ({"name": {"$regex": "^b"}}, {"name": "a\nb"}, False),
        ({"name": {"$regex": "a.b", "$options": "s"}}, {"name": "a\nb"}, True),
        ({"name": {"$regex": "a b # comment", "$options": "x"}}, {"name": "ab"}, True),
        ({"name": {"$regex": "abc", "$options": "u"}}, {"name": "abc"}, True),
        ({"name": {"$regex": Regex("ABC")}}, {"name": "abc"}, False),
        ({"name": {"$regex": Regex("ABC"), "$options": "i"}}, {"name": "abc"}, True),
        ({"name": {"$regex": re.compile("ABC", re.I)}}, {"name": "abc"}, True),
        ({"name": Regex("^ab", "i")}, {"name": "ABc"}, True),
        ({"name": re.compile("^ab")}, {"name": ["zz", "abc"]}, True),  # strings in arrays
        ({"name": re.compile("1")}, {"name": 1}, False),
        ({"name": re.compile("x")}, {}, False),
        ({"name": re.compile("b")}, {"name": {"x": "b"}}, False),
        ({"name": {"$regex": "É", "$options": "i"}}, {"name": "é"}, True),  # Unicode case folding
        ({"name": Regex("x", "i")}, {"name": Regex("x", "i")}, True),  # a stored regex
        ({"name": {"$regex": "^a", "$ne": "abc"}}, {"name": "abc"}, False),
        ({"name": {"$regex": "^a", "$ne": "abc"}}, {"name": "abd"}, True),
    ],
)
def test_regex_searches_strings_with_mongodb_options(filter_, doc, expected):
    assert matches(filter_, doc) is expected


@pytest.mark.parametrize("operand", [True, 1, -1, 0.5, "", "no", {}, [], Decimal128("1")])
def test_exists_takes_any_truthy_operand_as_true(operand):
    assert matches({"a": {"$exists": operand}}, {"a": None})
    assert not matches({"a": {"$exists": operand}}, {})


@pytest.mark.parametrize("operand", [False, 0, 0.0, None, Decimal128("0"), Int64(0)])
def test_exists_takes_any_falsy_operand_as_false(operand):
    assert matches({"a": {"$exists": operand}}, {})
    assert not matches({"a": {"$exists": operand}}, {"a": None})


@pytest.mark.parametrize(
    "path, doc, expected",
    [
        ("a.b", {"a": [{"c": 1}, {"b": None}]}, True),
        ("a.b", {"a": [{"c": 1}]}, False),
        ("a.b", {"a": [1, 2]}, False),
        ("a.1", {"a": [1, 2]}, True),
        ("a.2", {"a": [1, 2]}, False),
        ("a", {"a": []}, True),
        ("a.1", {"a": [{"1": {"foo": 4}}, {}]}, True),  # array_match2.js
        ("a.1.foo", {"a": [{"1": {"foo": 4}}, {}]}, True),
    ],
)
def test_exists_follows_dot_paths_through_arrays(path, doc, expected):
    assert matches({path: {"$exists": True}}, doc) is expected


# --- $all, $size, $elemMatch ---------------------------------------------------------------


@pytest.mark.parametrize(
    "filter_, doc, expected",
    [
        ({"tags": {"$all": ["a", "b"]}}, {"tags": ["b", "c", "a"]}, True),
        ({"tags": {"$all": ["a", "b"]}}, {"tags": ["a", "c"]}, False),
        ({"tags": {"$all": ["a"]}}, {"tags": "a"}, True),  # like {tags: "a"}
        ({"tags": {"$all": []}}, {"tags": []}, False),  # an empty $all matches nothing
        ({"tags": {"$all": [["a", "b"]]}}, {"tags": ["a", "b"]}, True),  # the manual's nesting
        ({"tags": {"$all": [["a", "b"]]}}, {"tags": [["a", "b"], "c"]}, True),
        ({"tags": {"$all": [re.compile("^a"), "b"]}}, {"tags": ["axe", "b"]}, True),
        (
            {
                "qty": {
                    "$all": [
                        {"$elemMatch": {"size": "M", "num": {"$gt": 50}}},
                        {"$elemMatch": {"num": 100, "color": "green"}},
                    ]
                }
            },
            {"qty": [{"size": "M", "num": 100, "color": "green"}]},
            True,
        ),
        (
            {
                "qty": {
                    "$all": [
                        {"$elemMatch": {"size": "M", "num": {"$gt": 50}}},
                        {"$elemMatch": {"num": 100, "color": "green"}},
                    ]
                }
            },
            {"qty": [{"size": "M", "num": 60}, {"num": 100, "color": "blue"}]},
            False,
        ),
        ({"a": {"$size": 2}}, {"a": [1, [2, 3]]}, True),
        ({"a": {"$size": 2}}, {"a": [[1, 2]]}, False),  # leaf arrays are not expanded
        ({"a": {"$size": 0}}, {"a": []}, True),
        ({"a": {"$size": 0}}, {"a": {}}, False),
        ({"a": {"$size": 0}}, {}, False),
        ({"a": {"$size": 2.0}}, {"a": [1, 2]}, True),
        ({"a.b": {"$size": 2}}, {"a": [{"b": [1, 2]}, {"b": 3}]}, True),
        ({"a": {"$elemMatch": {"$gte": 80, "$lt": 85}}}, {"a": [82, 90]}, True),
        ({"a": {"$elemMatch": {"$gte": 80, "$lt": 85}}}, {"a": [70, 90]}, False),
        ({"a": {"$gte": 80, "$lt": 85}}, {"a": [70, 90]}, True),  # without $elemMatch
        ({"a": {"$elemMatch": {"$gt": 5}}}, {"a": 7}, False),  # needs an array
        ({"a": {"$elemMatch": {"$gt": 5}}}, {"a": [[7]]}, False),
        ({"a": {"$elemMatch": {"$elemMatch": {"$gt": 5}}}}, {"a": [[7]]}, True),
        (
            {"results": {"$elemMatch": {"product": "xyz", "score": {"$gte": 8}}}},
            {"results": [{"product": "abc", "score": 10}, {"product": "xyz", "score": 5}]},
            False,
        ),
        (
            {"results": {"$elemMatch": {"product": "xyz", "score": {"$gte": 8}}}},
            {"results": [{"product": "abc", "score": 10}, {"product": "xyz", "score": 9}]},
            True,
        ),
        (
            {"r": {"$elemMatch": {"$or": [{"x": 1}, {"y": 2}], "z": {"$exists": False}}}},
            {"r": [{"x": 1, "z": 0}, {"y": 2}]},
            True,
        ),
        ({"r": {"$elemMatch": {"$and": [{"x": 1}]}}}, {"r": [{"x": [1]}]}, True),
        ({"r": {"$elemMatch": {}}}, {"r": [1, {"x": 1}]}, True),  # any document element
        ({"r": {"$elemMatch": {}}}, {"r": [1, 2]}, False),
        ({"r": {"$elemMatch": {"0": 5}}}, {"r": [[5]]}, True),  # arrays read as {"0": ...}
        ({"r": {"$elemMatch": {"$not": {"$gt": 5}}}}, {"r": [9, 3]}, True),
        ({"r": {"$elemMatch": {"$in": [3, 4]}}}, {"r": [9, 3]}, True),
        ({"r": {"$elemMatch": {"$regex": "^a"}}}, {"r": ["b", "ab"]}, True),
        ({"a.b": {"$elemMatch": {"$eq": 2}}}, {"a": [{"b": [1, 2]}]}, True),
    ],
)
def test_array_operators_match_like_mongodb(filter_, doc, expected):
    assert matches(filter_, doc) is expected


# --- logical operators ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "filter_, doc, expected",
    [
        ({}, {"anything": 1}, True),
        ({"a": 1, "b": 2}, {"a": 1, "b": 2}, True),
        ({"a": 1, "b": 2}, {"a": 1, "b": 3}, False),
        ({"$and": [{"a": {"$gt": 1}}, {"a": {"$lt": 3}}]}, {"a": 2}, True),
        ({"$or": [{"a": 1}, {"b": 1}]}, {"b": 1}, True),
        ({"$or": [{"a": 1}, {"b": 1}]}, {"c": 1}, False),
        ({"$nor": [{"a": 1}, {"b": 1}]}, {"c": 1}, True),
        ({"$nor": [{"a": 1}]}, {"a": [0, 1]}, False),
        (
            {"$and": [{"$or": [{"a": 1}, {"a": 2}]}, {"$nor": [{"b": {"$exists": True}}]}]},
            {"a": 2},
            True,
        ),
        ({"$or": [{"$and": [{"a": 1}, {"b": 1}]}, {"c": {"$in": [5]}}], "d": None}, {"c": 5}, True),
    ],
)
def test_logical_operators_nest_arbitrarily(filter_, doc, expected):
    assert matches(filter_, doc) is expected


def test_a_compiled_filter_can_be_reused_for_many_documents():
    predicate = compile_filter({"status": {"$in": ["FINISHED", "ERROR"]}, "used.x": {"$gte": 2}})
    statuses = ["FINISHED", "ERROR", "RUNNING"] * 3
    docs = [{"status": s, "used": {"x": i}} for i, s in enumerate(statuses)]
    assert [i for i, d in enumerate(docs) if predicate(d)] == [3, 4, 6, 7]


# --- malformed operands ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "filter_",
    [
        {"a": {"$in": 1}},
        {"a": {"$nin": "x"}},
        {"a": {"$in": [{"$gt": 1}]}},
        {"a": {"$all": 1}},
        {"a": {"$all": [{"$elemMatch": {"b": 1}}, 2]}},
        {"a": {"$all": [1, {"$gt": 1}]}},
        {"a": {"$size": -1}},
        {"a": {"$size": 1.5}},
        {"a": {"$size": "1"}},
        {"a": {"$size": True}},
        {"a": {"$size": None}},
        {"a": {"$not": 1}},
        {"a": {"$not": {}}},
        {"a": {"$not": {"b": 1}}},
        {"a": {"$regex": "("}},
        {"a": {"$regex": 5}},
        {"a": {"$regex": "x", "$options": "q"}},
        {"a": {"$regex": "x", "$options": 1}},
        {"a": {"$regex": Regex("x", "i"), "$options": "m"}},
        {"a": {"$options": "i"}},
        {"a": {"$ne": Regex("x")}},
        {"a": {"$elemMatch": 1}},
        {"a": {"$elemMatch": {"$gt": 1, "b": 2}}},
        {"a": {"$gt": 1, "b": 2}},
        {"a": {"$and": [{"b": 1}]}},
        {"$and": []},
        {"$or": {"a": 1}},
        {"$nor": [1]},
        {"$not": {"a": 1}},
        {"$where": "1"},
        {"a": {"$where": "1"}},
    ],
)
def test_malformed_operands_raise_value_error(filter_):
    with pytest.raises(ValueError):
        compile_filter(filter_)


# --- cross-check with mongomock where it is faithful -----------------------------------------

CORPUS: list[dict[str, Any]] = [
    {"a": 1},
    {"a": 1.0},
    {"a": Int64(2)},
    {"a": "10"},
    {"a": None},
    {},
    {"a": [1, 2]},
    {"a": []},
    {"a": [None]},
    {"a": {"b": 1}},
    {"a": {"b": None}},
    {"a": {}},
    {"a": [{"b": 1}, {"b": 2}]},
    {"a": [{"b": [1, 2]}]},
    {"a": [{}, {"b": 5}]},
    {"a": [5, {"b": 5}]},
    {"a": [{"c": 1}]},
    {"a": "abc"},
    {"a": ["xAbc", 3]},
    {"a": datetime(2024, 1, 1, tzinfo=UTC)},
    {"a": [{"b": 1, "c": 2}, {"b": 2, "c": 1}]},
    {"a": {"b": {"c": 3}}},
    {"a": [{"product": "xyz", "score": 10}, {"product": "a", "score": 5}]},
    {"a": [82, 90]},
    {"a": [70, 86]},
    {"a": [1, "x", None]},
    {"a": [[1, 2]]},
]
FAITHFUL_FILTERS: list[dict[str, Any]] = [
    {"a": 1},
    {"a": None},
    {"a": {"$eq": None}},
    {"a": {"$ne": None}},
    {"a": {"$ne": 1}},
    {"a": {"$gt": 1}},
    {"a": {"$gte": 1}},
    {"a": {"$lt": 2}},
    {"a": {"$gt": "1"}},
    {"a": {"$gt": None}},
    {"a": {"$in": [1, None]}},
    {"a": {"$nin": [1, None]}},
    {"a": {"$exists": True}},
    {"a": {"$exists": False}},
    {"a.b": {"$exists": True}},
    {"a.b": 1},
    {"a.b": {"$gt": 1}},
    {"a.b": {"$lt": 2}},
    {"a.0.b": 1},
    {"a.b.c": 3},
    {"a": [1, 2]},
    {"a": {"b": 1}},
    {"a": {"$size": 2}},
    {"a.b": {"$size": 2}},
    {"a": {"$all": [1, 2]}},
    {"a": {"$elemMatch": {"$gte": 80, "$lt": 85}}},
    {"a": {"$elemMatch": {"product": "xyz", "score": {"$gte": 8}}}},
    {"a": {"$elemMatch": {"$ne": None}}},
    {"a": {"$elemMatch": {"$eq": None}}},
    {"a": {"$all": [{"$elemMatch": {"b": 1}}, {"$elemMatch": {"b": 2}}]}},
    {"a": {"$not": {"$gt": 1}}},
    {"a": {"$not": re.compile("b")}},
    {"a": {"$regex": "b"}},
    {"a": {"$regex": "^xa", "$options": "i"}},
    {"a": re.compile("abc")},
    {"a": {"$in": [re.compile("^x"), 1]}},
    {"$or": [{"a": 1}, {"a.b": 2}]},
    {"$nor": [{"a": 1}, {"a": None}]},
    {"$and": [{"a": {"$exists": True}}, {"a": {"$ne": 1}}]},
]


@pytest.fixture(scope="module")
def mongomock_collection() -> Any:
    collection = mongomock.MongoClient().db.corpus
    collection.insert_many([dict(doc, _id=i) for i, doc in enumerate(CORPUS)])
    return collection


@pytest.mark.parametrize("filter_", FAITHFUL_FILTERS)
def test_matches_agree_with_mongomock_where_it_is_faithful(filter_, mongomock_collection):
    expected = sorted(doc["_id"] for doc in mongomock_collection.find(filter_))
    predicate = compile_filter(filter_)
    assert [i for i, doc in enumerate(CORPUS) if predicate(doc)] == expected


# Where mongomock 4.3 disagrees with MongoDB; these expectations are MongoDB's.
MONGOMOCK_DIFFERS = [
    ({"a": 1}, {"a": True}, False),  # mongomock treats True as 1
    ({"a.b": None}, {"a": 4}, True),  # null_query_semantics.js: scalar `a` has no `b`
    ({"a.b": {"$exists": False}}, {"a": [{}, {"b": 5}]}, False),  # one element has `b`
    ({"a.0": 7}, {"a": [{"0": 7}, 8]}, True),  # a field named "0" inside the array
    ({"a.0": 1}, {"a": [[1, 2]]}, False),  # path_test.cpp ArrayIndex2: no expansion
    ({"a": {"$size": 0}}, {"a": {}}, False),  # $size only counts arrays
    ({"a": {"$all": []}}, {"a": [1]}, False),  # an empty $all matches nothing
    ({"a": {"$gte": None}}, {}, True),  # missing compares equal to null
    ({"a": {"$elemMatch": {"b": 1}}}, {"a": [[{"b": 1}]]}, False),  # [[...]] reads as {"0": ...}
    ({"a": {"$all": [[1, 2]]}}, {"a": [1, 2]}, True),  # the manual's nested-array $all
]


@pytest.mark.parametrize("filter_, doc, expected", MONGOMOCK_DIFFERS)
def test_matches_follow_mongodb_where_mongomock_differs(filter_, doc, expected):
    assert matches(filter_, doc) is expected


# --- values, sort values and sorting -------------------------------------------------------


def test_get_values_reaches_through_arrays_of_documents():
    doc = {"a": [{"b": [1, 2]}, {"b": 3}, {"c": 4}, 5]}
    assert get_values(doc, "a.b") == [[1, 2], 3]
    assert get_values(doc, "a.b", expand_arrays=True) == [1, 2, 3]
    assert get_values(doc, "a.0.b") == [[1, 2]]
    assert get_values(doc, "x") == []
    assert get_values({"a": None}, "a") == [None]


@pytest.mark.parametrize(
    "doc, path, ascending, descending",
    [
        ({"a": 2}, "a", 2, 2),
        ({}, "a", MISSING, MISSING),
        ({"a": None}, "a", None, None),
        ({"a": [3, 1, 2]}, "a", 1, 3),
        ({"a": [3, "x", None]}, "a", None, "x"),  # by BSON order across types
        ({"a": [[5], 1]}, "a", 1, [5]),  # nested arrays are compared whole
        ({"a": []}, "a", UNDEFINED, UNDEFINED),  # an empty array sorts below null
        ({"a": [{"b": 5}, {"b": 1}]}, "a.b", 1, 5),
        ({"a": [{"b": 5}, {"c": 1}]}, "a.b", MISSING, 5),  # an element without `b` gives null
        ({"a": [{"b": [4, 9]}, {"b": 6}]}, "a.b", 4, 9),
        ({"a": [{"b": []}]}, "a.b", UNDEFINED, UNDEFINED),
        ({"a": []}, "a.b", MISSING, MISSING),
        ({"a": {"b": 3}}, "a.b", 3, 3),
        ({"a": 3}, "a.b", MISSING, MISSING),
        ({"a": [7, 8]}, "a.1", 8, 8),  # a position picks one element
        ({"a": [[1, 2], 8]}, "a.0", [1, 2], [1, 2]),  # ...and does not expand it
    ],
)
def test_sort_value_is_what_mongodb_sorts_by(doc, path, ascending, descending):
    assert sort_value(doc, path, descending=False) == ascending
    assert sort_value(doc, path, descending=True) == descending


def test_ascending_sort_puts_empty_arrays_then_nulls_first():
    docs = [
        {"n": 0, "a": 2},
        {"n": 1, "a": [3, 1]},
        {"n": 2, "a": None},
        {"n": 3},
        {"n": 4, "a": []},
        {"n": 5, "a": "x"},
        {"n": 6, "a": {"k": 1}},
        {"n": 7, "a": 1.5},
    ]
    ordered = sort_documents(docs, [("a", 1)])
    assert [d["n"] for d in ordered] == [4, 2, 3, 1, 7, 0, 5, 6]


def test_descending_sort_uses_the_largest_array_element():
    docs = [
        {"n": 0, "a": 2},
        {"n": 1, "a": [3, 1]},
        {"n": 2, "a": None},
        {"n": 3},
        {"n": 4, "a": []},
        {"n": 5, "a": "x"},
        {"n": 6, "a": 1.5},
    ]
    ordered = sort_documents(docs, [("a", -1)])
    assert [d["n"] for d in ordered] == [5, 1, 0, 6, 2, 3, 4]  # ties keep their order


def test_sort_by_several_keys_applies_them_in_turn():
    docs = [
        {"n": 0, "wf": "b", "t": datetime(2024, 1, 2, tzinfo=UTC)},
        {"n": 1, "wf": "a", "t": datetime(2024, 1, 1, tzinfo=UTC)},
        {"n": 2, "wf": "b", "t": datetime(2024, 1, 3, tzinfo=UTC)},
        {"n": 3, "wf": "a", "t": datetime(2024, 1, 5, tzinfo=UTC)},
        {"n": 4, "wf": "a"},
    ]
    ordered = sort_documents(docs, [("wf", 1), ("t", -1)])
    assert [d["n"] for d in ordered] == [3, 1, 4, 2, 0]


def test_sort_keeps_the_input_order_of_ties_and_leaves_the_input_alone():
    docs = [{"n": i, "k": i % 2} for i in range(6)]
    assert [d["n"] for d in sort_documents(docs, [("k", -1)])] == [1, 3, 5, 0, 2, 4]
    assert [d["n"] for d in docs] == list(range(6))


def test_sort_numbers_across_numeric_types():
    docs = [{"v": Decimal128("2.5")}, {"v": Int64(3)}, {"v": 1}, {"v": 2.0}, {"v": float("nan")}]
    assert [d["v"] for d in sort_documents(docs, [("v", 1)])][1:] == [1, 2.0, Decimal128("2.5"), 3]


def test_sort_rejects_directions_other_than_one_and_minus_one():
    with pytest.raises(ValueError):
        sort_documents([{}], [("a", 0)])
