"""A store that does not answer: readiness reports it, data endpoints answer 503."""

import pytest

from flowcept.domain.errors import StoreUnavailable
from flowcept.http.app import make_app
from tests.http.client import call, payload


class UnreachableStore:
    """Every read fails the way an unreachable database does."""

    async def ping(self) -> None:
        raise StoreUnavailable("connection refused")

    async def get_task(self, task_id: str) -> dict[str, object]:
        raise StoreUnavailable("Store unavailable: connection refused")


@pytest.fixture
def app():
    return make_app(UnreachableStore())  # type: ignore[arg-type]


async def test_readiness_is_503_degraded_with_the_reason(http_server_client):
    response = await call(http_server_client, "/api/v1/health/ready")
    assert response.code == 503
    assert payload(response) == {"status": "degraded", "services": {"store": "connection refused"}}


async def test_liveness_stays_ok(http_server_client):
    response = await call(http_server_client, "/api/v1/health/live")
    assert response.code == 200


async def test_data_endpoints_answer_503_with_the_reason(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks/t-1")
    assert response.code == 503
    assert payload(response) == {"detail": "Store unavailable: connection refused"}
