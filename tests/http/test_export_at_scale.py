"""An export longer than one internal page streams every task exactly once."""

import json

import pytest

from flowcept.adapters.memory import MemoryStore
from flowcept.http.app import make_app
from tests.adapters.mongo.test_pushdown import synthetic_tasks
from tests.http.client import call


@pytest.fixture
def app():
    return make_app(MemoryStore({"tasks": synthetic_tasks(2_500)}))


async def test_export_crosses_internal_pages_without_loss(http_server_client):
    response = await call(http_server_client, "/api/v1/tasks/export", request_timeout=120)
    ids = [json.loads(line)["task_id"] for line in response.body.decode().splitlines()]
    assert len(ids) == len(set(ids)) == 2_500
