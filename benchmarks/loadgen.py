"""Fixed-concurrency HTTP load from a separate process: wrk when installed, else an asyncio client.

`run_load(base, load, settings)` drives `base` (http://host:port) with `settings.connections`
keep-alive connections for `settings.duration` seconds, cycling through `load.paths`, and returns
requests/s, p50 and p99 latency (ms) and the count of non-2xx answers and socket errors.
With wrk (Debian package `wrk`) the requests come from a generated Lua script (method, body, and
the paths to cycle through); without it, this file runs itself as a subprocess
(`python benchmarks/loadgen.py SPEC_JSON`), one asyncio process with the same connections.
"""

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Load:
    """What to ask: every request uses `method` and `body`; paths are taken in turn."""

    paths: list[str]
    method: str = "GET"
    body: str | None = None


@dataclass
class Settings:
    connections: int = 32
    threads: int = 1
    duration: float = 10.0
    tool: str = field(default_factory=lambda: "wrk" if shutil.which("wrk") else "asyncio")


def run_load(base: str, load: Load, settings: Settings) -> dict[str, float]:
    if settings.tool == "wrk":
        return _run_wrk(base, load, settings)
    spec = json.dumps({"base": base, "load": asdict(load), "settings": asdict(settings)})
    done = subprocess.run(
        [sys.executable, __file__, spec],
        capture_output=True,
        text=True,
        check=True,
        timeout=settings.duration + 120,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def _lua_script(load: Load) -> str:
    lines = ["local paths = {"]
    lines += [f"  {_lua_string(p)}," for p in load.paths]
    lines += ["}", "local i = 0", f"wrk.method = {_lua_string(load.method)}"]
    if load.body is not None:
        lines.append(f"wrk.body = {_lua_string(load.body)}")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    lines += [
        "request = function()",
        "  i = i % #paths + 1",
        "  return wrk.format(nil, paths[i])",
        "end",
    ]
    return "\n".join(lines) + "\n"


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS_MS[unit]


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s, p50, p99 (ms), requests, non-2xx and socket errors from `wrk --latency`."""
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if found is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    result = {
        "rps": float(found.group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "requests": float(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
        "non_2xx": 0.0,
        "errors": 0.0,
    }
    if bad := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non_2xx"] = float(bad.group(1))
    if errors := re.search(r"Socket errors: (.*)", output):
        result["errors"] = float(sum(int(n) for n in re.findall(r"\d+", errors.group(1))))
    return result


def _run_wrk(base: str, load: Load, settings: Settings) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua_script(load))
    try:
        command = [
            "wrk",
            f"-t{settings.threads}",
            f"-c{settings.connections}",
            f"-d{settings.duration:g}s",
            "--timeout",
            "60s",
            "--latency",
            "-s",
            script.name,
            base + load.paths[0],
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=settings.duration + 120
        )
    finally:
        Path(script.name).unlink()
    return parse_wrk(done.stdout)


# The asyncio load generator, run in its own process.


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _connection(
    host: str, port: int, requests: list[bytes], offset: int, until: float, out: dict[str, Any]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    n = offset
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(requests[n % len(requests)])
            status = await _read_response(reader)
            out["latencies"].append(time.perf_counter() - started)
            out["non_2xx"] += not 200 <= status < 400
            n += 1
    except (OSError, asyncio.IncompleteReadError):
        out["errors"] += 1
    finally:
        writer.close()


async def _drive(spec: dict[str, Any]) -> dict[str, float]:
    url, load, settings = urlsplit(spec["base"]), Load(**spec["load"]), Settings(**spec["settings"])
    host, port = url.hostname or "127.0.0.1", url.port or 80
    body = (load.body or "").encode()
    extra = (
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if load.body else ""
    )
    requests = [
        f"{load.method} {p} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode() + body
        for p in load.paths
    ]
    out: dict[str, Any] = {"latencies": [], "non_2xx": 0, "errors": 0}
    started = time.perf_counter()
    until = started + settings.duration
    await asyncio.gather(
        *(
            _connection(host, port, requests, c * 7919, until, out)
            for c in range(settings.connections)
        )
    )
    elapsed = time.perf_counter() - started
    latencies = sorted(out["latencies"]) or [0.0]
    return {
        "rps": len(out["latencies"]) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "requests": float(len(out["latencies"])),
        "non_2xx": float(out["non_2xx"]),
        "errors": float(out["errors"]),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_drive(json.loads(sys.argv[1])))))
