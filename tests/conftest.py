"""Shared fixtures: the seeded stores every contract test runs against, and the HTTP app."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tornado.web import Application

from flowcept.adapters.memory import MemoryStore
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app
from tests import seed

# The real Flowcept exports live in ../shared beside the checkout (as CI lays them out too).
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "flowcept-exports"


def memory_store(collections: dict[str, list[dict[str, Any]]]) -> ProvenanceStore:
    return MemoryStore(collections)


STORE_FACTORIES: dict[str, Callable[[dict[str, list[dict[str, Any]]]], ProvenanceStore]] = {
    "memory": memory_store,
}


@pytest.fixture(params=sorted(STORE_FACTORIES))
def store(request: pytest.FixtureRequest) -> ProvenanceStore:
    """The seeded store, once per adapter."""
    return STORE_FACTORIES[request.param](seed.collections())


@pytest.fixture
def app() -> Application:
    return make_app(MemoryStore(seed.collections()))
