"""Numbers, times and text formatted for people reading a provenance card."""

import json
import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from flowcept.domain.reports.model import NOT_RECORDED, Metric

T = TypeVar("T")
ELLIPSIS = "…"
EMPTY_CELL = "—"
BYTE_UNITS = ("B", "KB", "MB", "GB", "TB")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LONG_DURATION_S = 60.0


def truncate(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def one_line(text: str) -> str:
    """The text with line breaks folded into spaces, for headings and list items."""
    return " ".join(text.splitlines()) if text else text


def escape_cell(text: str) -> str:
    """The text made safe for one Markdown table cell: pipes escaped, line breaks as <br>."""
    escaped = text.replace("|", "\\|")
    return "<br>".join(escaped.splitlines()) if escaped else escaped


def code_span(text: str) -> str:
    """The text as an inline code span, delimited by more backticks than it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def code_fence(text: str) -> str:
    """A fenced code block holding the text, fenced longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def compact_json(value: Any, limit: int = 200) -> str:
    """The value as single-line JSON, truncated to `limit` characters."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return truncate(text, limit)


def format_float(value: float) -> str:
    """A number with thousands separators and at most 4 decimals (4 significant when extreme)."""
    if not math.isfinite(value):
        return str(value)
    if value != 0 and not 1e-4 <= abs(value) < 1e15:
        return f"{value:.4g}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_count(value: float) -> str:
    """A count with thousands separators; a fractional count (a mean) as a float."""
    if math.isfinite(value) and value == int(value):
        return f"{int(value):,}"
    return format_float(value)


def format_percent(value: float) -> str:
    """A percentage with one decimal."""
    return f"{value:,.1f}%"


def format_bytes(value: float) -> str:
    """A byte count in B, KB, MB, GB or TB (1024 steps) with one decimal; negative keeps a minus."""
    if not math.isfinite(value):
        return f"{value} B"
    sign = "-" if value < 0 else ""
    size, step = abs(value), 0
    while round(size, 1) >= 1024 and step < len(BYTE_UNITS) - 1:
        size, step = size / 1024, step + 1
    if step == 0:
        return f"{sign}{size:,.0f} B"
    return f"{sign}{size:,.1f} {BYTE_UNITS[step]}"


def _clock(seconds: float) -> str:
    """A positive duration as hours, minutes and seconds to a tenth: `1 h 2 min 3.4 s`."""
    minutes, tenths = divmod(round(seconds * 10), 600)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours:,} h"] if hours else []
    parts += [f"{minutes} min", f"{tenths / 10:.1f} s"]
    return " ".join(parts)


def format_duration(seconds: float) -> str:
    """Seconds with 3 decimals, plus minutes and hours when a minute or longer."""
    if not math.isfinite(seconds):
        return f"{seconds} s"
    text = f"{seconds:,.3f} s"
    if abs(seconds) >= LONG_DURATION_S:
        sign = "-" if seconds < 0 else ""
        text += f" ({sign}{_clock(abs(seconds))})"
    return text


def format_timestamp(epoch_seconds: float) -> str:
    """Epoch seconds as a UTC time to the millisecond: `2024-02-08 20:05:28.284 UTC`."""
    try:
        moment = EPOCH + timedelta(milliseconds=round(epoch_seconds * 1000))
    except (OverflowError, ValueError):
        return f"{format_float(epoch_seconds)} (epoch seconds)"
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d} UTC"


def format_metric(value: float, metric: Metric) -> str:
    """A telemetry figure in the metric's unit."""
    if metric.unit == "s":
        return format_duration(value)
    if metric.unit == "%":
        return format_percent(value)
    if metric.unit == "bytes":
        return format_bytes(value)
    return format_count(value)


def or_not_recorded(value: T | None, render: Callable[[T], str]) -> str:
    """The rendered value, or NOT_RECORDED when the value is None."""
    return NOT_RECORDED if value is None else render(value)


def text_or_not_recorded(value: str | None) -> str:
    """The text on one line, or NOT_RECORDED when it is None or blank."""
    return one_line(value) if value is not None and value.strip() else NOT_RECORDED


def format_counts(counts: dict[str, int]) -> str:
    """Labelled counts, largest first: `FINISHED 8, ERROR 1`; NOT_RECORDED when empty."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{label} {format_count(n)}" for label, n in ordered) or NOT_RECORDED


def plural(n: int, noun: str) -> str:
    """`1 task`, `3 tasks`."""
    return f"{format_count(n)} {noun}" if n == 1 else f"{format_count(n)} {noun}s"


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A Markdown table; every cell escaped."""
    head = [escape_cell(cell) for cell in header]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(escape_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
