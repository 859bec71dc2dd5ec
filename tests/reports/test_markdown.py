"""The provenance card rendered as Markdown: golden documents and the formatting helpers."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from flowcept.domain.reports.card import Observations, ProvenanceCard, Summary
from flowcept.domain.reports.formatting import (
    code_fence,
    code_span,
    compact_json,
    escape_cell,
    format_bytes,
    format_count,
    format_counts,
    format_duration,
    format_float,
    format_percent,
    format_timestamp,
    one_line,
    table,
    truncate,
)
from flowcept.domain.reports.markdown import render_markdown
from flowcept.domain.reports.model import (
    NOT_RECORDED,
    ActivityLink,
    ActivityStats,
    FieldProfile,
    NumberSummary,
    ObjectStats,
    Stats,
)

GOLDEN = Path(__file__).parent / "golden"
T0 = 1707422728.284  # 2024-02-08 20:05:28.284 UTC
MB = 1024**2
SECTIONS = [
    "Summary",
    "Workflow-level summary",
    "Workflow structure",
    "Timing report",
    "Per-activity details",
    "Resource usage",
    "Object artifacts",
    "Aggregation method",
]


def assert_matches_golden(name: str, text: str) -> None:
    """Compare with golden/<name>.md; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{path} differs; regenerate with UPDATE_GOLDEN=1 if intended"


def stats(*values: float) -> Stats:
    """Stats over the given values."""
    result = Stats()
    for value in values:
        result.add(value)
    return result


def activity(
    activity_id: str | None,
    n_tasks: int,
    status_counts: dict[str, int],
    span: tuple[float, float] | None = None,
    elapsed: tuple[float, ...] = (),
    **telemetry: tuple[float, ...],
) -> ActivityStats:
    """An activity's aggregates; span is (first start, last end) in seconds after T0."""
    return ActivityStats(
        activity_id=activity_id,
        n_tasks=n_tasks,
        status_counts=status_counts,
        first_start=T0 + span[0] if span else None,
        last_end=T0 + span[1] if span else None,
        elapsed=stats(*elapsed),
        telemetry={name: stats(*values) for name, values in telemetry.items()},
    )


def totals_of(activities: list[ActivityStats]) -> dict[str, Stats]:
    """Each metric merged over the activities."""
    totals: dict[str, Stats] = {}
    for each in activities:
        for name, figures in each.telemetry.items():
            totals[name] = totals[name].merged(figures) if name in totals else figures
    return totals


def profile(
    activity_id: str | None,
    section: str,
    field: str,
    present: int,
    kinds: dict[str, int],
    **extra: Any,
) -> FieldProfile:
    """A field profile with optional numbers / top_strings."""
    return FieldProfile(
        activity_id=activity_id,
        section=section,
        field=field,
        present=present,
        kinds=kinds,
        **extra,
    )


def rich_card() -> ProvenanceCard:
    """A training workflow: five activity groups, links, mixed fields, telemetry and objects."""
    activities = [
        activity(
            "load_data",
            3,
            {"FINISHED": 3},
            (0.0, 4.6),
            (1.2, 1.5, 1.8),
            cpu_user_s=(0.5, 0.625, 0.75),
            cpu_percent=(35.0, 40.0, 45.5),
            process_rss_bytes=(64 * MB, 80 * MB, 96 * MB),
            disk_read_bytes=(512 * MB, 512 * MB, 512 * MB),
            disk_read_ops=(1200, 1500, 1350),
        ),
        activity(
            "preprocess",
            3,
            {"FINISHED": 3},
            (4.7, 13.0),
            (2.5, 2.75, 3.125),
            cpu_user_s=(2.0, 2.25, 2.5),
            cpu_percent=(88.0, 91.5, 93.25),
            process_rss_bytes=(-2 * MB, 1 * MB, 0.5 * MB),
            disk_write_bytes=(4096, 8192, 2048),
            disk_write_ops=(3, 5, 2),
        ),
        activity(
            "train",
            10,
            {"FINISHED": 9, "ERROR": 1},
            (13.2, 1260.0),
            (130.5, 135.25, 128.0, 140.125, 133.0, 131.75, 129.5, 136.0, 142.0),
            cpu_user_s=(120.0, 125.5, 119.25, 130.0, 122.0, 121.5, 118.75, 126.0, 131.25),
            cpu_percent=(99.5, 98.0, 97.25, 99.0, 98.5, 99.75, 96.0, 98.25, 99.0),
            process_rss_bytes=(1.5 * 1024 * MB,) * 9,
            memory_used_bytes=(2 * 1024 * MB,) * 9,
            disk_write_bytes=(30 * MB,) * 9,
            disk_write_ops=(250,) * 9,
        ),
        activity(
            "evaluate",
            1,
            {"FINISHED": 1},
            (1260.5, 1262.75),
            (2.25,),
            cpu_percent=(55.0,),
        ),
        activity(None, 2, {NOT_RECORDED: 2}),
    ]
    return ProvenanceCard(
        summary=Summary(
            workflow_id="7f3c2a10-5b7e-4c8e-9a41-2d1f0e6b9c55",
            name="mnist_training",
            campaign_id="campaign-2024-02",
            start=T0,
            end=T0 + 1262.75,
            elapsed_s=1262.75,
            user="jdoe",
            system="Linux",
            hosts=["frontier-login01", "frontier00042"],
            environment="conda:pytorch-2.1",
            code_branch="main",
            code_sha="9c1e4f0b2a7d3e8f6b5a4c3d2e1f0a9b8c7d6e5f",
            code_dirty=True,
            code_remote="git@github.com:ORNL/flowcept.git",
            args={
                "epochs": 10,
                "learning_rate": 0.001,
                "batch_sizes": [32, 64, 128],
                "dataset": "s3://bucket/mnist|v2",
                "model": {"kind": "cnn", "layers": 4, "dropout": 0.25},
                "notes": "a long free-text note that pushes the arguments past the limit",
            },
        ),
        n_tasks=19,
        status_counts={"ERROR": 1, "FINISHED": 16, NOT_RECORDED: 2},
        activities=activities,
        totals=totals_of(activities),
        observations=Observations(
            slowest_activity=("train", 1206.125),
            largest_io_activity=("load_data", 1536.0 * MB),
            failures={"train": 1},
        ),
        links=[
            ActivityLink(source="load_data", target="preprocess", relation="parent", count=3),
            ActivityLink(source="preprocess", target="train", relation="dependency", count=10),
            ActivityLink(source="train", target="evaluate", relation="dependency", count=1),
        ],
        fields=[
            profile(
                "load_data", "used", "path", 3, {"string": 3}, top_strings=[("/data/mnist.npz", 3)]
            ),
            profile(
                "load_data",
                "generated",
                "n_rows",
                3,
                {"number": 3},
                numbers=NumberSummary(count=3, min=20000, p50=20000, p95=20000, max=20000),
            ),
            profile("preprocess", "used", "normalize", 3, {"boolean": 3}),
            profile(
                "train",
                "used",
                "batch_size",
                10,
                {"number": 8, "string": 2},
                numbers=NumberSummary(count=8, min=32, p50=64, p95=121.6, max=128),
                top_strings=[("auto", 2)],
            ),
            profile(
                "train",
                "used",
                "optimizer",
                10,
                {"string": 10},
                top_strings=[
                    ("adam", 7),
                    ("sgd", 2),
                    ("stochastic gradient descent with nesterov momentum", 1),
                ],
            ),
            profile(
                "train",
                "generated",
                "loss",
                9,
                {"number": 9},
                numbers=NumberSummary(count=9, min=0.0312, p50=0.08125, p95=0.21084, max=0.2431),
            ),
            profile(
                "train",
                "generated",
                "notes",
                2,
                {"string": 1, "null": 1},
                top_strings=[("lr | decayed\nat epoch 5", 1)],
            ),
            profile(
                "evaluate",
                "generated",
                "accuracy",
                1,
                {"number": 1},
                numbers=NumberSummary(count=1, min=0.9871, p50=0.9871, p95=0.9871, max=0.9871),
            ),
        ],
        objects=ObjectStats(
            total=5,
            by_type={"dataset": 3, "ml_model": 2},
            by_storage={"gridfs": 2, "in_object": 2, "none": 1},
            task_linked=4,
            max_version=3,
            size=stats(1.5 * MB, 2048, 512, 10 * MB),
        ),
    )


def minimal_card() -> ProvenanceCard:
    """A workflow document with nothing else: no tasks, no objects, no metadata."""
    return ProvenanceCard(
        summary=Summary(workflow_id="wf-empty"),
        n_tasks=0,
        status_counts={},
        activities=[],
        totals={},
        observations=Observations(),
        links=[],
        fields=[],
        objects=ObjectStats(),
    )


def sections_of(markdown: str) -> dict[str, str]:
    """The level-2 sections by title."""
    parts = markdown.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in parts}


# Golden documents


def test_rich_card_renders_as_its_golden_document():
    assert_matches_golden("rich", render_markdown(rich_card()))


def test_minimal_card_renders_as_its_golden_document():
    assert_matches_golden("minimal", render_markdown(minimal_card()))


# The document


def test_sections_come_in_the_documented_order():
    markdown = render_markdown(rich_card())
    assert list(sections_of(markdown)) == SECTIONS
    assert markdown.startswith("# Workflow Provenance Card: mnist_training\n")


def test_card_without_tasks_says_not_recorded_in_every_section():
    sections = sections_of(render_markdown(minimal_card()))
    assert list(sections) == SECTIONS
    for title, body in sections.items():
        if title != "Aggregation method":
            assert NOT_RECORDED in body, title


def test_title_falls_back_to_the_workflow_id_when_the_name_is_not_recorded():
    markdown = render_markdown(minimal_card())
    assert markdown.startswith("# Workflow Provenance Card: wf-empty\n")


def test_rendering_the_same_card_twice_gives_the_same_text():
    assert render_markdown(rich_card()) == render_markdown(rich_card())


def test_workflow_args_are_inline_json_truncated_with_pipes_escaped():
    row = next(
        line for line in render_markdown(rich_card()).splitlines() if "Workflow args" in line
    )
    assert row.startswith('| Workflow args | `{"epochs":10,"learning_rate":0.001,')
    assert "mnist\\|v2" in row
    assert row.endswith("…` |")


def test_resource_columns_are_dropped_for_metrics_no_activity_recorded():
    resources = sections_of(render_markdown(rich_card()))["Resource usage"]
    assert "Disk read ops" in resources
    assert "Swap used change" not in resources
    assert "Network sent" not in resources


def test_a_memory_drop_is_shown_with_a_minus_sign():
    resources = sections_of(render_markdown(rich_card()))["Resource usage"]
    assert "| preprocess | 6.750 s | 90.9% | -512.0 KB |" in resources


def test_empty_workflow_args_say_not_recorded():
    card = minimal_card()
    card.summary.args = {}
    assert "| Workflow args | not recorded |" in render_markdown(card)


def test_fields_of_an_activity_without_stats_still_get_a_table():
    card = minimal_card()
    card.fields = [profile("ghost", "used", "x", 2, {"number": 2})]
    details = sections_of(render_markdown(card))["Per-activity details"]
    assert "### ghost" in details
    assert "| used | x | 2 | number |" in details


# Formatting helpers


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0.000 s"),
        (12.3454, "12.345 s"),
        (59.9994, "59.999 s"),
        (60, "60.000 s (1 min 0.0 s)"),
        (205.1, "205.100 s (3 min 25.1 s)"),
        (119.96, "119.960 s (2 min 0.0 s)"),
        (3723.4, "3,723.400 s (1 h 2 min 3.4 s)"),
        (-90, "-90.000 s (-1 min 30.0 s)"),
    ],
)
def test_durations_are_seconds_with_three_decimals_and_a_clock_when_long(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1,023 B"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (1.5 * 1024**3, "1.5 GB"),
        (3 * 1024**4, "3.0 TB"),
        (5000 * 1024**4, "5,000.0 TB"),
        (-524288, "-512.0 KB"),
        (1024**2 - 1, "1.0 MB"),
    ],
)
def test_bytes_step_by_1024_with_one_decimal(size, text):
    assert format_bytes(size) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (100000, "100,000"), (-1234567, "-1,234,567"), (12.5, "12.5"), (3.0, "3")],
)
def test_counts_have_thousands_separators(value, text):
    assert format_count(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (0.123456, "0.1235"),
        (2.5, "2.5"),
        (-0.00001, "-1e-05"),
        (0.00012345, "0.0001"),
        (1234.56789, "1,234.5679"),
        (float("nan"), "nan"),
        (2.5e20, "2.5e+20"),
    ],
)
def test_floats_have_up_to_four_decimals(value, text):
    assert format_float(value) == text


def test_percentages_have_one_decimal():
    assert format_percent(66.666) == "66.7%"
    assert format_percent(100) == "100.0%"


@pytest.mark.parametrize(
    ("epoch", "text"),
    [
        (T0, "2024-02-08 20:05:28.284 UTC"),
        (0, "1970-01-01 00:00:00.000 UTC"),
        (1707422728.2849, "2024-02-08 20:05:28.285 UTC"),
        (1e300, "1e+300 (epoch seconds)"),
    ],
)
def test_timestamps_are_utc_to_the_millisecond(epoch, text):
    assert format_timestamp(epoch) == text


def test_truncation_keeps_the_limit_including_the_ellipsis():
    assert truncate("abcdef", 6) == "abcdef"
    assert truncate("abcdefg", 6) == "abcde…"
    assert len(compact_json({"k": "x" * 500})) == 200


def test_compact_json_has_no_spaces_and_keeps_unicode_and_odd_values():
    assert compact_json({"a": [1, 2], "b": "é"}) == '{"a":[1,2],"b":"é"}'
    assert json.loads(compact_json({"n": None})) == {"n": None}


def test_table_cells_escape_pipes_and_line_breaks():
    assert escape_cell("a|b\nc\r\nd") == "a\\|b<br>c<br>d"
    assert table(["A", "B"], [["x|y", "1"]]) == "| A | B |\n| --- | --- |\n| x\\|y | 1 |"


def test_line_breaks_fold_into_spaces_outside_tables():
    assert one_line("a\nb\r\nc") == "a b c"


def test_code_spans_and_fences_outlast_backticks_inside():
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x") == "`` `x ``"
    assert code_fence("```\nx") == "````text\n```\nx\n````"


def test_labelled_counts_are_largest_first_or_not_recorded():
    assert format_counts({"ERROR": 1, "FINISHED": 8}) == "FINISHED 8, ERROR 1"
    assert format_counts({}) == NOT_RECORDED
