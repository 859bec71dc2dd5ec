"""What a provenance card holds: small aggregates, never task documents or payload bytes."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

NOT_RECORDED = "not recorded"
# Epoch numbers above this are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
EPOCH_MILLISECONDS_ABOVE = 1e11
FAILED_STATUSES = frozenset({"ERROR", "FAILED"})


@dataclass(frozen=True)
class Metric:
    """A telemetry figure: a counter read as end minus start, or a level read at the end."""

    name: str
    path: str  # under telemetry_at_start / telemetry_at_end
    kind: Literal["delta", "end"]
    unit: Literal["s", "%", "bytes", "count"]
    label: str


TELEMETRY_METRICS: tuple[Metric, ...] = (
    Metric("cpu_user_s", "cpu.times_avg.user", "delta", "s", "CPU user time"),
    Metric("cpu_system_s", "cpu.times_avg.system", "delta", "s", "CPU system time"),
    Metric("cpu_percent", "cpu.percent_all", "end", "%", "CPU % at end"),
    Metric("process_rss_bytes", "process.memory.rss", "delta", "bytes", "Process RSS change"),
    Metric("memory_used_bytes", "memory.virtual.used", "delta", "bytes", "Memory used change"),
    Metric("swap_used_bytes", "memory.swap.used", "delta", "bytes", "Swap used change"),
    Metric("disk_read_bytes", "disk.io_sum.read_bytes", "delta", "bytes", "Disk read"),
    Metric("disk_write_bytes", "disk.io_sum.write_bytes", "delta", "bytes", "Disk written"),
    Metric("disk_read_ops", "disk.io_sum.read_count", "delta", "count", "Disk read ops"),
    Metric("disk_write_ops", "disk.io_sum.write_count", "delta", "count", "Disk write ops"),
    Metric("net_sent_bytes", "network.netio_sum.bytes_sent", "delta", "bytes", "Network sent"),
    Metric("net_recv_bytes", "network.netio_sum.bytes_recv", "delta", "bytes", "Network received"),
)


def epoch_seconds(value: Any) -> float | None:
    """A task timestamp as epoch seconds: floats, int64 milliseconds and BSON dates all read."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return number / 1000 if abs(number) > EPOCH_MILLISECONDS_ABOVE else number


def percentile(ordered: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) of sorted values, interpolating linearly between ranks."""
    if not ordered:
        raise ValueError("percentile of no values")
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Stats(BaseModel):
    """Sum, count and maximum of a figure over the tasks that recorded it."""

    sum: float = 0.0
    count: int = 0
    max: float | None = None

    @property
    def mean(self) -> float | None:
        return self.sum / self.count if self.count else None

    def add(self, value: float) -> None:
        self.sum += value
        self.count += 1
        self.max = value if self.max is None else max(self.max, value)

    def merged(self, other: "Stats") -> "Stats":
        highest = [m for m in (self.max, other.max) if m is not None]
        return Stats(
            sum=self.sum + other.sum,
            count=self.count + other.count,
            max=max(highest) if highest else None,
        )


class ActivityStats(BaseModel):
    """The tasks of one activity (tasks without activity_id form their own group, None)."""

    activity_id: str | None
    n_tasks: int
    status_counts: dict[str, int] = Field(default_factory=dict)  # missing status: NOT_RECORDED
    first_start: float | None = None  # epoch seconds
    last_end: float | None = None
    elapsed: Stats = Field(default_factory=Stats)  # ended_at - started_at, tasks with both
    telemetry: dict[str, Stats] = Field(default_factory=dict)  # by Metric.name; absent: none


class ActivityLink(BaseModel):
    """Tasks of `target` spawned by (parent_task_id) or depending on tasks of `source`."""

    source: str | None
    target: str | None
    relation: Literal["parent", "dependency"]
    count: int


class NumberSummary(BaseModel):
    count: int
    min: float
    p50: float
    p95: float
    max: float


class FieldProfile(BaseModel):
    """One top-level key of `used` or `generated` across the tasks of one activity."""

    activity_id: str | None
    section: Literal["used", "generated"]
    field: str
    present: int  # tasks whose section holds the key
    kinds: dict[str, int]  # number, string, boolean, array, object, null
    numbers: NumberSummary | None = None
    top_strings: list[tuple[str, int]] = Field(default_factory=list)  # at most 3, most common first


class ObjectStats(BaseModel):
    """The objects (latest versions) whose workflow_id is the workflow."""

    total: int = 0
    by_type: dict[str, int] = Field(default_factory=dict)  # label from object_type or type
    by_storage: dict[str, int] = Field(default_factory=dict)  # in_object, gridfs, none
    task_linked: int = 0  # those that also name the task that produced them
    max_version: int | None = None
    size: Stats = Field(default_factory=Stats)  # object_size_bytes


def kind_of(value: Any) -> str:
    """The kind of a `used` / `generated` value, as the card reports it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "other"
