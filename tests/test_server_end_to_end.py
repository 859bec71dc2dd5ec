"""The server as a user starts it: `python -m flowcept.http.server`, real sockets, real files."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import seed
from tests.conftest import FIXTURES
from tests.serving import CLEAN_CONFIG, free_port, get, running_server, wait_until_ready
from tests.test_loading import write_export


@pytest.fixture
def export_server(tmp_path: Path) -> Iterator[str]:
    with running_server("--data", str(write_export(tmp_path / "dump"))) as (base, _):
        yield base


def test_server_on_export_files_answers_every_kind_of_endpoint(export_server: str):
    status, _, body = get(export_server + "/tasks?workflow_id=wf-a&limit=2")
    assert status == 200
    assert [t["task_id"] for t in json.loads(body)["items"]] == ["t-1", "t-2"]

    status, _, body = get(export_server + "/workflows/wf-b")
    assert (status, json.loads(body)["parent_workflow_id"]) == (200, "wf-a")

    request = urllib.request.Request(
        export_server + "/models/query",
        data=json.dumps({"projection": ["object_id"]}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.loads(response.read())["items"] == [
            {"object_id": "model-1"},
            {"object_id": "model-2"},
        ]

    status, headers, body = get(export_server + "/objects/model-1/versions/1/download")
    assert (status, body) == (200, seed.MODEL_V1_BYTES)
    assert headers["Content-Disposition"] == 'attachment; filename="model-1.v1.bin"'

    status, _, body = get(export_server + "/objects/model-1/history")
    assert [v["version"] for v in json.loads(body)["items"]] == [2, 1, 0]

    status, _, body = get(export_server + "/tasks?filter_json=%7B%22%24where%22%3A1%7D")
    assert (status, json.loads(body)) == (400, {"detail": "Unsupported filter operator: $where"})


def test_server_without_data_serves_the_demo_dataset():
    with running_server() as (base, output):
        status, _, body = get(base + "/workflows")
        assert status == 200 and json.loads(body)["count"] >= 3
        status, _, body = get(base + "/models")
        model = json.loads(body)["items"][0]["object_id"]
        status, headers, body = get(f"{base}/models/{model}/download")
        assert status == 200 and len(body) == int(headers["Content-Length"]) > 0
        assert "embedded store with the demo data (no database configured)" in output()


def test_a_malformed_export_stops_start_up_naming_file_and_line(tmp_path: Path):
    (tmp_path / "tasks.jsonl").write_text('{"task_id": "a"}\n{oops\n')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "flowcept.http.server",
            "--port",
            str(free_port()),
            "--data",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"{tmp_path / 'tasks.jsonl'}:2:" in result.stderr


def test_server_loads_the_real_flowcept_exports_given_with_data():
    with running_server("--data", str(FIXTURES)) as (base, output):
        status, _, body = get(base + "/tasks?workflow_id=wf_1df28552-c34e-4ee8-8fba-3b3d57b71839")
        tasks = json.loads(body)["items"]
        assert status == 200 and len(tasks) == 9
        assert tasks[0]["started_at"] <= tasks[1]["started_at"]
        status, _, body = get(base + "/tasks?status=FINISHED&limit=1000")
        assert status == 200 and json.loads(body)["count"] > 0
        assert "'tasks': 274" in output()


def _assert_serves_503_while_the_database_is_away(base: str) -> None:
    started = time.monotonic()
    status, _, body = get(base + "/tasks")
    assert status == 503
    assert json.loads(body)["detail"].startswith("MongoDB unavailable: 127.0.0.1:")
    assert time.monotonic() - started < 5
    status, _, body = get(base + "/health/ready")
    assert (status, json.loads(body)["status"]) == (503, "degraded")
    assert "mongodb" in json.loads(body)["services"]


@pytest.mark.parametrize("source", ["command line", "environment", "settings file"])
def test_server_uses_mongodb_from_each_configuration_source(tmp_path: Path, source: str):
    uri = f"mongodb://reader:s3cret@127.0.0.1:{free_port()}/"
    args: tuple[str, ...] = ("--server-selection-timeout-ms", "300")
    env: dict[str, str] = {}
    if source == "command line":
        args += ("--mongo-uri", uri)
        expected = "command line --mongo-uri"
    elif source == "environment":
        env["MONGO_URI"] = uri
        expected = "environment MONGO_URI"
    else:
        settings = tmp_path / "settings.yaml"
        settings.write_text(
            f"databases:\n  mongodb:\n    enabled: true\n    uri: {uri}\n    db: flowcept\n"
        )
        env["FLOWCEPT_SETTINGS_PATH"] = str(settings)
        expected = "settings file"
    with running_server(*args, env=env, probe="/health/live") as (base, output):
        _assert_serves_503_while_the_database_is_away(base)
        log = output()
    assert "store: MongoDB mongodb://reader:***@127.0.0.1:" in log
    assert expected in log
    assert "s3cret" not in log


def test_bad_settings_stop_start_up_with_a_clear_message(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "flowcept.http.server", "--port", "fifty"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "bad configuration" in result.stderr and "fifty" in result.stderr


def test_the_index_command_needs_a_configured_database():
    result = subprocess.run(
        [sys.executable, "-m", "flowcept.http.indexes"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **CLEAN_CONFIG},
    )
    assert result.returncode == 2
    assert "no MongoDB is configured" in result.stderr


def test_workers_share_the_port_and_stop_together_on_sigterm():
    with running_server("--workers", "2") as (base, output):
        for _ in range(20):
            assert get(base + "/health/live")[0] == 200
        deadline = time.monotonic() + 10
        while output().count("serving http://") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        log = output()
    started = [line for line in log.splitlines() if "serving http://" in line]
    assert len({line.rsplit("pid", 1)[1] for line in started}) == 2
    assert "starting 2 workers" in log


# Access control and graceful shutdown, with the server as a user starts it


@contextmanager
def started_server(*args: str) -> Iterator[tuple[subprocess.Popen[bytes], int, Callable[[], str]]]:
    """The server in a subprocess; yields the process, its port and a reader of its log."""
    port = free_port()
    with (
        tempfile.TemporaryFile() as log,
        subprocess.Popen(
            [sys.executable, "-m", "flowcept.http.server", "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **CLEAN_CONFIG, "FLOWCEPT_API_TOKEN": ""},
        ) as process,
    ):

        def output() -> str:
            log.seek(0)
            return log.read().decode()

        try:
            wait_until_ready(process, f"http://127.0.0.1:{port}/api/v1/health/live", output)
            yield process, port, output
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def open_query(port: int, body: bytes) -> socket.socket:
    """A query whose body is still to come: the request is in flight until `finish_query`."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = f"POST /api/v1/tasks/query HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}\r\n\r\n"
    sock.sendall(head.encode() + body[:1])
    return sock


def finish_query(sock: socket.socket, body: bytes) -> tuple[int, bytes]:
    sock.sendall(body[1:])
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    sock.close()
    head, _, content = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), content


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def wait_for(output: Callable[[], str], text: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while text not in output():
        assert time.monotonic() < deadline, f"no {text!r} in:\n{output()}"
        time.sleep(0.05)


QUERY = b'{"projection": ["task_id"], "limit": 3}'


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_finishes_the_request_in_flight_refuses_new_ones_and_exits_0(workers: str):
    with started_server("--shutdown-grace", "8", "--workers", workers) as (process, port, output):
        if workers == "2":
            wait_for(lambda: str(output().count("serving http://")), "2")
        sock = open_query(port, QUERY)
        time.sleep(0.3)  # the headers are read: the request is in flight
        process.send_signal(signal.SIGTERM)
        wait_for(output, "no longer accepting connections")
        assert refused(port)
        time.sleep(0.5)  # the request still waits for its body, well inside the grace period
        status, body = finish_query(sock, QUERY)
        assert status == 200 and json.loads(body)["count"] == 3
        started = time.monotonic()
        assert process.wait(timeout=8) == 0
        assert time.monotonic() - started < 8
        log = output()
    assert "SIGTERM: no longer accepting connections; waiting up to 8s for 1 request(s)" in log
    for step in ("no request in flight", "connections closed", "store closed"):
        assert step in log
    if workers == "2":
        assert "SIGTERM: passing it on to 2 worker(s)" in log


def test_sigint_lets_a_long_export_stream_to_its_end(tmp_path: Path):
    tasks = [
        {"task_id": f"t-{n:05d}", "workflow_id": "wf", "started_at": n, "padding": "x" * 2000}
        for n in range(4000)
    ]
    (tmp_path / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks))
    with started_server("--data", str(tmp_path)) as (process, port, output):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET /api/v1/tasks/export HTTP/1.1\r\nHost: t\r\n\r\n")
        received = sock.recv(65536)
        process.send_signal(signal.SIGINT)
        wait_for(output, "SIGINT: no longer accepting connections")
        while not received.endswith(b"\r\n0\r\n\r\n"):  # a slow reader, to the last chunk
            chunk = sock.recv(65536)
            assert chunk, "the stream was cut"
            received += chunk
            time.sleep(0.001)
        sock.close()
        assert process.wait(timeout=10) == 0
    assert received.startswith(b"HTTP/1.1 200 ")
    assert received.count(b'"task_id"') == 4000


def test_a_request_past_the_grace_period_is_closed_and_the_server_still_exits_0():
    with started_server("--shutdown-grace", "0.5") as (process, port, output):
        sock = open_query(port, QUERY)  # its body never comes
        time.sleep(0.3)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
        assert time.monotonic() - started < 3
        assert sock.recv(100) == b""  # closed without an answer: the client never sent its body
        sock.close()
        assert "grace period over: closing 1 request(s) still in flight" in output()


def test_a_token_file_guards_the_api_and_never_reaches_the_log(tmp_path: Path):
    token_file = tmp_path / "token"
    token_file.write_text("e2e-secret-token\n")
    with running_server("--api-token-file", str(token_file)) as (base, output):
        status, headers, _ = get(base + "/tasks")
        challenge = {name.lower(): value for name, value in headers.items()}["www-authenticate"]
        assert status == 401 and challenge == 'Bearer realm="flowcept"'
        request = urllib.request.Request(
            base + "/tasks", headers={"Authorization": "Bearer e2e-secret-token"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
        log = output()
    assert "bearer token required on /api/v1 except /health (from command line" in log
    assert "e2e-secret-token" not in log
    access = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    # The readiness probe of `running_server`, then ours (the last line may still be on its way).
    assert [(a["path"], a["status"]) for a in access][:2] == [
        ("/api/v1/health/ready", 200),
        ("/api/v1/tasks", 401),
    ]


@pytest.mark.parametrize("content", [None, "", "\n"])
def test_a_missing_or_empty_token_file_stops_start_up(tmp_path: Path, content: str | None):
    token_file = tmp_path / "token"
    if content is not None:
        token_file.write_text(content)
    result = subprocess.run(
        [sys.executable, "-m", "flowcept.http.server", "--port", str(free_port())]
        + ["--api-token-file", str(token_file)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **CLEAN_CONFIG},
    )
    assert result.returncode == 2
    assert f"bad configuration: command line --api-token-file {token_file}" in result.stderr
    assert ("does not exist" if content is None else "is empty") in result.stderr
