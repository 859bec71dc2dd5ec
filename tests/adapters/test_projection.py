import copy
import warnings
from typing import Any

import mongomock
import pytest

from flowcept.adapters.memory.projection import project, without

TASK = {
    "_id": "65a0c0ffee",
    "task_id": "t1",
    "used": {"x": 1, "y": 2},
    "status": "FINISHED",
    "telemetry_at_end": {"cpu": {"percent_all": 12.5, "times": [1, 2]}, "memory": {"used": 3}},
    "generated": [{"loss": 0.1, "acc": 0.9}, {"loss": 0.2}],
}


def test_project_keeps_the_nested_structure_of_dot_paths():
    assert project(TASK, ["task_id", "used.x", "telemetry_at_end.cpu.percent_all"]) == {
        "task_id": "t1",
        "used": {"x": 1},
        "telemetry_at_end": {"cpu": {"percent_all": 12.5}},
    }


def test_project_emits_fields_in_the_documents_order_not_the_requests():
    projected = project(TASK, ["used", "status", "task_id"])
    assert list(projected) == ["task_id", "used", "status"]
    assert list(project({"a": {"z": 1, "y": 2}}, ["a.y", "a.z"])["a"]) == ["z", "y"]


@pytest.mark.parametrize("paths", [["_id"], ["_id", "task_id"], ["_id.x", "task_id"]])
def test_project_never_returns_the_id(paths):
    assert "_id" not in project(TASK, paths)


def test_project_with_no_paths_returns_everything_but_the_id():
    projected = project(TASK, [])
    assert "_id" not in projected
    assert projected == {k: v for k, v in TASK.items() if k != "_id"}


def test_project_reaches_into_each_document_of_an_array():
    assert project(TASK, ["generated.loss"]) == {"generated": [{"loss": 0.1}, {"loss": 0.2}]}


@pytest.mark.parametrize(
    "doc, expected",
    [
        # From jstests/core/null_query_semantics.js, projecting {"a.b": 1}.
        ({"a": {}}, {"a": {}}),
        ({"a": None}, {}),
        ({"a": 4}, {}),
        ({}, {}),
        ({"a": {"b": None}}, {"a": {"b": None}}),
        ({"a": [[]]}, {"a": [[]]}),
        ({"a": []}, {"a": []}),
        ({"a": [None, None]}, {"a": []}),
        ({"a": [1, "string", 4]}, {"a": []}),
        ({"a": [{"b": 1}, {"b": "s"}]}, {"a": [{"b": 1}, {"b": "s"}]}),
        ({"a": [{"b": 3}, {}]}, {"a": [{"b": 3}, {}]}),
        # Nested arrays are projected element by element too; scalars in them are dropped.
        ({"a": [{"b": 1, "c": 2}, 5, {"c": 3}, [{"b": 4}, 6]]}, {"a": [{"b": 1}, {}, [{"b": 4}]]}),
        ({"a": {"b": [1, {"c": 2}]}}, {"a": {"b": [1, {"c": 2}]}}),  # `b` itself is kept whole
    ],
)
def test_project_through_arrays_and_scalars_as_mongodb_does(doc, expected):
    assert project(doc, ["a.b"]) == expected


def test_project_agrees_with_mongomock_on_documents_it_can_project():
    docs: list[dict[str, Any]] = [
        {"a": {}},
        {"a": None},
        {"a": 4},
        {"a": []},
        {"a": {"c": 1, "b": 2}, "z": 1},
        {"x": {"y": {"z": 1, "w": 2}}, "a": [{"b": [{"b": 1, "c": 1}]}, {"c": 0}]},
        copy.deepcopy(TASK),
    ]
    collection = mongomock.MongoClient().db.projection
    collection.insert_many([dict(doc, _id=i) for i, doc in enumerate(docs)])
    for paths in (["a.b"], ["a.b", "x.y.z"], ["z", "a.c"], ["used.y", "generated.acc"]):
        spec = {**dict.fromkeys(paths, 1), "_id": 0}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = [collection.find_one({"_id": i}, spec) for i in range(len(docs))]
        assert [project(doc, paths) for doc in docs] == expected


def test_a_path_that_is_a_prefix_of_another_keeps_the_whole_field():
    # MongoDB rejects such a projection as a path collision; the broader path wins here.
    assert project(TASK, ["used", "used.x"]) == {"used": {"x": 1, "y": 2}}
    assert project(TASK, ["used.x", "used"]) == {"used": {"x": 1, "y": 2}}


def test_paths_that_reach_nothing_are_left_out():
    assert project(TASK, ["nope", "used.nope", "task_id.x"]) == {"used": {}}


def test_project_does_not_change_its_input():
    before = copy.deepcopy(TASK)
    project(TASK, ["used.x", "generated.loss"])
    project(TASK, [])
    assert TASK == before


def test_without_drops_top_level_fields_from_a_copy():
    assert without(TASK, {"_id", "used", "absent"}) == {
        k: v for k, v in TASK.items() if k not in ("_id", "used")
    }
    assert "used" in TASK
