"""Token access, CORS and security headers, as a client over HTTP sees them."""

from collections.abc import Iterator
from typing import Any

import pytest
from tornado.ioloop import IOLoop
from tornado.web import Application

from flowcept.http.app import make_app
from tests import seed
from tests.conftest import memory_store
from tests.http.client import call, payload

TOKEN = "t0ken-for-tests_0123456789"
ORIGIN = "https://lab.example.org"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PREFLIGHT = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}


@pytest.fixture
def app(io_loop: IOLoop) -> Iterator[Application]:
    """The API with a token and one allowed origin (the HTTP layer is the same on every store)."""
    for seeded in memory_store(seed.collections(), io_loop):
        yield make_app(seeded, api_token=TOKEN, cors_origins=(ORIGIN,))


# The token


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/tasks",
        "/api/v1/tasks/t-1",
        "/api/v1/objects/model-1/download",
        "/api/v1/tasks/export",
        "/api/v1/no/such/route",
    ],
)
async def test_api_routes_without_the_token_are_401_with_a_challenge(
    http_server_client: Any, path: str
) -> None:
    response = await call(http_server_client, path)
    assert response.code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="flowcept"'
    assert payload(response) == {
        "detail": "Missing bearer token: send `Authorization: Bearer <token>`"
    }


async def test_a_wrong_token_is_401_invalid_token(http_server_client: Any) -> None:
    response = await call(
        http_server_client, "/api/v1/tasks", headers={"Authorization": "Bearer nope"}
    )
    assert response.code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="flowcept", error="invalid_token"'
    assert payload(response) == {"detail": "Invalid bearer token"}
    assert TOKEN not in response.body.decode()


@pytest.mark.parametrize(
    "authorization", [f"Basic {TOKEN}", TOKEN, "Bearer", "Bearer ", f"Bearer {TOKEN}x", "Bearer é"]
)
async def test_anything_but_the_exact_bearer_token_is_401(
    http_server_client: Any, authorization: str
) -> None:
    response = await call(
        http_server_client, "/api/v1/tasks", headers={"Authorization": authorization}
    )
    assert response.code == 401


async def test_the_token_opens_every_kind_of_route(http_server_client: Any) -> None:
    assert (await call(http_server_client, "/api/v1/tasks", headers=BEARER)).code == 200
    assert (await call(http_server_client, "/api/v1/tasks/t-1", headers=BEARER)).code == 200
    query = await call(http_server_client, "/api/v1/tasks/query", "POST", {}, headers=BEARER)
    assert query.code == 200
    scheme_in_any_case = {"Authorization": f"bearer {TOKEN}"}
    assert (await call(http_server_client, "/api/v1/", headers=scheme_in_any_case)).code == 200


async def test_unauthenticated_queries_are_refused_before_their_body_is_read(
    http_server_client: Any,
) -> None:
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", {"filter": {}})
    assert response.code == 401


@pytest.mark.parametrize("path", ["/api/v1/health/live", "/api/v1/health/ready"])
async def test_health_checks_need_no_token(http_server_client: Any, path: str) -> None:
    assert (await call(http_server_client, path)).code == 200


@pytest.mark.parametrize("path", ["/redoc", "/docs", "/openapi.json"])
async def test_documentation_needs_no_token(http_server_client: Any, path: str) -> None:
    assert (await call(http_server_client, path)).code == 200


async def test_the_openapi_document_declares_the_bearer_scheme(http_server_client: Any) -> None:
    document = payload(await call(http_server_client, "/openapi.json"))
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    tasks = document["paths"]["/api/v1/tasks"]["get"]
    assert tasks["security"] == [{"bearerAuth": []}, {}]
    assert "401" in tasks["responses"]
    live = document["paths"]["/api/v1/health/live"]["get"]
    assert live["security"] == [] and "401" not in live["responses"]


# CORS


async def test_an_allowed_origin_gets_cors_headers(http_server_client: Any) -> None:
    response = await call(
        http_server_client, "/api/v1/tasks/t-1", headers={**BEARER, "Origin": ORIGIN}
    )
    assert response.code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.headers["Vary"]
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert {"ETag", "X-Request-ID", "Content-Range"} <= set(exposed.replace(" ", "").split(","))
    assert "Access-Control-Allow-Credentials" not in response.headers


async def test_errors_to_an_allowed_origin_carry_cors_headers_too(http_server_client: Any) -> None:
    response = await call(http_server_client, "/api/v1/tasks", headers={"Origin": ORIGIN})
    assert response.code == 401
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


async def test_another_origin_gets_no_cors_headers(http_server_client: Any) -> None:
    response = await call(
        http_server_client, "/api/v1/tasks", headers={**BEARER, "Origin": "https://evil.example"}
    )
    assert response.code == 200
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


async def test_a_preflight_from_an_allowed_origin_is_204_without_the_token(
    http_server_client: Any,
) -> None:
    response = await call(
        http_server_client,
        "/api/v1/tasks/query",
        "OPTIONS",
        headers={**PREFLIGHT, "Access-Control-Request-Headers": "authorization,content-type"},
    )
    assert response.code == 204 and response.body == b""
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert response.headers["Access-Control-Allow-Methods"] == "GET, POST"
    allowed = set(response.headers["Access-Control-Allow-Headers"].replace(" ", "").split(","))
    assert allowed == {"Authorization", "Content-Type", "If-None-Match", "Range", "X-Request-ID"}
    assert int(response.headers["Access-Control-Max-Age"]) > 0


async def test_a_preflight_from_another_origin_is_405_without_cors_headers(
    http_server_client: Any,
) -> None:
    headers = {**PREFLIGHT, "Origin": "https://evil.example"}
    response = await call(http_server_client, "/api/v1/tasks/query", "OPTIONS", headers=headers)
    assert response.code == 405
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_options_that_is_not_a_preflight_stays_405(http_server_client: Any) -> None:
    response = await call(http_server_client, "/api/v1/tasks", "OPTIONS")
    assert response.code == 405 and response.headers["Allow"] == "GET"


# Security headers


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/api/v1/tasks", BEARER, 200),
        ("/api/v1/tasks", {}, 401),
        ("/api/v1/tasks/no-such-task", BEARER, 404),
        ("/api/v1/tasks?limit=0", BEARER, 400),
        ("/nowhere", {}, 404),
        ("/openapi.json", {}, 200),
        ("/redoc", {}, 200),
        ("/docs", {}, 200),
        ("/api/v1/objects/model-1/download", BEARER, 200),
    ],
)
async def test_every_response_carries_the_security_headers(
    http_server_client: Any, path: str, headers: dict[str, str], status: int
) -> None:
    response = await call(http_server_client, path, headers=headers)
    assert response.code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == (
        "no-store" if status >= 400 else "private, no-cache"
    )


async def test_json_responses_get_a_csp_that_allows_nothing(http_server_client: Any) -> None:
    response = await call(http_server_client, "/api/v1/tasks", headers=BEARER)
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )


async def test_the_docs_pages_keep_their_own_csp(http_server_client: Any) -> None:
    response = await call(http_server_client, "/redoc")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


async def test_static_assets_keep_their_long_cache(http_server_client: Any) -> None:
    page = (await call(http_server_client, "/docs")).body.decode()
    asset = page.split('<script src="')[1].split('"')[0].replace("&amp;", "&")
    response = await call(http_server_client, asset)
    assert response.code == 200 and "max-age=" in response.headers["Cache-Control"]
    assert response.headers["X-Frame-Options"] == "DENY"
