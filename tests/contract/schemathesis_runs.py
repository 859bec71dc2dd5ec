"""schemathesis run against the demo server started as users start it."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.serving import running_server


def run_schemathesis(options: list[str], report_dir: Path, timeout: float) -> str:
    """Run `schemathesis run` on the live server's own document with `options`; its output, once
    it has passed (a failure fails the calling test with the end of that output)."""
    command = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert command, "schemathesis is a dev dependency"
    with running_server("--log-level", "WARNING") as (base, _):
        root = base.removesuffix("/api/v1")
        result = subprocess.run(
            [command, "run", f"{root}/openapi.json", "--url", root, *options]
            + ["--report", "junit", "--report-dir", str(report_dir)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return result.stdout
