"""Benchmark: the provenance card of a 100,000-task workflow, served as users run the service.

Run: .venv/bin/python benchmarks/provenance_card_served.py [--tasks 100000]
Writes the tasks as a mongoexport-style JSON Lines file, starts `python -m flowcept.http.server
--data DIR`, waits until it is ready, then times GET .../reports/provenance-card over loopback
and reads the server's resident memory from /proc before the request and its peak after.
Baseline measured in the same run: GET /tasks?workflow_id=..&limit=1000 on the same server.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.served_client import free_port, status_kb  # noqa: E402
from benchmarks.synthetic import tasks  # noqa: E402


def timed_get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        body = response.read()
    return time.perf_counter() - started, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    count = parser.parse_args().tasks
    workflow = f"wf-served-{count}"
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory)
        with (data / "tasks.jsonl").open("w") as out:
            for task in tasks(workflow, count):
                out.write(json.dumps(task) + "\n")
        (data / "workflows.jsonl").write_text(
            json.dumps({"workflow_id": workflow, "name": "bench"})
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flowcept.http.server",
                "--port",
                str(port),
                "--data",
                directory,
                "--log-level",
                "WARNING",
            ],
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            started = time.perf_counter()
            while True:
                try:
                    urllib.request.urlopen(base + "/health/ready", timeout=1).read()
                    break
                except OSError:
                    if server.poll() is not None or time.perf_counter() - started > 900:
                        raise SystemExit("server did not start") from None
                    time.sleep(0.5)
            load_s = time.perf_counter() - started
            baseline_s, _ = timed_get(f"{base}/tasks?workflow_id={workflow}&limit=1000")
            before = status_kb(server.pid, "VmRSS")
            Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # peak := current
            card_s, size = timed_get(f"{base}/workflows/{workflow}/reports/provenance-card")
            peak = status_kb(server.pid, "VmHWM")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        "| tasks | load | server RSS with data | card over HTTP | peak RSS added "
        "| baseline: list 1,000 | card / baseline | card size |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {count:,} | {load_s:.0f} s | {before / 1024:.0f} MB | {card_s:.2f} s "
        f"| {(peak - before) / 1024:.0f} MB | {baseline_s:.3f} s | {card_s / baseline_s:.1f}x "
        f"| {size / 1024:.1f} KB |"
    )


if __name__ == "__main__":
    main()
