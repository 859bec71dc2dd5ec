"""The report aggregates every store owes the provenance card, checked through the port only."""

import pytest

from flowcept.domain.ports import ProvenanceStore
from flowcept.domain.reports.model import ActivityLink


def by_activity(stats):
    return {s.activity_id: s for s in stats}


async def test_activity_stats_count_time_and_status_per_activity(store: ProvenanceStore):
    stats = by_activity(await store.activity_stats("wf-a"))
    assert sorted(stats) == ["evaluate", "load", "train"]
    train = stats["train"]
    assert (train.n_tasks, train.status_counts) == (3, {"ERROR": 1, "FINISHED": 2})
    assert (train.first_start, train.last_end) == (20.0, 40.0)
    assert (train.elapsed.sum, train.elapsed.count, train.elapsed.max) == (16.0, 3, 10.0)
    evaluate = stats["evaluate"]
    assert (evaluate.n_tasks, evaluate.status_counts) == (1, {"RUNNING": 1})
    assert (evaluate.first_start, evaluate.last_end, evaluate.elapsed.count) == (None, None, 0)
    assert evaluate.telemetry == {}


async def test_activity_stats_sum_telemetry_deltas_of_tasks_with_both_readings(
    store: ProvenanceStore,
):
    stats = by_activity(await store.activity_stats("wf-a"))
    train = {name: (s.sum, s.count, s.max) for name, s in stats["train"].telemetry.items()}
    assert train == {
        "cpu_user_s": (400.0, 1, 400.0),
        "cpu_system_s": (40.0, 1, 40.0),
        "cpu_percent": (50.0, 1, 50.0),
        "process_rss_bytes": (200.0, 1, 200.0),
        "disk_read_bytes": (4000.0, 1, 4000.0),
        "disk_write_bytes": (2000.0, 1, 2000.0),
    }
    assert stats["load"].telemetry["disk_read_bytes"].sum == 2000.0


async def test_epoch_milliseconds_read_as_seconds(store: ProvenanceStore):
    predict = by_activity(await store.activity_stats("wf-b"))["predict"]
    assert predict.first_start == pytest.approx(1_700_000_000.0)
    assert predict.elapsed.sum == pytest.approx(0.5)
    assert predict.n_tasks == 2


async def test_unknown_workflow_has_no_activities(store: ProvenanceStore):
    assert await store.activity_stats("nope") == []
    assert await store.activity_links("nope") == []
    assert await store.field_profiles("nope") == []
    assert (await store.object_stats("nope")).total == 0


async def test_activity_links_follow_parent_tasks(store: ProvenanceStore):
    links = await store.activity_links("wf-a")
    assert links == [ActivityLink(source="load", target="train", relation="parent", count=1)]


async def test_field_profiles_describe_used_and_generated_keys(store: ProvenanceStore):
    profiles = {(p.activity_id, p.section, p.field): p for p in await store.field_profiles("wf-a")}
    assert sorted(profiles) == [
        ("evaluate", "used", "lr"),
        ("load", "generated", "rows"),
        ("load", "used", "path"),
        ("load", "used", "tags"),
        ("train", "generated", "loss"),
        ("train", "used", "lr"),
        ("train", "used", "tags"),
    ]
    lr = profiles[("train", "used", "lr")]
    assert (lr.present, lr.kinds) == (3, {"number": 3})
    assert lr.numbers is not None
    assert lr.numbers.model_dump() == {
        "count": 3,
        "min": 0.01,
        "p50": 0.1,
        "p95": pytest.approx(0.19),
        "max": 0.2,
    }
    path = profiles[("load", "used", "path")]
    assert (path.kinds, path.top_strings, path.numbers) == (
        {"string": 1},
        [("/data/a.npz", 1)],
        None,
    )
    assert profiles[("train", "used", "tags")].kinds == {"array": 1}
    assert profiles[("evaluate", "used", "lr")].kinds == {"null": 1}


async def test_object_stats_count_labels_storage_versions_and_sizes(store: ProvenanceStore):
    stats = await store.object_stats("wf-a")
    assert stats.total == 3
    assert stats.by_type == {"dataset": 1, "figure": 1, "ml_model": 1}
    assert stats.by_storage == {"gridfs": 1, "in_object": 1, "none": 1}
    assert (stats.task_linked, stats.max_version) == (3, 2)
    assert (stats.size.sum, stats.size.count, stats.size.max) == (911.0, 2, 900.0)
