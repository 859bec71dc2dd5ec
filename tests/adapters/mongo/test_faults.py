"""A database that misbehaves: clear 503s (or 400s), bounded waits, and recovery without restart."""

import socket
import time

import pytest
from mongomock_motor import AsyncMongoMockClient
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo.errors import (
    AutoReconnect,
    ExecutionTimeout,
    NetworkTimeout,
    OperationFailure,
    ServerSelectionTimeoutError,
)

from flowcept.adapters.mongo import MongoStore
from flowcept.domain.errors import StoreUnavailable
from flowcept.http.app import make_app
from tests import seed
from tests.adapters.mongo.doubles import FailingDatabase
from tests.conftest import seeded_database
from tests.http.client import call, payload

OUTAGE = ServerSelectionTimeoutError(
    "db.example:27017: [Errno 111] Connection refused (configured timeouts: socketTimeoutMS: "
    "20000.0ms, connectTimeoutMS: 20000.0ms), Timeout: 3.0s, Topology Description: <...>"
)


@pytest.fixture
def database(io_loop):
    mock = AsyncMongoMockClient(tz_aware=True)["flowcept"]
    return FailingDatabase(seeded_database(mock, seed.collections(), io_loop))


@pytest.fixture
def app(database):
    return make_app(MongoStore(database, query_timeout_ms=250))


async def test_an_outage_is_503_on_data_and_readiness_then_recovers(http_server_client, database):
    assert (await call(http_server_client, "/api/v1/tasks/t-1")).code == 200
    database.error = OUTAGE
    task = await call(http_server_client, "/api/v1/tasks/t-1")
    assert task.code == 503
    assert payload(task) == {
        "detail": "MongoDB unavailable: db.example:27017: [Errno 111] Connection refused "
        "(configured timeouts: socketTimeoutMS: 20000.0ms, connectTimeoutMS: 20000.0ms)"
    }
    ready = await call(http_server_client, "/api/v1/health/ready")
    assert ready.code == 503
    assert payload(ready)["status"] == "degraded"
    assert payload(ready)["services"]["mongodb"].startswith("MongoDB unavailable: db.example")
    live = await call(http_server_client, "/api/v1/health/live")
    assert live.code == 200

    database.error = None
    assert (await call(http_server_client, "/api/v1/tasks/t-1")).code == 200
    assert (await call(http_server_client, "/api/v1/health/ready")).code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks",
        "/api/v1/workflows/wf-a",
        "/api/v1/objects/model-1/history",
        "/api/v1/models/model-1/download",
    ],
)
@pytest.mark.parametrize("error", [AutoReconnect("connection reset"), NetworkTimeout("timed out")])
async def test_connection_errors_are_503_on_every_kind_of_endpoint(
    http_server_client, database, path, error
):
    database.error = error
    response = await call(http_server_client, path)
    assert response.code == 503
    assert payload(response)["detail"].startswith("MongoDB unavailable:")


async def test_a_query_over_its_time_budget_is_503_naming_the_budget(http_server_client, database):
    database.error = ExecutionTimeout("operation exceeded time limit", code=50)
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", {})
    assert response.code == 503
    assert payload(response) == {"detail": "Query exceeded its time budget of 250 ms"}


async def test_a_query_the_server_rejects_is_400(http_server_client, database):
    database.error = OperationFailure(
        "unknown top level operator", code=2, details={"errmsg": "unknown operator: $foo"}
    )
    response = await call(http_server_client, "/api/v1/tasks")
    assert response.code == 400
    assert payload(response) == {"detail": "MongoDB rejected the query: unknown operator: $foo"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_real_driver_facing_no_server_answers_503_within_the_selection_timeout():
    client = AsyncIOMotorClient(
        f"mongodb://127.0.0.1:{closed_port()}/", serverSelectionTimeoutMS=300, connectTimeoutMS=300
    )
    store = MongoStore(client["flowcept"], client=client)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=r"^MongoDB unavailable: 127\.0\.0\.1:"):
        await store.get_task("t-1")
    assert time.monotonic() - started < 3
    await store.close()
