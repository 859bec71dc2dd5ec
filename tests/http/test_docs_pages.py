"""The documentation pages: self-contained HTML, a strict CSP, and assets the service ships."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tornado.web import Application, RequestHandler

from flowcept.http.routes.docs import STATIC_DIR, page_routes
from tests.http.client import call, payload

PAGES = ["/redoc", "/docs"]
REMOTE_URL = re.compile(r"https?://", re.IGNORECASE)
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}

# Just enough OpenAPI for a viewer to draw one operation.
STAND_IN_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Flowcept stand-in", "version": "0"},
    "paths": {
        "/api/v1/tasks/query": {
            "post": {"tags": ["tasks"], "summary": "Query tasks", "responses": {"200": {}}}
        }
    },
}


class StandInSpecHandler(RequestHandler):
    """Serves the stand-in document where the real app serves its OpenAPI document."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(STAND_IN_SPEC))


@pytest.fixture
def app() -> Application:
    return Application([*page_routes, (r"/openapi.json", StandInSpecHandler)])


class Assets(HTMLParser):
    """Collects what a page loads and every attribute value it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.values: list[str] = []
        self.spec_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name: value or "" for name, value in attrs}
        self.values.extend(named.values())
        if tag == "script":
            self.loads.append(named.get("src", "<inline script>"))
        elif tag == "link":
            self.loads.append(named["href"])
        if "data-spec-url" in named:
            self.spec_urls.append(named["data-spec-url"])

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and data.strip():
            self.loads.append("<inline script>")


def parse(body: bytes) -> Assets:
    assets = Assets()
    assets.feed(body.decode())
    return assets


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("path", PAGES)
async def test_pages_are_html_under_a_strict_content_security_policy(
    http_server_client: Any, path: str
) -> None:
    response = await call(http_server_client, path)
    assert response.code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    sources = [source for values in policy.values() for source in values]
    assert not [s for s in sources if "*" in s or "eval" in s or REMOTE_URL.match(s)]


@pytest.mark.parametrize("path", PAGES)
async def test_every_asset_of_a_page_is_shipped_and_served_locally(
    http_server_client: Any, path: str
) -> None:
    page = parse((await call(http_server_client, path)).body)
    assert len(page.loads) >= 3
    for url in page.loads:
        if url == "data:,":  # the empty icon that spares a /favicon.ico request
            continue
        assert url.startswith("/static/") and "?v=" in url, url
        response = await call(http_server_client, url)
        assert response.code == 200, url
        suffix = Path(url.split("?")[0]).suffix
        assert response.headers["Content-Type"] == CONTENT_TYPES[suffix], url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # Versioned URLs are cacheable for long: Tornado's static file caching.
        assert "max-age=" in response.headers["Cache-Control"] and response.headers["Etag"]


@pytest.mark.parametrize("path", PAGES)
async def test_pages_render_the_openapi_document_of_the_service(
    http_server_client: Any, path: str
) -> None:
    page = parse((await call(http_server_client, path)).body)
    assert page.spec_urls == ["/openapi.json"]
    assert payload(await call(http_server_client, "/openapi.json"))["openapi"].startswith("3.")


async def test_nothing_a_page_loads_names_a_remote_url(http_server_client: Any) -> None:
    texts = {path: (await call(http_server_client, path)).body.decode() for path in PAGES}
    texts |= {str(p): p.read_text() for p in (STATIC_DIR / "init").iterdir()}
    assert {name: REMOTE_URL.findall(text) for name, text in texts.items()} == {
        name: [] for name in texts
    }
    # Swagger UI's default validator badge would post the document to validator.swagger.io.
    assert re.search(r"validatorUrl:\s*null", texts[str(STATIC_DIR / "init/swagger-ui-init.js")])


async def test_unchanged_assets_answer_304(http_server_client: Any) -> None:
    url = next(u for u in parse((await call(http_server_client, "/docs")).body).loads if "css" in u)
    first = await call(http_server_client, url)
    again = await call(http_server_client, url, headers={"If-None-Match": first.headers["Etag"]})
    assert again.code == 304


@pytest.mark.parametrize(
    "path", ["/static/missing.js", "/static/%2e%2e/routes/docs.py", "/static/..%2fapp.py"]
)
async def test_only_shipped_files_are_served(http_server_client: Any, path: str) -> None:
    response = await call(http_server_client, path)
    assert response.code in (403, 404)


def test_vendored_releases_and_their_licences_are_shipped() -> None:
    versions = dict(line.split()[:2] for line in (STATIC_DIR / "VERSIONS").read_text().splitlines())
    assert versions["redoc"].startswith("2.5.")
    assert versions["swagger-ui-dist"].startswith("5.")
    for name in (
        "redoc/redoc.standalone.js",
        "redoc/LICENSE",
        "swagger-ui/swagger-ui-bundle.js",
        "swagger-ui/swagger-ui.css",
        "swagger-ui/LICENSE",
        "swagger-ui/NOTICE",
        "README.md",
    ):
        assert (STATIC_DIR / name).stat().st_size > 0, name
