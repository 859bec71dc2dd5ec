"""Helpers for benchmarks of the served API: the server process, its memory, streaming reads.

The server runs as users run it (`python -m flowcept.http.server --port P --data DIR ...`); its
memory is read from /proc/PID/status (VmRSS sampled every 50 ms while a stream runs, VmHWM after
resetting it through /proc/PID/clear_refs). Streams are read with http.client into one reused
buffer and discarded, so the client neither holds nor copies the body.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
READ_BUFFER = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def start(
    command: list[str], ready_url: str, timeout: float
) -> tuple[subprocess.Popen[bytes], float]:
    """Start `command` and wait until `ready_url` answers 200; returns the process and seconds."""
    process = subprocess.Popen(command, cwd=ROOT)
    started = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(ready_url, timeout=5) as response:
                if response.status == 200:
                    return process, time.perf_counter() - started
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"{command[:4]} exited with status {process.returncode}")
        if time.perf_counter() - started > timeout:
            stop(process)
            raise SystemExit(f"{ready_url} not ready after {timeout:.0f} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_command(port: int, data: list[Path]) -> list[str]:
    command = [sys.executable, "-m", "flowcept.http.server", "--port", str(port)]
    for directory in data:
        command += ["--data", str(directory)]
    return command + ["--log-level", "WARNING"]


class RssWatch:
    """Resident memory of `pid` while a block runs: `before`, `peak` (max of samples and VmHWM)."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every = pid, every
        self.before = self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(self.every):
            self.peak = max(self.peak, status_kb(self.pid, "VmRSS"))

    def __enter__(self) -> "RssWatch":
        self.before = self.peak = status_kb(self.pid, "VmRSS")
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # VmHWM := current
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, status_kb(self.pid, "VmHWM"))

    @property
    def added_mb(self) -> float:
        return (self.peak - self.before) / 1024


def stream(port: int, path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """GET `path`, reading the body into a reused buffer: status, bytes, seconds, newlines."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    buffer = bytearray(READ_BUFFER)
    view = memoryview(buffer)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    total = lines = 0
    while count := response.readinto(view):
        total += count
        lines += buffer.count(b"\n", 0, count)
    seconds = time.perf_counter() - started
    connection.close()
    return {"status": response.status, "bytes": total, "seconds": seconds, "lines": lines}


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
    """One request on a fresh connection: status, body, seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, body, seconds


def page_through(port: int, workflow: str, limit: int) -> dict[str, Any]:
    """Follow next_cursor through a workflow's tasks on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    seen: set[str] = set()
    pages = repeats = 0
    cursor = None
    started = time.perf_counter()
    while True:
        path = f"/api/v1/tasks?workflow_id={workflow}&limit={limit}"
        if cursor:
            path += f"&cursor={urllib.parse.quote(cursor)}"
        connection.request("GET", path)
        response = connection.getresponse()
        page = json.loads(response.read())
        if response.status != 200:
            raise RuntimeError(f"paging failed: {response.status} {page}")
        pages += 1
        for item in page["items"]:
            repeats += item["task_id"] in seen
            seen.add(item["task_id"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    seconds = time.perf_counter() - started
    connection.close()
    return {"pages": pages, "seconds": seconds, "seen": len(seen), "repeats": repeats}


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time so far (/proc/PID/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(pid: int, idle_share: float = 0.05, window: float = 0.5, timeout: float = 600) -> float:
    """Wait until the server has drained the requests a load run left queued: its CPU use over
    `window` seconds falls under `idle_share` (a liveness probe can answer quickly while queued
    queries still hold the interpreter, so latency alone is no sign); returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < idle_share * window:
            break
    return time.perf_counter() - started
