"""The documentation pages rendered by headless Chromium, against the server a user starts."""

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.serving import get, running_server

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's headless Chromium: apt-get install chromium"
)

# Closed to everything but loopback: names other than 127.0.0.1 do not resolve, and whatever
# would still go out is sent to a proxy on a port nothing listens on.
OFFLINE = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
    # The page's console (errors, CSP refusals) goes to stderr.
    "--enable-logging=stderr",
    "--v=0",
    *OFFLINE,
]
# The one refusal expected: ReDoc's sidebar logo on cdn.redoc.ly (flowcept/http/static/README.md).
EXPECTED_REFUSAL = "cdn.redoc.ly"


@dataclass
class Rendered:
    """What a page became in the browser."""

    dom: str
    console: list[str]
    screenshot: Path


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The demo server's root URL, once it serves the documentation pages."""
    with running_server() as (base, _):
        root = base.removesuffix("/api/v1")
        assert get(root + "/openapi.json")[0] == 200, "the pages render /openapi.json: not served"
        assert get(root + "/redoc")[0] == 200, "docs.page_routes are not in the application"
        yield root


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """Where screenshots go: FLOWCEPT_BROWSER_OUTPUT if set (e.g. a CI artefact), else tmp_path."""
    directory = Path(os.environ.get("FLOWCEPT_BROWSER_OUTPUT") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def render(url: str, profile: Path, screenshot: Path) -> Rendered:
    """The DOM after the page's scripts ran, its console lines, and a screenshot."""
    dumped = chromium(profile, "--dump-dom", url)
    chromium(profile, f"--screenshot={screenshot}", "--window-size=1280,2000", url)
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    return Rendered(dumped.stdout, console, screenshot)


def shows(dom: str, text: str) -> bool:
    """Whether `text` is the whole text of some element."""
    return re.search(rf">\s*{re.escape(text)}\s*<", dom) is not None


@pytest.mark.parametrize(
    ("path", "failure"),
    [("/redoc", "Something went wrong"), ("/docs", "Failed to load API definition")],
)
def test_page_renders_the_operations_with_the_network_closed(
    server: str, output: Path, tmp_path: Path, path: str, failure: str
) -> None:
    page = render(server + path, tmp_path / "profile", output / f"{path.strip('/')}.png")
    assert failure not in page.dom
    assert "/api/v1/tasks/query" in page.dom
    for tag in ("tasks", "workflows"):
        assert shows(page.dom, tag), f"tag {tag} not shown"
    assert not [line for line in page.console if "Uncaught" in line], page.console
    refusals = [line for line in page.console if "Content Security Policy" in line]
    assert all(EXPECTED_REFUSAL in line for line in refusals), refusals
    assert page.screenshot.stat().st_size > 10_000, "blank screenshot"
