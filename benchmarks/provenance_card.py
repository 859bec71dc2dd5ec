"""Benchmark: the provenance card of 10,000- and 100,000-task workflows on the embedded store.

Run: .venv/bin/python benchmarks/provenance_card.py [--sizes 10000 100000]
Prints one Markdown table: the card's compute + render time, the resident memory it added at
its peak beyond the loaded data, and, as a same-run baseline, the time of one 1,000-task list.
Targets (issue 4): under 5 s and under 200 MB added for 100,000 tasks.
"""

import argparse
import asyncio
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import tasks  # noqa: E402
from flowcept.adapters.memory import MemoryStore  # noqa: E402
from flowcept.domain.query import Query  # noqa: E402
from flowcept.domain.reports.markdown import render_markdown  # noqa: E402
from flowcept.domain.reports.service import provenance_card  # noqa: E402


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        return True
    except OSError:
        return False


async def measure(size: int) -> dict[str, float]:
    workflow = f"wf-bench-{size}"
    store = MemoryStore(
        {
            "tasks": list(tasks(workflow, size)),
            "workflows": [
                {"workflow_id": workflow, "name": f"synthetic {size:,}", "user": "bench"}
            ],
        }
    )
    gc.collect()
    started = time.perf_counter()
    await store.find_tasks(Query(filter={"workflow_id": workflow}, limit=1000).checked())
    baseline = time.perf_counter() - started
    gc.collect()
    before = status_kb("VmRSS")
    exact_peak = reset_peak()
    started = time.perf_counter()
    text = render_markdown(await provenance_card(store, workflow))
    elapsed = time.perf_counter() - started
    peak = status_kb("VmHWM") if exact_peak else status_kb("VmRSS")
    return {
        "tasks": size,
        "card_s": elapsed,
        "added_mb": (peak - before) / 1024,
        "baseline_s": baseline,
        "markdown_kb": len(text.encode()) / 1024,
        "loaded_mb": before / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    sizes = parser.parse_args().sizes
    print(
        "| tasks | card (compute + render) | peak RSS added | process RSS with data "
        "| baseline: list 1,000 tasks | card / baseline | card size |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        row = asyncio.run(measure(size))
        print(
            f"| {size:,} | {row['card_s']:.2f} s | {row['added_mb']:.0f} MB "
            f"| {row['loaded_mb']:.0f} MB | {row['baseline_s']:.3f} s "
            f"| {row['card_s'] / row['baseline_s']:.1f}x | {row['markdown_kb']:.1f} KB |"
        )


if __name__ == "__main__":
    main()
