"""The report aggregates read from MongoDB: one or two pipelines each, a few rows parsed here.

The pipelines live in `report_pipelines`; this module runs them through the store's
`_aggregate` (driver errors translated, maxTimeMS applied) and turns their rows into the
domain's models, exactly as the embedded store's `reports` module computes them.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from flowcept.adapters.mongo.report_pipelines import (
    FIGURES,
    KINDS,
    activity_links_pipeline,
    activity_stats_pipeline,
    field_profiles_pipeline,
    object_stats_pipeline,
)
from flowcept.domain.collections import OBJECTS, TASKS
from flowcept.domain.reports.model import (
    TELEMETRY_METRICS,
    ActivityLink,
    ActivityStats,
    FieldProfile,
    NumberSummary,
    ObjectStats,
    Stats,
    percentile,
)

Row = dict[str, Any]
Aggregate = Callable[[str, list[Row]], Awaitable[list[Row]]]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _stats(row: Row, name: str) -> Stats:
    return Stats(
        sum=float(row.get(f"{name}_sum") or 0),
        count=int(row.get(f"{name}_count") or 0),
        max=_float(row.get(f"{name}_max")),
    )


# -- activity_stats ------------------------------------------------------------------------------


def _activity(row: Row) -> ActivityStats:
    figures = {name: _stats(row, name) for name in FIGURES}
    telemetry = {m.name: figures[m.name] for m in TELEMETRY_METRICS if figures[m.name].count}
    return ActivityStats(
        activity_id=row["_id"],
        n_tasks=int(row["n_tasks"]),
        status_counts={s["status"]: int(s["count"]) for s in row["statuses"]},
        first_start=_float(row.get("first_start")),
        last_end=_float(row.get("last_end")),
        elapsed=figures["elapsed"],
        telemetry=telemetry,
    )


async def activity_stats(aggregate: Aggregate, workflow_id: str) -> list[ActivityStats]:
    """Per activity: counts, statuses, time span, elapsed and telemetry, all grouped server-side."""
    rows = await aggregate(TASKS.name, activity_stats_pipeline(workflow_id))
    return [_activity(row) for row in rows]


# -- activity_links ------------------------------------------------------------------------------


async def activity_links(aggregate: Aggregate, workflow_id: str) -> list[ActivityLink]:
    """Counts of parent and dependency links, by the activities at either end."""
    rows = await aggregate(TASKS.name, activity_links_pipeline(workflow_id, TASKS.name))
    return [
        ActivityLink(
            source=row["_id"].get("source"),
            target=row["_id"].get("target"),
            relation=row["_id"]["relation"],
            count=int(row["count"]),
        )
        for row in rows
    ]


# -- field_profiles ------------------------------------------------------------------------------


def _summary(gathered: list[list[Any]]) -> NumberSummary | None:
    # The one place values rather than aggregates cross the wire: a key's finite numbers, for
    # the percentiles (MongoDB 7's $percentile would compute them, mongomock lacks it).
    ordered = sorted(float(value) for values in gathered for value in values)
    if not ordered:
        return None
    return NumberSummary(
        count=len(ordered),
        min=ordered[0],
        p50=percentile(ordered, 50),
        p95=percentile(ordered, 95),
        max=ordered[-1],
    )


def _profile(row: Row) -> FieldProfile:
    key = row["_id"]
    strings = [(s["value"], int(s["count"])) for s in row["strings"]]
    return FieldProfile(
        activity_id=key.get("activity"),
        section=key["section"],
        field=key["field"],
        present=int(row["present"]),
        kinds={kind: int(row[kind]) for kind in sorted(KINDS) if row.get(kind)},
        numbers=_summary(row["numbers"]),
        # Already ranked by the server; sorting again costs nothing and fixes ties for certain.
        top_strings=sorted(strings, key=lambda item: (-item[1], item[0])),
    )


async def field_profiles(aggregate: Aggregate, workflow_id: str) -> list[FieldProfile]:
    """Presence, kinds, number summaries and common strings of each used/generated key."""
    rows = await aggregate(TASKS.name, field_profiles_pipeline(workflow_id))
    return [_profile(row) for row in rows]


# -- object_stats --------------------------------------------------------------------------------


async def object_stats(aggregate: Aggregate, workflow_id: str) -> ObjectStats:
    """Counts by label and storage, links, versions and sizes of the workflow's objects."""
    rows = await aggregate(OBJECTS.name, object_stats_pipeline(workflow_id))
    facets = rows[0] if rows else {}
    stats = ObjectStats()
    by_type: dict[str, int] = {}
    by_storage: dict[str, int] = {}
    for group in facets.get("groups", []):
        n = int(group["n"])
        label, storage = group["_id"]["label"], group["_id"]["storage"]
        stats.total += n
        by_type[label] = by_type.get(label, 0) + n
        by_storage[storage] = by_storage.get(storage, 0) + n
        stats.task_linked += int(group["task_linked"])
        stats.size = stats.size.merged(_stats(group, "size"))
    stats.by_type = dict(sorted(by_type.items()))
    stats.by_storage = dict(sorted(by_storage.items()))
    versions = facets.get("version", [])
    if versions and versions[0].get("max") is not None:
        stats.max_version = int(versions[0]["max"])
    return stats
