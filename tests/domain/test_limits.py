"""Size limits on filters and query bodies, checked without HTTP or a store."""

import json

import pytest
from pydantic import ValidationError

from flowcept.domain.errors import InvalidQuery
from flowcept.domain.filters import all_of, check_limits, decode_filter, parse_filter_json
from flowcept.domain.limits import (
    MAX_FILTER_DEPTH,
    MAX_FILTER_NODES,
    MAX_LIST_VALUES,
    MAX_PATH_LENGTH,
    MAX_PROJECTION_FIELDS,
    MAX_REGEX_LENGTH,
    MAX_SORT_KEYS,
)
from flowcept.domain.query import Query


def nested(levels: int) -> dict:
    """A filter whose documents nest `levels` deep: {"x": {"x": ... {"a": 1}}}."""
    filter_: dict = {"a": 1}
    for _ in range(levels - 1):
        filter_ = {"x": filter_}
    return filter_


def test_a_filter_at_the_depth_limit_passes_and_one_deeper_is_named():
    decode_filter(nested(MAX_FILTER_DEPTH))
    with pytest.raises(InvalidQuery) as error:
        decode_filter(nested(MAX_FILTER_DEPTH + 1))
    assert error.value.detail == (
        f"filter is nested {MAX_FILTER_DEPTH + 1} levels deep; the limit is {MAX_FILTER_DEPTH}"
    )


def test_arrays_count_as_levels():
    # {"$or": [{...}]}: the $or document is one level, its array a second, the clause a third.
    at_limit = {"$or": [nested(MAX_FILTER_DEPTH - 2)]}
    decode_filter(at_limit)
    with pytest.raises(InvalidQuery, match=f"nested {MAX_FILTER_DEPTH + 1} levels"):
        decode_filter({"x": at_limit})


def test_an_outermost_and_is_no_level_so_combining_filters_never_deepens_them():
    deepest = nested(MAX_FILTER_DEPTH)
    decode_filter({"$and": [deepest]})
    decode_filter(all_of({"workflow_id": "wf"}, {"$and": [deepest, {"b": 1}]}))
    with pytest.raises(InvalidQuery, match="nested 22 levels"):
        decode_filter({"$and": [deepest], "b": 1})  # not only an $and: it counts


def test_a_filter_nested_thousands_deep_is_measured_not_a_crash():
    text = '{"x": ' * 950 + "1" + "}" * 950
    with pytest.raises(InvalidQuery) as error:
        parse_filter_json(text)
    assert (
        error.value.detail
        == f"filter_json is nested 950 levels deep; the limit is {MAX_FILTER_DEPTH}"
    )


def test_every_document_array_and_value_is_a_node():
    check_limits({"a": [1, 2], "b": {"c": None}})  # 1 + (1 + 2) + (1 + 1) = 6 nodes
    clauses = [{"a": n} for n in range(MAX_FILTER_NODES // 2)]  # 2 nodes each, + $or and array
    with pytest.raises(InvalidQuery) as error:
        decode_filter({"$or": clauses})
    assert error.value.detail == (
        f"filter has {MAX_FILTER_NODES + 2} nodes (documents, arrays and values); "
        f"the limit is {MAX_FILTER_NODES}"
    )


@pytest.mark.parametrize("operator", ["$in", "$nin", "$all"])
def test_list_operators_hold_at_most_the_limit_of_values(operator):
    decode_filter({"status": {operator: ["x"] * MAX_LIST_VALUES}})
    with pytest.raises(InvalidQuery) as error:
        decode_filter({"status": {operator: ["x"] * (MAX_LIST_VALUES + 1)}})
    assert error.value.detail == (
        f"{operator} on status has {MAX_LIST_VALUES + 1} values; the limit is {MAX_LIST_VALUES}"
    )


def test_list_limits_apply_inside_not_and_elem_match():
    too_many = list(range(MAX_LIST_VALUES + 1))
    with pytest.raises(InvalidQuery, match=r"\$nin on tags has 1001 values"):
        decode_filter({"tags": {"$elemMatch": {"$not": {"$nin": too_many}}}})


@pytest.mark.parametrize(
    "filter_",
    [
        {"name": {"$regex": "a" * (MAX_REGEX_LENGTH + 1)}},
        {"name": {"$not": {"$regex": "a" * (MAX_REGEX_LENGTH + 1)}}},
        {"name": {"$regularExpression": {"pattern": "a" * (MAX_REGEX_LENGTH + 1), "options": ""}}},
        {"name": {"$in": [{"$regularExpression": {"pattern": "a" * 1001, "options": "i"}}]}},
    ],
)
def test_regular_expressions_longer_than_the_limit_are_named(filter_):
    with pytest.raises(InvalidQuery) as error:
        decode_filter(filter_)
    assert error.value.detail == (
        f"regular expression on name is {MAX_REGEX_LENGTH + 1} characters long; "
        f"the limit is {MAX_REGEX_LENGTH}"
    )


def test_a_regex_at_the_length_limit_passes():
    decode_filter({"name": {"$regex": "a" * MAX_REGEX_LENGTH, "$options": "imsxu"}})


@pytest.mark.parametrize("options", ["g", "l", "iy", "I"])
def test_only_the_flags_mongodb_accepts_are_allowed(options):
    with pytest.raises(InvalidQuery, match=r"\$options may only hold the flags imsux"):
        decode_filter({"name": {"$regex": "a", "$options": options}})
    with pytest.raises(InvalidQuery, match="options may only hold the flags imsux"):
        decode_filter({"name": {"$regularExpression": {"pattern": "a", "options": options}}})
    with pytest.raises(InvalidQuery, match="options may only hold the flags imsux"):
        parse_filter_json(json.dumps({"name": {"$regex": "a", "$options": options}}))


def test_field_paths_longer_than_the_limit_are_named():
    decode_filter({"a" * MAX_PATH_LENGTH: 1})
    with pytest.raises(InvalidQuery) as error:
        decode_filter({"used": {"$elemMatch": {"b" * 300: 1}}})
    assert error.value.detail == (
        f"field path {'b' * 40!r}... is 300 characters long; the limit is {MAX_PATH_LENGTH}"
    )


def test_filter_json_is_measured_as_written_before_extended_json_decoding():
    # {"$date": ...} is a document and a value as written, one date once decoded.
    dates = [{"$date": "2024-01-01T00:00:00Z"}] * (MAX_LIST_VALUES + 1)
    with pytest.raises(InvalidQuery, match=r"\$in on started_at has 1001 values"):
        parse_filter_json(json.dumps({"started_at": {"$in": dates}}))


def test_query_bodies_get_the_filter_limits_when_checked():
    with pytest.raises(InvalidQuery, match="filter is nested 21 levels deep"):
        Query.model_validate({"filter": nested(MAX_FILTER_DEPTH + 1)}).checked()


def test_projection_and_sort_lengths_are_part_of_the_body_schema():
    Query.model_validate({"projection": [f"f{n}" for n in range(MAX_PROJECTION_FIELDS)]})
    with pytest.raises(ValidationError, match=f"at most {MAX_PROJECTION_FIELDS} items"):
        Query.model_validate({"projection": [f"f{n}" for n in range(MAX_PROJECTION_FIELDS + 1)]})
    sort = [{"field": f"f{n}", "order": 1} for n in range(MAX_SORT_KEYS + 1)]
    with pytest.raises(ValidationError, match=f"at most {MAX_SORT_KEYS} items"):
        Query.model_validate({"sort": sort})


def test_projection_paths_longer_than_the_limit_are_a_schema_error():
    with pytest.raises(ValidationError, match="projection field is 300 characters long"):
        Query.model_validate({"projection": ["p" * 300]})


def test_all_of_joins_the_clauses_of_a_part_that_is_only_an_and():
    assert all_of({"a": 1}, {"$and": [{"b": 2}, {"c": 3}]}) == {
        "$and": [{"a": 1}, {"b": 2}, {"c": 3}]
    }
    assert all_of({"a": 1}, {"$and": [{"b": 2}], "c": 3}) == {
        "$and": [{"a": 1}, {"$and": [{"b": 2}], "c": 3}]
    }


@pytest.mark.parametrize(
    ("filter_", "detail"),
    [
        ({"used.lr": 2**70}, "used.lr compares with 1180591620717411303424, beyond 64-bit"),
        ({"n": {"$in": [1, -(2**64)]}}, "n compares with -18446744073709551616, beyond 64-bit"),
        ({"a\x00b": 1}, "field path 'a\\x00b' holds a NUL character"),
    ],
)
def test_values_bson_cannot_carry_are_refused_on_every_store(filter_, detail):
    with pytest.raises(InvalidQuery) as error:
        Query(filter=filter_).checked()
    assert detail in error.value.detail
