"""Soak: many concurrent clients, valid and hostile requests, for a while; the server must hold.

    .venv/bin/python benchmarks/soak.py [--clients 200] [--seconds 60] [--outage] [--data PATH]

Starts the server as users do (`python -m flowcept.http.server --port P`, on the demo data unless
--data or --tasks says otherwise), reads its OpenAPI document and ids from its data, then from a
separate process runs --clients asyncio clients on keep-alive loopback connections for --seconds,
mixing every documented operation with hostile requests (benchmarks/soak_mix.py). Prints the
requests, req/s, counts by status class and status, dropped connections, p50/p99 latency, and
the hostile kinds' statuses. Exits 1 on any 5xx or dropped connection.

--outage serves through benchmarks/soak_outage.py instead: the same server over a database double
that fails every call for --outage-seconds (10) from --outage-at (a third of the run). Then 503s
are expected from requests that overlap the outage, and only then; requests started after it must
all be answered 2xx, 3xx or 4xx, with no restart in between. Streams cut by the outage after their
200 had been sent (an export) count apart, as "cut by the outage", not as dropped.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synthetic  # noqa: E402
from benchmarks.soak_client import CUT, DROPPED, LoadSpec, Record, run_load  # noqa: E402
from benchmarks.soak_mix import catalogue  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, in seconds")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--data", action="append", default=[], help="served instead of the demo")
    parser.add_argument("--tasks", type=int, default=0, help="serve N synthetic tasks instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-keep-alive", action="store_true", help="a new connection for every request"
    )
    parser.add_argument("--outage", action="store_true", help="the store fails for a while")
    parser.add_argument("--outage-at", type=float, default=None, help="default: a third in")
    parser.add_argument("--outage-seconds", type=float, default=10.0)
    return parser.parse_args()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def write_synthetic(directory: Path, count: int) -> Path:
    with (directory / "tasks.jsonl").open("w") as out:
        for task in synthetic.tasks("wf-soak", count):
            out.write(json.dumps(task) + "\n")
    (directory / "workflows.jsonl").write_text(
        json.dumps({"workflow_id": "wf-soak", "name": "soak", "utc_timestamp": 1.7e9}) + "\n"
    )
    return directory


def start_server(
    args: argparse.Namespace, port: int, flag: Path, workdir: Path
) -> subprocess.Popen:
    module = (
        ["-m", "benchmarks.soak_outage", "--outage-flag", str(flag)]
        if args.outage
        else ["-m", "flowcept.http.server"]
    )
    data = [str(write_synthetic(workdir, args.tasks))] if args.tasks else args.data
    command = [sys.executable, *module, "--port", str(port), "--log-level", "WARNING"]
    command += [part for path in data for part in ("--data", path)]
    # The log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited: {server_log(workdir)[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/health/ready", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server not ready in 120 s")


def server_log(workdir: Path) -> str:
    return (workdir / "server.log").read_text(errors="replace")


def run_outage(flag: Path, start: float, at: float, length: float, window: list[float]) -> None:
    """Create the flag `at` seconds after `start`, remove it `length` seconds later."""
    time.sleep(max(0.0, start + at - time.time()))
    flag.touch()
    window.append(time.time())
    time.sleep(length)
    flag.unlink()
    window.append(time.time())


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(title: str, records: list[Record], seconds: float) -> Counter[int]:
    statuses = Counter(r.status for r in records)
    answered = [r.seconds * 1000 for r in records if r.status != DROPPED]
    classes = Counter(f"{s // 100}xx" for s in statuses.elements() if s != DROPPED)
    print(f"\n{title}: {len(records)} requests, {len(records) / seconds:.0f} req/s")
    print("  by class:  " + ", ".join(f"{c} {n}" for c, n in sorted(classes.items())))
    print("  by status: " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()) if s))
    print(f"  dropped connections: {statuses[DROPPED]}")
    p50, p99 = percentile(answered, 0.5), percentile(answered, 0.99)
    print(f"  latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    return statuses


def main() -> int:
    args = parse_args()
    port = args.port or free_port()
    with tempfile.TemporaryDirectory() as work:
        flag = Path(work) / "outage"
        server = start_server(args, port, flag, Path(work))
        try:
            requests, weights = catalogue(f"http://{HOST}:{port}", f"{HOST}:{port}")
            spec = LoadSpec(
                HOST,
                port,
                requests,
                weights,
                args.clients,
                args.seconds,
                args.timeout,
                args.seed,
                keep_alive=not args.no_keep_alive,
            )
            print(
                f"{len(requests)} distinct requests ({sum(r.kind == 'valid' for r in requests)}"
                f" valid); {args.clients} clients for {args.seconds:.0f} s on port {port}"
                f"{'' if spec.keep_alive else ', a new connection per request'}"
            )
            window: list[float] = []
            start = time.time()
            if args.outage:
                at = args.seconds / 3 if args.outage_at is None else args.outage_at
                threading.Thread(
                    target=run_outage,
                    daemon=True,
                    args=(flag, start, at, args.outage_seconds, window),
                ).start()
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                records = pool.submit(run_load, spec).result()
            elapsed = time.time() - start
        finally:
            server.terminate()
            server.wait(timeout=60)
        lines = server_log(Path(work)).splitlines()
        print(f"server: exit status {server.returncode}, {len(lines)} log lines (WARNING and up)")
        for line in lines[-3:]:
            print("  " + line[:300])
    return report(args, records, elapsed, window)


def report(
    args: argparse.Namespace, records: list[Record], elapsed: float, window: list[float]
) -> int:
    statuses = summary("all", records, elapsed)
    errors = Counter(r.error for r in records if r.status == DROPPED)
    if errors:
        print("  dropped by error: " + ", ".join(f"{e} {n}" for e, n in errors.most_common()))
    by_kind: dict[str, Counter[int]] = {}
    for r in records:
        by_kind.setdefault(r.kind, Counter())[r.status] += 1
    print("  by kind:")
    for kind, counts in sorted(by_kind.items()):
        print(
            f"    {kind:20} "
            + ", ".join(f"{s or 'dropped'} {n}" for s, n in sorted(counts.items()))
        )
    if not args.outage:
        bad = sum(n for s, n in statuses.items() if s >= 500 or s == DROPPED)
        print(f"\n{'FAIL' if bad else 'PASS'}: {bad} answers 5xx or dropped")
        return 1 if bad else 0
    if len(window) < 2:
        print("FAIL: the outage window did not complete within the run")
        return 1
    opened, closed = window
    overlap = [r for r in records if r.start <= closed and r.start + r.seconds >= opened]
    before = [r for r in records if r.start + r.seconds < opened]
    after = [r for r in records if r.start > closed]
    print(f"\noutage: {closed - opened:.1f} s, from {opened - records[0].start:.1f} s into the run")
    summary("before the outage", before, max(opened - min(r.start for r in records), 1e-9))
    during = summary("overlapping the outage", overlap, closed - opened)
    summary("after the outage", after, max(max(r.start for r in records) - closed, 1e-9))
    problems = sum(1 for r in before + after if r.status >= 500 or r.status == DROPPED)
    problems += sum(1 for r in overlap if r.status >= 500 and r.status != 503)
    # A stream whose 200 went out before the outage can only end early: the one excused drop.
    cut = sum(1 for r in overlap if r.status == DROPPED and r.error == CUT)
    problems += sum(1 for r in overlap if r.status == DROPPED) - cut
    recovered = any(200 <= r.status < 300 for r in after)
    print(f"  overlapping: 503 {during[503]}, cut by the outage (streams begun before it) {cut}")
    ok = not problems and during[503] > 0 and recovered
    print(
        f"\n{'PASS' if ok else 'FAIL'}: {problems} dropped, or 5xx but the outage's 503s; "
        f"{during[503]} 503s during it; {'recovered' if recovered else 'no 2xx after it'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
