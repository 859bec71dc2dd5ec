"""Stores seeded with the generated lineage data, once per adapter (as the `store` fixture)."""

from collections.abc import Iterator

import pytest
from tornado.ioloop import IOLoop
from tornado.web import Application

from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app
from tests.conftest import STORE_FACTORIES
from tests.lineage.chain import chain


@pytest.fixture(params=list(STORE_FACTORIES))
def chain_store(request: pytest.FixtureRequest, io_loop: IOLoop) -> Iterator[ProvenanceStore]:
    yield from STORE_FACTORIES[request.param](chain(), io_loop)


@pytest.fixture(params=["memory", "mongomock"])
def app(request: pytest.FixtureRequest, io_loop: IOLoop) -> Iterator[Application]:
    """The API over the chain data (overrides the seeded `app` for these tests)."""
    for seeded in STORE_FACTORIES[request.param](chain(), io_loop):
        yield make_app(seeded)
