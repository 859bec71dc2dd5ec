"""The report aggregates computed in Python over one workflow's tasks (one pass each)."""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from flowcept.domain.objects import storage_type
from flowcept.domain.reports.model import (
    NOT_RECORDED,
    TELEMETRY_METRICS,
    ActivityLink,
    ActivityStats,
    FieldProfile,
    NumberSummary,
    ObjectStats,
    Stats,
    epoch_seconds,
    kind_of,
    percentile,
)

Document = dict[str, Any]
SECTIONS = ("used", "generated")
TOP_STRINGS = 3


def _number_at(document: Any, path: str) -> float | None:
    for part in path.split("."):
        if not isinstance(document, Mapping):
            return None
        document = document.get(part)
    if isinstance(document, bool) or not isinstance(document, int | float):
        return None
    return float(document) if math.isfinite(document) else None


def _telemetry(task: Document, stats: dict[str, Stats]) -> None:
    start, end = task.get("telemetry_at_start"), task.get("telemetry_at_end")
    for metric in TELEMETRY_METRICS:
        at_end = _number_at(end, metric.path)
        if at_end is None:
            continue
        if metric.kind == "end":
            stats.setdefault(metric.name, Stats()).add(at_end)
            continue
        at_start = _number_at(start, metric.path)
        if at_start is not None:
            stats.setdefault(metric.name, Stats()).add(at_end - at_start)


def activity_stats(tasks: Iterable[Document]) -> list[ActivityStats]:
    """Per activity: counts, statuses, time span, elapsed and telemetry deltas."""
    groups: dict[Any, ActivityStats] = {}
    for task in tasks:
        activity = task.get("activity_id")
        key = activity if isinstance(activity, str) else None
        stats = groups.setdefault(key, ActivityStats(activity_id=key, n_tasks=0))
        stats.n_tasks += 1
        status = task.get("status")
        status = status if isinstance(status, str) else NOT_RECORDED
        stats.status_counts[status] = stats.status_counts.get(status, 0) + 1
        start, end = epoch_seconds(task.get("started_at")), epoch_seconds(task.get("ended_at"))
        if start is not None:
            stats.first_start = (
                start if stats.first_start is None else min(stats.first_start, start)
            )
        if end is not None:
            stats.last_end = end if stats.last_end is None else max(stats.last_end, end)
        if start is not None and end is not None:
            stats.elapsed.add(end - start)
        _telemetry(task, stats.telemetry)
    return list(groups.values())


def activity_links(
    tasks: Iterable[Document], find_task: Mapping[Any, Document]
) -> list[ActivityLink]:
    """Counts of parent and dependency links, by the activities at either end."""
    counts: Counter[tuple[str | None, str | None, str]] = Counter()
    for task in tasks:
        target = _activity(task)
        parent = find_task.get(task.get("parent_task_id"))
        if task.get("parent_task_id") is not None and parent is not None:
            counts[(_activity(parent), target, "parent")] += 1
        dependencies = task.get("dependencies")
        for dependency in dependencies if isinstance(dependencies, list) else []:
            upstream = find_task.get(dependency) if isinstance(dependency, str) else None
            if upstream is not None:
                counts[(_activity(upstream), target, "dependency")] += 1
    return [
        ActivityLink(source=source, target=target, relation=relation, count=count)  # type: ignore[arg-type]
        for (source, target, relation), count in counts.items()
    ]


def _activity(task: Document) -> str | None:
    activity = task.get("activity_id")
    return activity if isinstance(activity, str) else None


class _Profile:
    def __init__(self) -> None:
        self.present = 0
        self.kinds: Counter[str] = Counter()
        self.numbers: list[float] = []
        self.strings: Counter[str] = Counter()

    def add(self, value: Any) -> None:
        self.present += 1
        kind = kind_of(value)
        self.kinds[kind] += 1
        if kind == "number" and math.isfinite(value):
            self.numbers.append(float(value))
        elif kind == "string":
            self.strings[value] += 1

    def summary(self) -> NumberSummary | None:
        if not self.numbers:
            return None
        ordered = sorted(self.numbers)
        return NumberSummary(
            count=len(ordered),
            min=ordered[0],
            p50=percentile(ordered, 50),
            p95=percentile(ordered, 95),
            max=ordered[-1],
        )

    def top_strings(self) -> list[tuple[str, int]]:
        ranked = sorted(self.strings.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:TOP_STRINGS]


def field_profiles(tasks: Iterable[Document]) -> list[FieldProfile]:
    """Presence, kinds, number summaries and common strings of each used/generated key."""
    profiles: dict[tuple[str | None, str, str], _Profile] = {}
    for task in tasks:
        activity = _activity(task)
        for section in SECTIONS:
            values = task.get(section)
            if not isinstance(values, dict):
                continue
            for field, value in values.items():
                profiles.setdefault((activity, section, field), _Profile()).add(value)
    return [
        FieldProfile(
            activity_id=activity,
            section=section,  # type: ignore[arg-type]
            field=field,
            present=profile.present,
            kinds=dict(sorted(profile.kinds.items())),
            numbers=profile.summary(),
            top_strings=profile.top_strings(),
        )
        for (activity, section, field), profile in profiles.items()
    ]


def object_stats(objects: Iterable[Document]) -> ObjectStats:
    """Counts by label and storage, links, versions and sizes of the workflow's objects."""
    stats = ObjectStats()
    for document in objects:
        stats.total += 1
        label = document.get("object_type") or document.get("type")
        label = label if isinstance(label, str) else NOT_RECORDED
        stats.by_type[label] = stats.by_type.get(label, 0) + 1
        storage = storage_type(document) or "none"
        stats.by_storage[storage] = stats.by_storage.get(storage, 0) + 1
        stats.task_linked += document.get("task_id") is not None
        version = document.get("version")
        if isinstance(version, int) and not isinstance(version, bool):
            stats.max_version = (
                version if stats.max_version is None else max(stats.max_version, version)
            )
        size = document.get("object_size_bytes")
        if isinstance(size, int | float) and not isinstance(size, bool):
            stats.size.add(float(size))
    stats.by_type = dict(sorted(stats.by_type.items()))
    stats.by_storage = dict(sorted(stats.by_storage.items()))
    return stats
