"""Shared fixtures: the seeded stores every contract test runs against, and the HTTP app."""

import inspect
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mongomock_motor import AsyncMongoMockClient
from motor.motor_asyncio import AsyncIOMotorClient
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.web import Application

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app
from tests import seed

# The real Flowcept exports live in ../shared beside the checkout (as CI lays them out too).
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "flowcept-exports"


Collections = dict[str, list[dict[str, Any]]]


@pytest.fixture(autouse=True)
def _own_loop(request: pytest.FixtureRequest) -> None:
    """Give every coroutine test pytest-tornasync's io_loop, which is closed afterwards.

    Without it the plugin falls back to IOLoop.current(), a loop nobody closes.
    """
    if inspect.iscoroutinefunction(request.function):
        request.getfixturevalue("io_loop")


MONGO_URI = os.environ.get("FLOWCEPT_TEST_MONGO_URI")


def memory_store(collections: Collections, io_loop: IOLoop) -> Iterator[ProvenanceStore]:
    yield MemoryStore(collections)


def seeded_database(database: Any, collections: Collections, io_loop: IOLoop) -> Any:
    async def insert() -> None:
        for name, documents in collections.items():
            if documents:
                await database[name].insert_many(documents)

    io_loop.run_sync(insert)
    return database


def mongomock_store(collections: Collections, io_loop: IOLoop) -> Iterator[ProvenanceStore]:
    database = AsyncMongoMockClient(tz_aware=True)["flowcept"]
    yield MongoStore(seeded_database(database, collections, io_loop))


def mongo_store(collections: Collections, io_loop: IOLoop) -> Iterator[ProvenanceStore]:
    """A throwaway database on a real server, dropped afterwards."""
    if not MONGO_URI:
        pytest.skip("set FLOWCEPT_TEST_MONGO_URI to run the contract suite on a real MongoDB")
    client = AsyncIOMotorClient(MONGO_URI, tz_aware=True, serverSelectionTimeoutMS=5000)
    name = f"flowcept_test_{uuid.uuid4().hex[:12]}"
    try:
        yield MongoStore(seeded_database(client[name], collections, io_loop), client=client)
    finally:
        io_loop.run_sync(lambda: client.drop_database(name))
        client.close()


STORE_FACTORIES: dict[str, Callable[[Collections, IOLoop], Iterator[ProvenanceStore]]] = {
    "memory": memory_store,
    "mongomock": mongomock_store,
    "mongo": mongo_store,
}


@pytest.fixture(params=list(STORE_FACTORIES))
def store(request: pytest.FixtureRequest, io_loop: IOLoop) -> Iterator[ProvenanceStore]:
    """The seeded store, once per adapter."""
    yield from STORE_FACTORIES[request.param](seed.collections(), io_loop)


@pytest.fixture(params=["memory", "mongomock"])
def app(request: pytest.FixtureRequest, io_loop: IOLoop) -> Iterator[Application]:
    """The API over the seeded store; handler tests run once per adapter."""
    for seeded in STORE_FACTORIES[request.param](seed.collections(), io_loop):
        yield make_app(seeded)


@pytest.fixture
def http_server(
    io_loop: IOLoop, http_server_port: tuple[Any, int], app: Application
) -> Iterator[HTTPServer]:
    """pytest-tornasync's server, taking `app` as an argument so that its parameters apply."""
    server = HTTPServer(app)
    server.add_socket(http_server_port[0])
    yield server
    server.stop()
    io_loop.run_sync(server.close_all_connections)
