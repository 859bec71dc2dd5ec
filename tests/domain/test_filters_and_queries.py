"""Domain rules of the query language, checked without HTTP or a store."""

from datetime import datetime, timezone

import pytest
from bson import ObjectId
from pydantic import ValidationError

from flowcept.domain.collections import ObjectKind
from flowcept.domain.errors import InvalidQuery, UnsupportedOperator
from flowcept.domain.filters import all_of, decode_filter, parse_filter_json
from flowcept.domain.query import Query


@pytest.mark.parametrize(
    "operator", ["$where", "$expr", "$function", "$accumulator", "$jsonSchema", "$text", "$mod"]
)
def test_operators_outside_the_allowlist_are_rejected_at_any_depth(operator):
    nested = {"$or": [{"a": 1}, {"b": {"$elemMatch": {"c": {operator: 1}}}}]}
    with pytest.raises(UnsupportedOperator) as error:
        decode_filter(nested)
    assert error.value.detail == f"Unsupported filter operator: {operator}"


def test_extended_json_values_become_bson_values():
    decoded = decode_filter(
        {
            "timestamp": {"$gte": {"$date": "2024-02-08T20:06:28.267Z"}},
            "_id": {"$oid": "65c5340c8742cbf9f72b8b76"},
            "started_at": {"$lt": {"$numberLong": "1674603140215"}},
        }
    )
    assert decoded["timestamp"]["$gte"] == datetime(2024, 2, 8, 20, 6, 28, 267000, timezone.utc)
    assert decoded["_id"] == ObjectId("65c5340c8742cbf9f72b8b76")
    assert decoded["started_at"]["$lt"] == 1674603140215


def test_regex_operators_stay_operator_documents():
    decoded = decode_filter({"name": {"$regex": "^a", "$options": "i"}})
    value = decoded["name"]
    assert value == {"$regex": "^a", "$options": "i"}


def test_a_bad_extended_json_value_is_an_invalid_query():
    with pytest.raises(InvalidQuery, match="Invalid Extended JSON value"):
        decode_filter({"t": {"$date": "not a date"}})


@pytest.mark.parametrize("text", ["[]", "3", '"x"', "null"])
def test_filter_json_must_be_an_object(text):
    with pytest.raises(InvalidQuery, match="filter_json must be a JSON object"):
        parse_filter_json(text)


def test_top_level_field_operators_are_rejected():
    with pytest.raises(InvalidQuery, match=r"\$in cannot be used at the top level"):
        decode_filter({"$in": [1]})


def test_all_of_drops_empty_filters_and_nests_the_rest():
    assert all_of({}, {"a": 1}) == {"a": 1}
    assert all_of({"a": 1}, {}, {"b": 2}) == {"$and": [{"a": 1}, {"b": 2}]}
    assert all_of() == {}


def test_dataset_scope_matches_either_label_field():
    assert ObjectKind.DATASET.scope_filter() == {
        "$or": [{"type": "dataset"}, {"object_type": "dataset"}]
    }


def test_query_defaults_and_bounds():
    assert Query().limit == 100
    with pytest.raises(ValidationError):
        Query.model_validate({"limit": 1001})
    with pytest.raises(ValidationError):
        Query.model_validate({"sort": [{"field": "", "order": 1}]})


def test_aggregation_allows_one_group_key_only():
    rule = "projection may name at most one field"
    with pytest.raises(InvalidQuery, match=rule):
        Query.model_validate(
            {"projection": ["a", "b"], "aggregation": [{"operator": "avg", "field": "x"}]}
        ).checked()
    query = Query.model_validate(
        {"projection": ["activity_id"], "aggregation": [{"operator": "avg", "field": "x.y"}]}
    ).checked()
    assert query.group_key == "activity_id"
    assert query.aggregation is not None and query.aggregation[0].output_name == "avg_x_y"


def test_colliding_projection_paths_are_rejected():
    with pytest.raises(InvalidQuery, match="Projection paths collide"):
        Query.model_validate({"projection": ["used", "used.lr"]}).checked()


def test_regex_operator_documents_keep_their_sibling_operators():
    decoded = decode_filter({"name": {"$regex": "^a", "$options": "i", "$ne": "abc"}})
    assert decoded == {"name": {"$regex": "^a", "$options": "i", "$ne": "abc"}}
    from_json = parse_filter_json('{"name": {"$ne": "abc", "$regex": "^a"}}')
    assert from_json == {"name": {"$ne": "abc", "$regex": "^a"}}


def test_decoding_is_idempotent_for_already_decoded_values():
    once = decode_filter({"t": {"$gte": {"$date": "2024-01-01T00:00:00Z"}}, "r": {"$regex": "x"}})
    assert decode_filter(once) == once
