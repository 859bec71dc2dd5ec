"""The behaviour every store adapter owes the API, checked through the port only."""

import pytest

from flowcept.domain.collections import ObjectKind
from flowcept.domain.errors import InvalidQuery, NotFound
from flowcept.domain.ports import ProvenanceStore
from flowcept.domain.query import ObjectQuery, Query
from tests import seed


def q(**fields: object) -> Query:
    return Query.model_validate(fields).checked()


def oq(**fields: object) -> ObjectQuery:
    return ObjectQuery.model_validate(fields).checked()


def ids(page_items: list[dict[str, object]], field: str = "task_id") -> list[object]:
    return [item.get(field) for item in page_items]


async def test_get_task_returns_the_stored_fields_without_the_internal_id(store: ProvenanceStore):
    task = await store.get_task("t-3")
    assert task["task_id"] == "t-3"
    assert task["telemetry_at_end"]["cpu"]["percent_all"] == 50.0
    assert "_id" not in task


async def test_get_unknown_task_and_workflow_raise_not_found(store: ProvenanceStore):
    with pytest.raises(NotFound, match="Task not found: nope"):
        await store.get_task("nope")
    with pytest.raises(NotFound, match="Workflow not found: nope"):
        await store.get_workflow("nope")


async def test_tasks_default_to_start_order_with_id_tie_break_and_undated_last(
    store: ProvenanceStore,
):
    page = await store.find_tasks(q(filter={"workflow_id": "wf-a"}))
    assert ids(page.items) == ["t-1", "t-2", "t-0", "t-3", "t-4"]
    assert page.limit == 100


async def test_default_order_uses_the_first_date_field_the_matches_carry(store: ProvenanceStore):
    # Neither task has started_at; t-4 carries submitted_at, t-8 carries nothing before timestamp.
    page = await store.find_tasks(q(filter={"task_id": {"$in": ["t-8", "t-4"]}}))
    assert ids(page.items) == ["t-4", "t-8"]


async def test_workflows_default_to_utc_timestamp_order(store: ProvenanceStore):
    page = await store.find_workflows(q())
    assert ids(page.items, "workflow_id") == ["wf-b", "wf-0", "wf-a", "wf-c"]


async def test_descending_sort_puts_missing_values_last_and_breaks_ties_by_id(
    store: ProvenanceStore,
):
    page = await store.find_tasks(q(sort=[{"field": "started_at", "order": -1}]))
    assert ids(page.items) == ["t-9", "t-0", "t-3", "t-2", "t-1", "t-4", "t-8"]


async def test_limit_cuts_the_ordered_result(store: ProvenanceStore):
    page = await store.find_tasks(q(filter={"workflow_id": "wf-a"}, limit=2))
    assert ids(page.items) == ["t-1", "t-2"]
    assert page.limit == 2


async def test_projection_keeps_nested_structure(store: ProvenanceStore):
    page = await store.find_tasks(
        q(
            filter={"task_id": "t-3"},
            projection=["task_id", "used.lr", "telemetry_at_end.cpu.percent_all"],
        )
    )
    assert page.items == [
        {"task_id": "t-3", "used": {"lr": 0.1}, "telemetry_at_end": {"cpu": {"percent_all": 50.0}}}
    ]


async def test_filters_reach_nested_fields_and_array_elements(store: ProvenanceStore):
    hot = await store.find_tasks(q(filter={"telemetry_at_end.cpu.percent_all": {"$gt": 30}}))
    assert ids(hot.items) == ["t-3"]
    gpu = await store.find_tasks(q(filter={"used.tags": "gpu"}))
    assert ids(gpu.items) == ["t-3"]
    either = await store.find_tasks(
        q(filter={"$or": [{"status": "ERROR"}, {"used.batch": {"$gte": 64}}]})
    )
    assert ids(either.items) == ["t-2", "t-9"]


async def test_null_equality_matches_missing_and_null_fields(store: ProvenanceStore):
    page = await store.find_tasks(q(filter={"workflow_id": "wf-a", "used.lr": None}))
    assert ids(page.items) == ["t-1", "t-4"]


async def test_comparison_does_not_cross_types(store: ProvenanceStore):
    # started_at of t-9 is an int64 of milliseconds, still a number; timestamps are dates.
    page = await store.find_tasks(q(filter={"started_at": {"$gt": 25}}))
    assert ids(page.items) == ["t-0", "t-3", "t-9"]
    none = await store.find_tasks(q(filter={"started_at": {"$gt": "25"}}))
    assert none.items == []


async def test_regex_with_options_matches_strings(store: ProvenanceStore):
    page = await store.find_tasks(q(filter={"activity_id": {"$regex": "^TR", "$options": "i"}}))
    assert ids(page.items) == ["t-2", "t-0", "t-3"]


async def test_aggregation_groups_by_the_projected_key_in_key_order(store: ProvenanceStore):
    page = await store.find_tasks(
        q(
            filter={"workflow_id": "wf-a"},
            projection=["activity_id"],
            aggregation=[
                {"operator": "max", "field": "ended_at"},
                {"operator": "sum", "field": "telemetry_at_end.process.memory.rss"},
                {"operator": "avg", "field": "used.lr"},
            ],
        )
    )
    assert page.items == [
        {
            "activity_id": "evaluate",
            "max_ended_at": None,
            "sum_telemetry_at_end_process_memory_rss": 0,
            "avg_used_lr": None,
        },
        {
            "activity_id": "load",
            "max_ended_at": 12.5,
            "sum_telemetry_at_end_process_memory_rss": 80,
            "avg_used_lr": None,
        },
        {
            "activity_id": "train",
            "max_ended_at": 40.0,
            "sum_telemetry_at_end_process_memory_rss": 300,
            "avg_used_lr": pytest.approx((0.1 + 0.01 + 0.2) / 3),
        },
    ]


async def test_aggregation_without_projection_is_one_row_and_rows_obey_sort_and_limit(
    store: ProvenanceStore,
):
    total = await store.find_tasks(q(aggregation=[{"operator": "min", "field": "started_at"}]))
    assert total.items == [{"min_started_at": 10.0}]
    busiest = await store.find_tasks(
        q(
            projection=["workflow_id"],
            aggregation=[{"operator": "sum", "field": "used.batch"}],
            sort=[{"field": "sum_used_batch", "order": -1}],
            limit=1,
        )
    )
    assert busiest.items == [{"workflow_id": "wf-b", "sum_used_batch": 96}]


async def test_get_object_is_the_latest_version_without_payload(store: ProvenanceStore):
    model = await store.get_object("model-1")
    assert model["version"] == 2
    assert model["storage_type"] == "gridfs"
    assert "data" not in model and "_id" not in model


async def test_include_data_returns_the_inline_payload(store: ProvenanceStore):
    dataset = await store.get_object("ds-1", include_data=True)
    assert bytes(dataset["data"]) == b"hello data!"
    assert dataset["storage_type"] == "in_object"


async def test_versions_come_from_the_latest_document_or_history(store: ProvenanceStore):
    assert (await store.get_object_version("model-1", 2))["storage_type"] == "gridfs"
    v0 = await store.get_object_version("model-1", 0)
    assert (v0["version"], v0["storage_type"]) == (0, "in_object")
    assert "data" not in v0
    with pytest.raises(NotFound, match="Object model-1 has no version 7"):
        await store.get_object_version("model-1", 7)
    with pytest.raises(NotFound, match="Object not found: nope"):
        await store.get_object_version("nope", 0)


async def test_history_lists_every_version_latest_first_without_payloads(store: ProvenanceStore):
    page = await store.object_history("model-1", limit=100)
    assert [(v["version"], v["storage_type"]) for v in page.items] == [
        (2, "gridfs"),
        (1, "gridfs"),
        (0, "in_object"),
    ]
    assert all("data" not in v for v in page.items)
    assert [v["version"] for v in (await store.object_history("model-1", limit=2)).items] == [2, 1]


async def test_datasets_query_never_widens_to_models(store: ProvenanceStore):
    page = await store.find_objects(oq(filter={"type": "ml_model"}), ObjectKind.DATASET)
    assert page.items == []
    with pytest.raises(NotFound, match="Dataset not found: model-1"):
        await store.get_object("model-1", ObjectKind.DATASET)


async def test_models_match_either_label_field(store: ProvenanceStore):
    page = await store.find_objects(oq(), ObjectKind.MODEL)
    assert ids(page.items, "object_id") == ["model-1", "model-2"]
    datasets = await store.find_objects(oq(), ObjectKind.DATASET)
    assert ids(datasets.items, "object_id") == ["ds-1"]


async def test_object_lists_default_to_created_at_and_hide_payloads(store: ProvenanceStore):
    page = await store.find_objects(oq())
    assert ids(page.items, "object_id") == ["model-1", "ds-1", "model-2", "fig-1"]
    assert all("data" not in item for item in page.items)
    with_data = await store.find_objects(oq(include_data=True, filter={"object_id": "ds-1"}))
    assert bytes(with_data.items[0]["data"]) == b"hello data!"


async def test_projected_object_lists_add_storage_type_only_when_asked(store: ProvenanceStore):
    page = await store.find_objects(oq(projection=["object_id"], filter={"object_id": "ds-1"}))
    assert page.items == [{"object_id": "ds-1"}]
    page = await store.find_objects(
        oq(projection=["object_id", "storage_type"], filter={"object_id": "model-1"})
    )
    assert page.items == [{"object_id": "model-1", "storage_type": "gridfs"}]


async def test_gridfs_payload_streams_chunk_by_chunk_in_order(store: ProvenanceStore):
    payload = await store.open_payload("model-1", 1)
    chunks = [chunk async for chunk in payload.chunks]
    assert len(chunks) == 3
    assert b"".join(chunks) == seed.MODEL_V1_BYTES
    assert payload.size == len(seed.MODEL_V1_BYTES)


async def test_latest_and_inline_payloads(store: ProvenanceStore):
    latest = await store.open_payload("model-1")
    assert b"".join([c async for c in latest.chunks]) == seed.MODEL_V2_BYTES
    v0 = await store.open_payload("model-1", 0)
    assert b"".join([c async for c in v0.chunks]) == b"model-v0"
    assert v0.size == 8


async def test_missing_payload_is_not_found(store: ProvenanceStore):
    with pytest.raises(NotFound, match="Object fig-1 has no payload"):
        await store.open_payload("fig-1")
    with pytest.raises(NotFound, match="Model not found: ds-1"):
        await store.open_payload("ds-1", kind=ObjectKind.MODEL)


async def test_malformed_operands_are_invalid_queries(store: ProvenanceStore):
    with pytest.raises(InvalidQuery):
        await store.find_tasks(q(filter={"task_id": {"$in": "t-1"}}))
    with pytest.raises(InvalidQuery):
        await store.find_tasks(q(filter={"task_id": {"$regex": "("}}))


async def test_ping_answers_when_the_store_is_up(store: ProvenanceStore):
    assert await store.ping() is None


async def test_regex_combines_with_sibling_operators(store: ProvenanceStore):
    page = await store.find_tasks(q(filter={"status": {"$regex": "^[A-Z]", "$ne": "FINISHED"}}))
    assert ids(page.items) == ["t-2", "t-4"]
