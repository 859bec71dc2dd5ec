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
TaskDigest = tuple[list[ActivityStats], list[FieldProfile]]
SECTIONS = ("used", "generated")
TOP_STRINGS = 3


_METRIC_PATHS = tuple((m.name, m.kind, tuple(m.path.split("."))) for m in TELEMETRY_METRICS)


_PATHS = tuple(path for _, _, path in _METRIC_PATHS)


def _numbers_at(reading: Any) -> list[float | None]:
    """Every metric's number in one telemetry reading (None where absent or not a number)."""
    values: list[float | None] = []
    for path in _PATHS:  # runs per task per metric: plain loops, exact type checks first
        value = reading
        try:
            for part in path:
                value = value[part]
        except (KeyError, TypeError, IndexError):
            values.append(None)
            continue
        kind = type(value)
        if kind is float:
            values.append(value if math.isfinite(value) else None)
        elif kind is int or (isinstance(value, int) and kind is not bool):
            values.append(float(value))
        else:
            values.append(None)
    return values


class _Sum:
    """A running sum, count and maximum; plain slots because it is updated per task."""

    __slots__ = ("total", "count", "highest")

    def __init__(self) -> None:
        self.total, self.count, self.highest = 0.0, 0, -math.inf

    def add(self, value: float) -> None:
        self.total += value
        self.count += 1
        if value > self.highest:
            self.highest = value

    def stats(self) -> Stats:
        return Stats(sum=self.total, count=self.count, max=self.highest if self.count else None)


_DELTA = tuple(kind == "delta" for _, kind, _ in _METRIC_PATHS)
_N_METRICS = len(_METRIC_PATHS)


class _Activity:
    """Running totals for one activity; metric totals in flat lists indexed like _METRIC_PATHS."""

    __slots__ = (
        "n_tasks",
        "statuses",
        "first_start",
        "last_end",
        "elapsed",
        "totals",
        "counts",
        "highest",
    )

    def __init__(self) -> None:
        self.n_tasks = 0
        self.statuses: Counter[str] = Counter()
        self.first_start: float | None = None
        self.last_end: float | None = None
        self.elapsed = _Sum()
        self.totals = [0.0] * _N_METRICS
        self.counts = [0] * _N_METRICS
        self.highest = [-math.inf] * _N_METRICS

    def add(self, task: Document) -> None:
        self.n_tasks += 1
        status = task.get("status")
        self.statuses[status if isinstance(status, str) else NOT_RECORDED] += 1
        start, end = epoch_seconds(task.get("started_at")), epoch_seconds(task.get("ended_at"))
        if start is not None and (self.first_start is None or start < self.first_start):
            self.first_start = start
        if end is not None and (self.last_end is None or end > self.last_end):
            self.last_end = end
        if start is not None and end is not None:
            self.elapsed.add(end - start)
        at_end = task.get("telemetry_at_end")
        if isinstance(at_end, dict):
            self._add_telemetry(_numbers_at(at_end), _numbers_at(task.get("telemetry_at_start")))

    def _add_telemetry(self, ends: list[float | None], starts: list[float | None]) -> None:
        totals, counts, highest = self.totals, self.counts, self.highest
        for i in range(_N_METRICS):  # inlined: per task, per metric
            value = ends[i]
            if value is None:
                continue
            if _DELTA[i]:
                before = starts[i]
                if before is None:
                    continue
                value -= before
            totals[i] += value
            counts[i] += 1
            if value > highest[i]:
                highest[i] = value

    def stats(self, activity_id: str | None) -> ActivityStats:
        telemetry = {
            name: Stats(sum=self.totals[i], count=self.counts[i], max=self.highest[i])
            for i, (name, _, _) in enumerate(_METRIC_PATHS)
            if self.counts[i]
        }
        return ActivityStats(
            activity_id=activity_id,
            n_tasks=self.n_tasks,
            status_counts=dict(sorted(self.statuses.items())),
            first_start=self.first_start,
            last_end=self.last_end,
            elapsed=self.elapsed.stats(),
            telemetry=telemetry,
        )


class _Activities:
    """Per activity: counts, statuses, time span, elapsed and telemetry deltas."""

    def __init__(self) -> None:
        self.groups: dict[str | None, _Activity] = {}

    def add(self, task: Document) -> None:
        key = _activity(task)
        if key not in self.groups:
            self.groups[key] = _Activity()
        self.groups[key].add(task)

    def result(self) -> list[ActivityStats]:
        return [group.stats(key) for key, group in self.groups.items()]


def activity_stats(tasks: Iterable[Document]) -> list[ActivityStats]:
    """Per activity: counts, statuses, time span, elapsed and telemetry deltas."""
    activities = _Activities()
    for task in tasks:
        activities.add(task)
    return activities.result()


def task_digest(tasks: Iterable[Document]) -> TaskDigest:
    """Activity stats and field profiles in one pass: a stored task decodes once for both."""
    activities, profiles = _Activities(), _Profiles()
    for task in tasks:
        activities.add(task)
        profiles.add(task)
    return activities.result(), profiles.result()


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
        if type(value) is float or type(value) is int:  # fast path for the common case
            kind = "number"
        else:
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


class _Profiles:
    """Presence, kinds, number summaries and common strings of each used/generated key."""

    def __init__(self) -> None:
        self.profiles: dict[tuple[str | None, str, str], _Profile] = {}

    def add(self, task: Document) -> None:
        activity = _activity(task)
        profiles = self.profiles
        for section in SECTIONS:
            values = task.get(section)
            if not isinstance(values, dict):
                continue
            for field, value in values.items():
                key = (activity, section, field)
                profile = profiles.get(key)
                if profile is None:
                    profile = profiles[key] = _Profile()
                profile.add(value)

    def result(self) -> list[FieldProfile]:
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
            for (activity, section, field), profile in self.profiles.items()
        ]


def field_profiles(tasks: Iterable[Document]) -> list[FieldProfile]:
    """Presence, kinds, number summaries and common strings of each used/generated key."""
    profiles = _Profiles()
    for task in tasks:
        profiles.add(task)
    return profiles.result()


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
