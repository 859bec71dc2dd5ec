"""Root, health, unknown routes and methods."""

import pytest

from flowcept import __version__
from tests.http.client import call, payload


async def test_root_names_the_service_and_version(http_server_client):
    for path in ("/api/v1/", "/api/v1"):
        response = await call(http_server_client, path)
        assert response.code == 200
        assert payload(response) == {
            "status": "up",
            "service": "flowcept-webservice",
            "version": __version__,
        }


async def test_liveness_and_readiness(http_server_client):
    live = await call(http_server_client, "/api/v1/health/live")
    assert (live.code, payload(live)) == (200, {"status": "ok"})
    ready = await call(http_server_client, "/api/v1/health/ready")
    assert (ready.code, payload(ready)) == (200, {"status": "ready"})


async def test_unknown_routes_are_json_404(http_server_client):
    for path in ("/nope", "/api/v1/nope", "/api/v1/tasks/a/b"):
        response = await call(http_server_client, path)
        assert response.code == 404
        assert payload(response) == {"detail": f"Not found: {path}"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/v1/tasks/t-1", "GET"),
        ("PUT", "/api/v1/workflows/wf-a", "GET"),
        ("PATCH", "/api/v1/objects/ds-1", "GET"),
        ("POST", "/api/v1/tasks", "GET"),
        ("GET", "/api/v1/tasks/query", "POST"),
        ("DELETE", "/api/v1/models/query", "POST"),
    ],
)
async def test_writes_and_wrong_methods_are_405_with_allow(http_server_client, method, path, allow):
    body = b"{}" if method in ("PUT", "PATCH", "POST") else None
    response = await call(
        http_server_client, path, method=method, body=body, allow_nonstandard_methods=True
    )
    assert response.code == 405
    assert response.headers["Allow"] == allow
    assert f"Method {method} not allowed" in payload(response)["detail"]


async def test_responses_carry_nosniff(http_server_client):
    response = await call(http_server_client, "/api/v1/health/live")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
