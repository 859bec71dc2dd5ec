"""The provenance card's content, computed from a workflow document and the report aggregates."""

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from flowcept.domain.errors import NotFound
from flowcept.domain.ports import WorkflowReader
from flowcept.domain.reports.model import (
    FAILED_STATUSES,
    NOT_RECORDED,
    ActivityLink,
    ActivityStats,
    FieldProfile,
    ObjectStats,
    Stats,
)
from flowcept.domain.reports.ports import ReportSource


class Summary(BaseModel):
    """Section 1: what ran, when, by whom, on what, from which code, with which arguments."""

    workflow_id: str
    name: str | None = None
    campaign_id: str | None = None
    start: float | None = None  # epoch seconds: first task start
    end: float | None = None  # last task end
    elapsed_s: float | None = None
    user: str | None = None
    system: str | None = None
    hosts: list[str] = Field(default_factory=list)
    environment: str | None = None
    code_branch: str | None = None
    code_sha: str | None = None
    code_dirty: bool | None = None
    code_remote: str | None = None
    args: dict[str, Any] | None = None  # the workflow's `used`


class Observations(BaseModel):
    slowest_activity: tuple[str, float] | None = None  # by summed task elapsed time
    largest_io_activity: tuple[str, float] | None = None  # by disk bytes read + written
    failures: dict[str, int] = Field(default_factory=dict)  # failed tasks per activity


class ProvenanceCard(BaseModel):
    """Everything the card says; rendered as Markdown or served as JSON."""

    summary: Summary
    n_tasks: int
    status_counts: dict[str, int]
    activities: list[ActivityStats]  # in execution order
    totals: dict[str, Stats]  # telemetry over every activity, by Metric.name
    observations: Observations
    links: list[ActivityLink]
    fields: list[FieldProfile]
    objects: ObjectStats


def activity_name(activity_id: str | None) -> str:
    return activity_id if activity_id is not None else NOT_RECORDED


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def summarise(
    workflow_id: str, workflow: Mapping[str, Any], activities: list[ActivityStats]
) -> Summary:
    """Section 1 from the workflow document and the activities' time span."""
    repository = workflow.get("code_repository")
    repository = repository if isinstance(repository, dict) else {}
    machines = workflow.get("machine_info")
    starts = [a.first_start for a in activities if a.first_start is not None]
    ends = [a.last_end for a in activities if a.last_end is not None]
    start, end = (min(starts) if starts else None), (max(ends) if ends else None)
    args = workflow.get("used")
    return Summary(
        workflow_id=workflow_id,
        name=_text(workflow.get("name")),
        campaign_id=_text(workflow.get("campaign_id")),
        start=start,
        end=end,
        elapsed_s=end - start if start is not None and end is not None else None,
        user=_text(workflow.get("user")),
        system=_text(workflow.get("sys_name")),
        hosts=sorted(machines) if isinstance(machines, dict) else [],
        environment=_text(workflow.get("environment_id")),
        code_branch=_text(repository.get("branch")),
        code_sha=_text(repository.get("sha")),
        code_dirty=repository.get("dirty") if isinstance(repository.get("dirty"), bool) else None,
        code_remote=_text(repository.get("remote")),
        args=args if isinstance(args, dict) else None,
    )


def execution_order(activities: list[ActivityStats]) -> list[ActivityStats]:
    """By first start; activities that never started come last, by name."""
    return sorted(
        activities,
        key=lambda a: (a.first_start is None, a.first_start or 0.0, activity_name(a.activity_id)),
    )


def observe(activities: list[ActivityStats]) -> Observations:
    timed = [a for a in activities if a.elapsed.count]
    slowest = max(timed, key=lambda a: a.elapsed.sum, default=None)

    def io(a: ActivityStats) -> float:
        return sum(
            a.telemetry[m].sum for m in ("disk_read_bytes", "disk_write_bytes") if m in a.telemetry
        )

    with_io = [a for a in activities if io(a) > 0]
    largest = max(with_io, key=io, default=None)
    failures = {
        activity_name(a.activity_id): n
        for a in activities
        if (n := sum(c for s, c in a.status_counts.items() if s in FAILED_STATUSES))
    }
    return Observations(
        slowest_activity=(activity_name(slowest.activity_id), slowest.elapsed.sum)
        if slowest
        else None,
        largest_io_activity=(activity_name(largest.activity_id), io(largest)) if largest else None,
        failures=failures,
    )


def total_telemetry(activities: list[ActivityStats]) -> dict[str, Stats]:
    totals: dict[str, Stats] = {}
    for activity in activities:
        for name, stats in activity.telemetry.items():
            totals[name] = totals[name].merged(stats) if name in totals else stats
    return totals


async def build_card(
    workflow_id: str, workflows: WorkflowReader, source: ReportSource
) -> ProvenanceCard:
    """The card for a workflow known by its document or by its tasks; NotFound otherwise."""
    activities = execution_order(await source.activity_stats(workflow_id))
    workflow: Mapping[str, Any]
    try:
        workflow = await workflows.get_workflow(workflow_id)
    except NotFound:
        if not activities:
            raise
        workflow = {}
    status_counts: dict[str, int] = {}
    for activity in activities:
        for status, count in activity.status_counts.items():
            status_counts[status] = status_counts.get(status, 0) + count
    return ProvenanceCard(
        summary=summarise(workflow_id, workflow, activities),
        n_tasks=sum(a.n_tasks for a in activities),
        status_counts=dict(sorted(status_counts.items())),
        activities=activities,
        totals=total_telemetry(activities),
        observations=observe(activities),
        links=sorted(
            await source.activity_links(workflow_id),
            key=lambda link: (
                activity_name(link.source),
                activity_name(link.target),
                link.relation,
            ),
        ),
        fields=_in_activity_order(await source.field_profiles(workflow_id), activities),
        objects=await source.object_stats(workflow_id),
    )


def _in_activity_order(
    fields: list[FieldProfile], activities: list[ActivityStats]
) -> list[FieldProfile]:
    rank = {a.activity_id: n for n, a in enumerate(activities)}
    sections = {"used": 0, "generated": 1}
    return sorted(
        fields,
        key=lambda f: (rank.get(f.activity_id, len(rank)), sections[f.section], f.field),
    )
