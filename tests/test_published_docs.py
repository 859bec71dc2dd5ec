"""The committed OpenAPI files are current, and the Sphinx site builds and publishes them."""

import filecmp
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = ROOT / "docs" / "openapi"
FILES = ("flowcept-openapi.json", "flowcept-openapi.yaml")


def test_committed_spec_files_equal_what_the_code_generates(tmp_path: Path):
    script = SPEC_DIR / "scripts" / "generate_openapi.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, timeout=120)
    for name in FILES:
        assert filecmp.cmp(tmp_path / name, SPEC_DIR / name, shallow=False), (
            f"docs/openapi/{name} is stale: run python docs/openapi/scripts/generate_openapi.py"
        )


def test_sphinx_builds_without_warnings_and_publishes_the_spec_at_the_root(tmp_path: Path):
    out = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-b",
            "html",
            "-q",
            str(ROOT / "docs"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in FILES:
        assert (out / name).read_bytes() == (SPEC_DIR / name).read_bytes()
    assert not (out / "scripts").exists()
    page = (out / "rest-api.html").read_text(encoding="utf-8")
    for text in ("/api/v1/tasks/query", "/redoc", "flowcept-openapi.yaml", "Default ordering"):
        assert text in page
