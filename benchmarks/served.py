"""Benchmark: the API served over loopback at growing sizes, against a bare-Tornado ceiling.

Run: .venv/bin/python benchmarks/served.py [--sizes 10000,100000] [--model-mb 1024]
         [--workdir DIR] [--connections 32] [--threads 1] [--duration 10] [--loadgen wrk|asyncio]

For each size: writes synthetic Flowcept data as mongoexport JSON Lines (cached by size under
--workdir; a temporary directory otherwise) plus one --model-mb MiB model in GridFS chunks; starts
`python -m flowcept.http.server --data ...` as users do and times its start-up; drives it from a
separate load-generating process (wrk, or an asyncio client when wrk is absent) with fixed
concurrency; pages through the big workflow, exports it, downloads the model and reads 1 MiB from
its middle while sampling the server's resident memory; drives a bare Tornado app with the same
load as the ceiling. Prints one Markdown table per size, then the targets of issue 6 (ratios within
this run, since the machine is noisy).
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import served_client as client  # noqa: E402
from benchmarks.loadgen import Load, Settings, run_load  # noqa: E402
from benchmarks.served_data import manifest_of, model_data, model_range, task_data  # noqa: E402
from benchmarks.served_report import (  # noqa: E402
    FIRST_PAGE,
    ID_LOOKUP,
    LIVE,
    QUERY,
    print_size,
    print_targets,
)

MIB = 1024 * 1024


def loads_for(manifest: dict[str, Any]) -> dict[str, Load]:
    big = manifest["big_workflow"]
    query = {
        "filter": {"workflow_id": big, "activity_id": "train"},
        "sort": [{"field": "started_at", "order": -1}],
        "limit": 100,
    }
    return {
        ID_LOOKUP: Load([f"/api/v1/tasks/{task_id}" for task_id in manifest["task_ids"]]),
        FIRST_PAGE: Load([f"/api/v1/tasks?workflow_id={big}&limit=100"]),
        QUERY: Load(["/api/v1/tasks/query"], "POST", json.dumps(query)),
        LIVE: Load(["/api/v1/health/live"]),
    }


def ceiling(settings: Settings) -> dict[str, float]:
    port = client.free_port()
    script = str(Path(__file__).with_name("bare_tornado.py"))
    process, _ = client.start([sys.executable, script, str(port)], f"http://127.0.0.1:{port}/", 60)
    try:
        return run_load(f"http://127.0.0.1:{port}", Load(["/api/v1/health/live"]), settings)
    finally:
        client.stop(process)


def warm_up(port: int, loads: dict[str, Load]) -> dict[str, float]:
    """The first request of each kind (it builds the ordered indexes it needs), timed."""
    seconds = {}
    for name, load in loads.items():
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{load.paths[0]}",
            data=load.body.encode() if load.body else None,
            method=load.method,
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
        seconds[name] = time.perf_counter() - started
    return seconds


def range_reads(port: int, model: dict[str, Any], count: int) -> dict[str, float]:
    """`count` reads of 1 MiB from the model's middle: median and worst latency, bytes checked."""
    start = model["size"] // 2 - MIB // 2 + 12_345
    end = start + MIB - 1
    expected = model_range(model["size"], start, end)
    path = f"/api/v1/models/{model['object_id']}/download"
    timings = []
    for _ in range(count):
        status, body, seconds = client.fetch(port, path, {"Range": f"bytes={start}-{end}"})
        if status != 206 or body != expected:
            raise RuntimeError(f"range read: status {status}, {len(body)} bytes, not as expected")
        timings.append(seconds * 1000)
    return {"p50_ms": statistics.median(timings), "max_ms": max(timings)}


def measure(
    size: int, root: Path, model_dir: Path, settings: Settings, args: argparse.Namespace
) -> dict[str, Any]:
    data = task_data(root, size)
    manifest, model = manifest_of(data), manifest_of(model_dir)
    port = client.free_port()
    command = client.server_command(port, [data, model_dir])
    ready = f"http://127.0.0.1:{port}/api/v1/health/ready"
    process, load_s = client.start(command, ready, args.load_timeout)
    pid = process.pid
    row: dict[str, Any] = {"size": size, "manifest": manifest, "model": model, "load_s": load_s}
    row["page_limit"] = args.page_limit
    try:
        row["rss_loaded_mb"] = client.status_kb(pid, "VmRSS") / 1024
        row["hwm_load_mb"] = client.status_kb(pid, "VmHWM") / 1024
        loads = loads_for(manifest)
        row["first_request_s"] = warm_up(port, loads)
        base = f"http://127.0.0.1:{port}"
        row["load"] = {}
        for name, load in loads.items():
            row["load"][name] = run_load(base, load, settings)
            client.settle(pid)  # requests still queued in the server must not slow the next
        row["ceiling"] = ceiling(settings)
        row["paging"] = client.page_through(port, manifest["big_workflow"], args.page_limit)
        big = manifest["big_workflow"]
        with client.RssWatch(pid) as watch:
            row["export"] = client.stream(port, f"/api/v1/tasks/export?workflow_id={big}")
        row["export"]["rss_added_mb"] = watch.added_mb
        with client.RssWatch(pid) as watch:
            download = f"/api/v1/models/{model['object_id']}/download"
            row["download"] = client.stream(port, download)
        row["download"]["rss_added_mb"] = watch.added_mb
        row["range"] = range_reads(port, model, args.range_reads)
        row["rss_after_mb"] = client.status_kb(pid, "VmRSS") / 1024
    finally:
        client.stop(process)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated task counts")
    parser.add_argument("--model-mb", type=int, default=1024, help="GridFS model size, MiB")
    parser.add_argument("--workdir", type=Path, help="keep and reuse generated data here")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--loadgen", choices=("wrk", "asyncio"), help="default: wrk if found")
    parser.add_argument("--page-limit", type=int, default=1000, help="page size when paging")
    parser.add_argument("--range-reads", type=int, default=20)
    parser.add_argument("--load-timeout", type=float, default=1800, help="server start-up, s")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    settings = Settings(args.connections, args.threads, args.duration)
    if args.loadgen:
        settings.tool = args.loadgen
    with tempfile.TemporaryDirectory() as scratch:
        root = args.workdir or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        model_dir = model_data(root, args.model_mb)
        rows = []
        for size in sizes:
            print(f"measuring {size:,} tasks ...", file=sys.stderr, flush=True)
            rows.append(measure(size, root, model_dir, settings, args))
    print(
        f"Load generator: {settings.tool} ({settings.threads} thread, "
        f"{settings.connections} connections, {settings.duration:g} s per endpoint), "
        "separate process, loopback.\n"
    )
    for row in rows:
        print_size(row, settings)
    print_targets(rows)


if __name__ == "__main__":
    main()
