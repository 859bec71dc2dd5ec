"""The card for a workflow known only by its tasks, and for a store that breaks mid-report."""

import pytest

from flowcept.adapters.memory import MemoryStore
from flowcept.http.app import make_app
from tests.conftest import FIXTURES
from tests.http.client import call, payload

DASK_WORKFLOW = "wf_1df28552-c34e-4ee8-8fba-3b3d57b71839"


class BreaksOnLinks(MemoryStore):
    async def activity_links(self, workflow_id):  # type: ignore[override]
        raise RuntimeError("links index is corrupt")


@pytest.fixture
def app():
    return make_app(BreaksOnLinks.from_paths([FIXTURES / "tasks_dask_telemetry.json"]))


async def test_an_internal_failure_is_500_naming_the_reason(http_server_client):
    path = f"/api/v1/workflows/{DASK_WORKFLOW}/reports/provenance-card"
    for method in ("GET", "POST"):
        url = path if method == "GET" else path + "/download"
        response = await call(http_server_client, url, method)
        assert response.code == 500
        assert payload(response) == {
            "detail": "Could not generate provenance card: links index is corrupt"
        }
