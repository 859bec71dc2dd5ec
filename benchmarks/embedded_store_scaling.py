"""Benchmark: id lookups and first pages on the embedded store at growing sizes (in-process).

Run: .venv/bin/python benchmarks/embedded_store_scaling.py [--sizes 10000 100000 1000000]
Prints one Markdown table: load time and resident memory the store holds; median latency of
get_task, of the first default-order page of 100 tasks
(whole collection, and one workflow's tasks), and of the next page via its cursor, each after the
ordered index exists (built by the first request, timed apart). Ratios are to the smallest size.
"""

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import tasks  # noqa: E402
from flowcept.adapters.memory import MemoryStore  # noqa: E402
from flowcept.domain.query import Query  # noqa: E402


async def median_ms(call: Callable[[], Awaitable[Any]], repeat: int = 30) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def measure(size: int) -> dict[str, float]:
    workflows = [f"wf-{n}" for n in range(max(1, size // 10_000))]
    per_workflow = size // len(workflows)
    # Streamed into the store, as the loader does: the dicts never exist all at once.
    documents = (t for w in workflows for t in tasks(w, per_workflow, seed=len(w)))
    gc.collect()
    before_mb, started = rss_mb(), time.perf_counter()
    store = MemoryStore({"tasks": documents})
    load_s, held_mb = time.perf_counter() - started, rss_mb() - before_mb
    first = Query(limit=100).checked()
    in_workflow = Query(filter={"workflow_id": workflows[-1]}, limit=100).checked()
    started = time.perf_counter()
    page = await store.find_tasks(first)
    await store.find_tasks(in_workflow)
    build_s = time.perf_counter() - started
    following = Query(limit=100, cursor=page.next_cursor).checked()
    some_id = f"{workflows[len(workflows) // 2]}-task-{per_workflow // 2:07d}"
    await store.get_task(some_id)
    result = {
        "load_s": load_s,
        "held_mb": held_mb,
        "build_s": build_s,
        "get": await median_ms(lambda: store.get_task(some_id)),
        "first": await median_ms(lambda: store.find_tasks(first)),
        "workflow": await median_ms(lambda: store.find_tasks(in_workflow)),
        "next": await median_ms(lambda: store.find_tasks(following)),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    sizes = parser.parse_args().sizes
    rows = {size: asyncio.run(measure(size)) for size in sizes}
    base = rows[sizes[0]]
    print(
        "| tasks | load | memory held | index build (first requests) | get_task | first page "
        "| workflow's first page | next page (cursor) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, row in rows.items():
        cells = [
            f"{row[k]:.3f} ms ({row[k] / base[k]:.2f}x)"
            for k in ("get", "first", "workflow", "next")
        ]
        held = f"{row['held_mb']:,.0f} MB ({row['held_mb'] * 2**20 / size:,.0f} B/task)"
        print(
            f"| {size:,} | {row['load_s']:.1f} s | {held} | {row['build_s']:.2f} s | "
            + " | ".join(cells)
            + " |"
        )


if __name__ == "__main__":
    main()
