"""Markdown tables for benchmarks/served.py: one per size, then the targets of issue 6."""

from typing import Any

from benchmarks.loadgen import Settings

ID_LOOKUP = "GET /tasks/{id}"
FIRST_PAGE = "GET /tasks?workflow_id=..&limit=100"
LIVE = "GET /health/live"
QUERY = "POST /tasks/query"
LABELS = {
    ID_LOOKUP: "`GET /tasks/{id}` (1,000 ids in turn)",
    FIRST_PAGE: "`GET /tasks?workflow_id=..&limit=100` (big workflow, first page)",
    QUERY: "`POST /tasks/query` (workflow + activity filter, sort started_at -1, limit 100)",
    LIVE: "`GET /health/live`",
}
MB = 1e6


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def _share(row: dict[str, Any], name: str) -> float:
    return 100 * float(row["load"][name]["rps"]) / float(row["ceiling"]["rps"])


def _load_row(label: str, result: dict[str, float], note: str = "") -> str:
    if result["non_2xx"] or result["errors"]:
        note += f" **{result['non_2xx']:.0f} non-2xx, {result['errors']:.0f} socket errors**"
    return (
        f"| {label} | {result['rps']:,.{0 if result['rps'] >= 10 else 1}f} req/s "
        f"| {_ms(result['p50_ms'])} "
        f"| {_ms(result['p99_ms'])} | {note.strip()} |"
    )


def _stream_mb_s(result: dict[str, Any]) -> float:
    return float(result["bytes"]) / MB / float(result["seconds"])


def print_size(row: dict[str, Any], settings: Settings) -> None:
    manifest, model = row["manifest"], row["model"]
    big = manifest["big_workflow_tasks"]
    print(
        f"#### {row['size']:,} tasks ({manifest['workflows']:,} workflows, the big one "
        f"{big:,} tasks; 200 objects with 1-5 versions; a {model['size'] / 2**20:,.0f} MiB model "
        f"in GridFS)\n"
    )
    first = ", ".join(
        f"{k.split(' ')[0]} {k.split(' ')[1].split('?')[0]} {v:.2f} s"
        for k, v in row["first_request_s"].items()
    )
    print(
        f"Start-up to ready: {row['load_s']:.1f} s. First request of each kind (builds its "
        f"index): {first}.\n"
    )
    print("| measurement | throughput | p50 | p99 | notes |")
    print("|---|---:|---:|---:|---|")
    for name, result in row["load"].items():
        note = f"{_share(row, name):.1f}% of ceiling" if name in (ID_LOOKUP, LIVE) else ""
        print(_load_row(LABELS[name], result, note))
    print(_load_row("bare Tornado ceiling (constant JSON)", row["ceiling"]))
    paging = row["paging"]
    once = paging["seen"] == big and paging["repeats"] == 0
    print(
        f"| paging the big workflow via next_cursor (limit {row.get('page_limit', 1000)}) "
        f"| {paging['pages'] / paging['seconds']:,.1f} pages/s | | | {paging['seen']:,} tasks "
        f"in {paging['seconds']:.1f} s ({paging['pages']} pages); every task once: "
        f"{'yes' if once else 'NO'} |"
    )
    export = row["export"]
    print(
        f"| `GET /tasks/export?workflow_id=..` ({export['lines']:,} tasks, NDJSON) "
        f"| {_stream_mb_s(export):,.0f} MB/s | | | {export['bytes'] / MB:,.0f} MB in "
        f"{export['seconds']:.1f} s; server RSS added {export['rss_added_mb']:.0f} MB |"
    )
    download = row["download"]
    print(
        f"| `GET /models/{{id}}/download` ({download['bytes'] / 2**20:,.0f} MiB, GridFS) "
        f"| {_stream_mb_s(download):,.0f} MB/s | | | {download['seconds']:.1f} s; server RSS "
        f"added {download['rss_added_mb']:.0f} MB |"
    )
    ranged = row["range"]
    print(
        f"| `Range: bytes=` 1 MiB from the model's middle | | {_ms(ranged['p50_ms'])} "
        f"| max {_ms(ranged['max_ms'])} | 206, bytes checked |"
    )
    print(
        f"| server memory | | | | RSS after load {row['rss_loaded_mb']:,.0f} MB, peak during "
        f"load (VmHWM) {row['hwm_load_mb']:,.0f} MB, RSS after the run "
        f"{row['rss_after_mb']:,.0f} MB |"
    )
    print()


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def print_targets(rows: list[dict[str, Any]]) -> None:
    small, large = rows[0], rows[-1]
    print(f"#### Targets (issue 6), {large['size']:,} vs {small['size']:,} tasks\n")
    print("| target | measured | |")
    print("|---|---|---|")
    drift = large["ceiling"]["p50_ms"] / small["ceiling"]["p50_ms"]
    for name, what in ((FIRST_PAGE, "first-page list"), (ID_LOOKUP, "id lookup")):
        ratio = large["load"][name]["p50_ms"] / small["load"][name]["p50_ms"]
        print(
            f"| {what} p50 within 1.5x | {ratio:.2f}x ({ratio / drift:.2f}x after dividing by "
            f"the ceiling's own p50 ratio, {drift:.2f}x, the machine's drift) "
            f"| {_verdict(ratio <= 1.5)} |"
        )
    for name, floor in ((LIVE, 70), (ID_LOOKUP, 50)):
        shares = [_share(row, name) for row in rows]
        text = ", ".join(f"{s:.1f}%" for s in shares)
        ok = min(shares) >= floor
        print(f"| `{name}` at {floor}% or more of the ceiling | {text} | {_verdict(ok)} |")
    for key, what in (("export", "export"), ("download", "download")):
        speeds = [_stream_mb_s(row[key]) for row in rows]
        added = [row[key]["rss_added_mb"] for row in rows]
        speed_text = ", ".join(f"{s:,.0f} MB/s" for s in speeds)
        added_text = ", ".join(f"{a:.0f} MB" for a in added)
        print(f"| {what} at 200 MB/s or more | {speed_text} | {_verdict(min(speeds) >= 200)} |")
        print(f"| {what} adds under 50 MB RSS | {added_text} | {_verdict(max(added) < 50)} |")
    print()
