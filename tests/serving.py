"""Start the server as a user would, in a subprocess, and talk to it over real sockets."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# The machine's own Flowcept settings must not leak into tests that expect the embedded store.
CLEAN_CONFIG = {
    name: ""
    for name in ("MONGO_URI", "MONGO_HOST", "MONGO_PORT", "MONGO_ENABLED", "FLOWCEPT_SETTINGS_PATH")
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def running_server(
    *args: str, env: dict[str, str] | None = None, probe: str = "/health/ready"
) -> Iterator[tuple[str, Callable[[], str]]]:
    """Start the server as a user would; yield its base URL and a reader of its log."""
    port = free_port()
    with (
        tempfile.TemporaryFile() as log,
        subprocess.Popen(
            [sys.executable, "-m", "flowcept.http.server", "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **CLEAN_CONFIG, **(env or {})},
        ) as process,
    ):

        def output() -> str:
            log.seek(0)
            return log.read().decode()

        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            wait_until_ready(process, base + probe, output)
            yield base, output
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert process.returncode == 0, output()


def wait_until_ready(process: subprocess.Popen[bytes], url: str, output: Callable[[], str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early:\n{output()}")
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"server did not become ready in 20 s:\n{output()}")
