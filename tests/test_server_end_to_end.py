"""The server as a user starts it: `python -m flowcept.http.server`, real sockets, real files."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import seed
from tests.conftest import FIXTURES
from tests.serving import CLEAN_CONFIG, free_port, get, running_server
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
