"""The provenance card rendered as a Markdown document for people."""

import json
from collections.abc import Iterable

from flowcept.domain.reports.card import ProvenanceCard, Summary, activity_name
from flowcept.domain.reports.formatting import (
    EMPTY_CELL,
    code_fence,
    code_span,
    compact_json,
    format_bytes,
    format_count,
    format_counts,
    format_duration,
    format_float,
    format_metric,
    format_percent,
    format_timestamp,
    one_line,
    or_not_recorded,
    plural,
    table,
    text_or_not_recorded,
    truncate,
)
from flowcept.domain.reports.model import (
    NOT_RECORDED,
    TELEMETRY_METRICS,
    ActivityLink,
    ActivityStats,
    FieldProfile,
    Metric,
    ObjectStats,
    Stats,
)

MAX_LISTED = 10  # hosts and activities listed in the summaries
DIAGRAM_WIDTH = 80
STRING_LIMIT = 40
RELATIONS = {"parent": "--parent-->", "dependency": "--depends-->"}
STORAGE_LABELS = {"in_object": "inline", "gridfs": "GridFS", "none": "no payload"}

AGGREGATION_METHOD = """## Aggregation method

- Tasks are grouped by `activity_id`; tasks without one form a group named "not recorded".
- Elapsed time is `ended_at - started_at`, for the tasks that record both.
- Timestamps are read as epoch seconds, epoch milliseconds or BSON dates, and shown in UTC.
- Telemetry figures are end-minus-start deltas of each counter, summed over the tasks that record \
both readings; CPU % is the value at task end, averaged over tasks.
- Percentiles (p50, p95) interpolate linearly between ranks.
- Objects are the latest versions of the objects whose `workflow_id` is this workflow."""


def render_markdown(card: ProvenanceCard) -> str:
    """The card as a Markdown document, the same text for the same card."""
    sections = [
        _summary(card.summary),
        _workflow_summary(card),
        _structure(card),
        _timing(card.activities),
        _details(card),
        _resources(card),
        _objects(card.objects),
        AGGREGATION_METHOD,
    ]
    return "\n\n".join(sections) + "\n"


def _section(title: str, *blocks: str) -> str:
    """A level-2 section: its heading, then blocks separated by blank lines."""
    return "\n\n".join([f"## {title}", *blocks])


def _bullets(items: Iterable[str], indent: str = "") -> str:
    """A Markdown bullet list."""
    return "\n".join(f"{indent}- {item}" for item in items)


def _title(summary: Summary) -> str:
    """The name, or the workflow id when the name is not recorded."""
    name = text_or_not_recorded(summary.name)
    return text_or_not_recorded(summary.workflow_id) if name == NOT_RECORDED else name


def _summary(summary: Summary) -> str:
    """Section 1: the title and the Field | Value table."""
    text = text_or_not_recorded
    rows = [
        ("Name", text(summary.name)),
        ("Workflow ID", text(summary.workflow_id)),
        ("Campaign", text(summary.campaign_id)),
        ("Execution start", or_not_recorded(summary.start, format_timestamp)),
        ("Execution end", or_not_recorded(summary.end, format_timestamp)),
        ("Total elapsed", or_not_recorded(summary.elapsed_s, format_duration)),
        ("User", text(summary.user)),
        ("System", text(summary.system)),
        ("Hosts", _listed([one_line(host) for host in summary.hosts])),
        ("Environment", text(summary.environment)),
        ("Code repository", _repository(summary)),
        ("Remote", text(summary.code_remote)),
        ("Workflow args", code_span(compact_json(summary.args)) if summary.args else NOT_RECORDED),
    ]
    heading = f"# Workflow Provenance Card: {_title(summary)}"
    return "\n\n".join([heading, "## Summary", table(["Field", "Value"], rows)])


def _listed(items: list[str]) -> str:
    """Up to MAX_LISTED items, comma-separated, saying how many more there are."""
    if not items:
        return NOT_RECORDED
    more = len(items) - MAX_LISTED
    return ", ".join(items[:MAX_LISTED]) + (f", … ({more} more)" if more > 0 else "")


def _repository(summary: Summary) -> str:
    """Branch, sha and dirty flag, or NOT_RECORDED when none is known."""
    dirty = None if summary.code_dirty is None else ("yes" if summary.code_dirty else "no")
    if summary.code_branch is None and summary.code_sha is None and dirty is None:
        return NOT_RECORDED
    branch, sha = text_or_not_recorded(summary.code_branch), text_or_not_recorded(summary.code_sha)
    return f"branch {branch}, sha {sha}, dirty {dirty or NOT_RECORDED}"


def _workflow_summary(card: ProvenanceCard) -> str:
    """Section 2: counts, statuses, elapsed times, resource totals and observations."""
    items = [
        f"Activities: {format_count(len(card.activities))}",
        f"Tasks: {format_count(card.n_tasks)}",
        f"Status: {format_counts(card.status_counts)}",
        _with_sublist("Elapsed per activity (summed over tasks)", _elapsed_items(card.activities)),
        _with_sublist("Resource totals", _total_items(card.totals)),
        _with_sublist("Key observations", _observations(card)),
    ]
    return _section("Workflow-level summary", _bullets(items))


def _with_sublist(label: str, items: list[str]) -> str:
    """`label:` followed by an indented list, or by NOT_RECORDED when there are no items."""
    return f"{label}:\n{_bullets(items, '  ')}" if items else f"{label}: {NOT_RECORDED}"


def _elapsed_items(activities: list[ActivityStats]) -> list[str]:
    """Summed elapsed time per timed activity, at most MAX_LISTED of them."""
    timed = [a for a in activities if a.elapsed.count]
    items = [f"{_name(a.activity_id)}: {format_duration(a.elapsed.sum)}" for a in timed]
    more = len(items) - MAX_LISTED
    return items[:MAX_LISTED] + ([f"… {more} more in the timing report"] if more > 0 else [])


def _total_items(totals: dict[str, Stats]) -> list[str]:
    """One line per recorded metric: the sum of a delta, the mean of a level."""
    items = []
    for metric in _recorded(totals):
        stats, tasks = totals[metric.name], plural(totals[metric.name].count, "task")
        if metric.kind == "end":
            figure = f"{format_metric(stats.mean or 0.0, metric)}, mean over {tasks}"
        else:
            figure = f"{format_metric(stats.sum, metric)}, over {tasks}"
        items.append(f"{metric.label}: {figure}")
    return items


def _observations(card: ProvenanceCard) -> list[str]:
    """Slowest activity, largest IO activity and failures, "none" when there are none."""
    found = card.observations
    slowest, largest = found.slowest_activity, found.largest_io_activity
    failures = sorted(found.failures.items(), key=lambda item: (-item[1], item[0]))
    failed = ", ".join(f"{_name(name)} ({plural(n, 'task')})" for name, n in failures)
    return [
        "Slowest activity: "
        + (f"{_name(slowest[0])}, {format_duration(slowest[1])} in total" if slowest else "none"),
        "Largest IO activity: "
        + (
            f"{_name(largest[0])}, {format_bytes(largest[1])} read and written"
            if largest
            else "none"
        ),
        f"Failures: {failed or 'none'}",
    ]


def _name(activity_id: str | None) -> str:
    """An activity's name on one line."""
    return one_line(activity_name(activity_id))


def _structure(card: ProvenanceCard) -> str:
    """Section 3: the activity chain in a code block, then the links between activities."""
    if not card.activities:
        return _section("Workflow structure", NOT_RECORDED)
    nodes = [f"{_name(a.activity_id)} ({format_count(a.n_tasks)})" for a in card.activities]
    lines = _wrapped_chain(nodes)
    intro = "Activities in execution order, with their number of tasks."
    if card.links:
        lines += ["", *(_link(link) for link in card.links)]
        intro += (
            " Below, links between activities: `--parent-->` when tasks were spawned by a task "
            "of the source (`parent_task_id`), `--depends-->` when they list one in "
            "`dependencies`."
        )
    return _section("Workflow structure", intro, code_fence("\n".join(lines)))


def _wrapped_chain(nodes: list[str]) -> list[str]:
    """`a -> b -> c`, continued on lines starting with `->` past DIAGRAM_WIDTH characters."""
    lines = [nodes[0]]
    for node in nodes[1:]:
        if len(lines[-1]) + len(node) + 4 > DIAGRAM_WIDTH:
            lines.append(f"  -> {node}")
        else:
            lines[-1] += f" -> {node}"
    return lines


def _link(link: ActivityLink) -> str:
    """`source --parent--> target (n tasks)`."""
    arrow = RELATIONS[link.relation]
    count = plural(link.count, "task")
    return f"{_name(link.source)} {arrow} {_name(link.target)} ({count})"


def _timing(activities: list[ActivityStats]) -> str:
    """Section 4: one row per activity with task counts, statuses, times and elapsed."""
    if not activities:
        return _section("Timing report", NOT_RECORDED)
    header = ["Activity", "Tasks", "Status", "First start", "Last end"]
    header += ["Elapsed avg", "Elapsed max", "Elapsed sum"]
    rows = [_timing_row(a) for a in activities]
    return _section("Timing report", table(header, rows))


def _timing_row(activity: ActivityStats) -> list[str]:
    """The timing figures of one activity."""
    elapsed = activity.elapsed
    return [
        _name(activity.activity_id),
        format_count(activity.n_tasks),
        format_counts(activity.status_counts),
        or_not_recorded(activity.first_start, format_timestamp),
        or_not_recorded(activity.last_end, format_timestamp),
        or_not_recorded(elapsed.mean, format_duration),
        or_not_recorded(elapsed.max, format_duration),
        format_duration(elapsed.sum) if elapsed.count else NOT_RECORDED,
    ]


def _details(card: ProvenanceCard) -> str:
    """Section 5: a field-profile table per activity, then per unknown activity."""
    if not card.activities and not card.fields:
        return _section("Per-activity details", NOT_RECORDED)
    intro = (
        "Top-level keys of each activity's `used` and `generated`; presence is the share of "
        "the activity's tasks holding the key."
    )
    known = {a.activity_id: a.n_tasks for a in card.activities}
    others = [f.activity_id for f in card.fields if f.activity_id not in known]
    groups: list[tuple[str | None, int | None]] = [
        (a.activity_id, a.n_tasks) for a in card.activities
    ]
    groups += [(activity_id, None) for activity_id in dict.fromkeys(others)]
    blocks = [_activity_fields(card.fields, activity_id, n) for activity_id, n in groups]
    return _section("Per-activity details", intro, *blocks)


def _activity_fields(fields: list[FieldProfile], activity_id: str | None, n: int | None) -> str:
    """The heading and field-profile table of one activity."""
    profiles = [f for f in fields if f.activity_id == activity_id]
    heading = f"### {_name(activity_id)}"
    if not profiles:
        return f"{heading}\n\n{NOT_RECORDED}"
    header = ["Section", "Field", "Present", "Type(s)"]
    header += ["Numbers (min / p50 / p95 / max)", "Most common strings"]
    return f"{heading}\n\n{table(header, [_field_row(f, n) for f in profiles])}"


def _field_row(profile: FieldProfile, n_tasks: int | None) -> list[str]:
    """Section, field, presence, kinds, number summary and common strings of one field."""
    present = format_count(profile.present)
    if n_tasks:
        present += f"/{format_count(n_tasks)} ({format_percent(100 * profile.present / n_tasks)})"
    kinds = profile.kinds
    kind = next(iter(kinds)) if len(kinds) == 1 else format_counts(kinds)
    return [profile.section, profile.field, present, kind, _numbers(profile), _strings(profile)]


def _numbers(profile: FieldProfile) -> str:
    """`min / p50 / p95 / max` of the field's numbers, or EMPTY_CELL without numbers."""
    found = profile.numbers
    if found is None:
        return EMPTY_CELL
    return " / ".join(format_float(v) for v in (found.min, found.p50, found.p95, found.max))


def _strings(profile: FieldProfile) -> str:
    """The most common strings, quoted, truncated and counted, or EMPTY_CELL without any."""
    quoted = [
        f"{json.dumps(truncate(text, STRING_LIMIT), ensure_ascii=False)} ({format_count(n)})"
        for text, n in profile.top_strings
    ]
    return ", ".join(quoted) or EMPTY_CELL


def _recorded(telemetry: dict[str, Stats]) -> list[Metric]:
    """The metrics with readings, in TELEMETRY_METRICS order."""
    return [m for m in TELEMETRY_METRICS if m.name in telemetry and telemetry[m.name].count]


def _resources(card: ProvenanceCard) -> str:
    """Section 6: workflow telemetry totals, then one column per recorded metric by activity."""
    metrics = [
        m for m in TELEMETRY_METRICS if any(m in _recorded(a.telemetry) for a in card.activities)
    ]
    if not metrics and not _recorded(card.totals):
        return _section("Resource usage", NOT_RECORDED)
    note = (
        f"Sums over the tasks with both readings; CPU % at end is a mean. {EMPTY_CELL} marks "
        "an activity without readings."
    )
    per_activity = [
        [_name(a.activity_id)] + [_activity_figure(a.telemetry.get(m.name), m) for m in metrics]
        for a in card.activities
    ]
    return _section(
        "Resource usage",
        "### Workflow",
        _totals_table(card.totals),
        "### By activity",
        note,
        table(["Activity", *(m.label for m in metrics)], per_activity),
    )


def _totals_table(totals: dict[str, Stats]) -> str:
    """Total, mean and max per task of each recorded metric over the workflow."""
    header = ["Metric", "Total", "Mean per task", "Max per task", "Tasks with readings"]
    rows = []
    for metric in _recorded(totals):
        stats = totals[metric.name]
        total = EMPTY_CELL if metric.kind == "end" else format_metric(stats.sum, metric)
        mean, highest = (
            format_metric(stats.mean or 0.0, metric),
            format_metric(stats.max or 0.0, metric),
        )
        rows.append([metric.label, total, mean, highest, format_count(stats.count)])
    return table(header, rows) if rows else NOT_RECORDED


def _activity_figure(stats: Stats | None, metric: Metric) -> str:
    """An activity's sum of a delta metric or mean of a level, or EMPTY_CELL without readings."""
    if stats is None or not stats.count:
        return EMPTY_CELL
    return format_metric((stats.mean or 0.0) if metric.kind == "end" else stats.sum, metric)


def _objects(objects: ObjectStats) -> str:
    """Section 7: object counts by type and storage, links, versions and sizes."""
    if not objects.total:
        return _section("Object artifacts", NOT_RECORDED)
    storage = {STORAGE_LABELS.get(k, k): n for k, n in objects.by_storage.items()}
    size = objects.size
    sizes = (
        f"total {format_bytes(size.sum)}, average {format_bytes(size.mean or 0.0)}, "
        f"max {format_bytes(size.max or 0.0)} ({plural(size.count, 'object')} with a size)"
        if size.count
        else NOT_RECORDED
    )
    items = [
        f"Objects: {format_count(objects.total)}",
        f"By type: {format_counts(objects.by_type)}",
        f"By storage: {format_counts(storage)}",
        f"Linked to a task: {format_count(objects.task_linked)}",
        f"Linked to the workflow: {format_count(objects.total)}",
        f"Max version: {or_not_recorded(objects.max_version, format_count)}",
        f"Size: {sizes}",
    ]
    return _section("Object artifacts", _bullets(items))
