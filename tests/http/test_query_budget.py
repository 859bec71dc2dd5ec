"""The embedded store's query budget over HTTP: a runaway query is a 503 and others are served."""

import asyncio
import time
from collections.abc import Iterator

import pytest
from tornado.web import Application

from flowcept.adapters.memory import MemoryStore
from flowcept.http.app import make_app
from tests import seed
from tests.http.client import call, payload

BUDGET_MS = 2000
# Backtracks through 2^40 paths on each of these activity ids: only the budget ends it.
RUNAWAY = {"filter": {"activity_id": {"$regex": "(a|a)+$"}}}


@pytest.fixture
def app(io_loop) -> Iterator[Application]:  # overrides the stores of conftest: embedded only
    collections = seed.collections()
    collections["tasks"] += [
        {"task_id": f"slow-{n}", "workflow_id": "wf-slow", "activity_id": "a" * 40 + "b"}
        for n in range(3)
    ]
    store = MemoryStore(collections, query_timeout_ms=BUDGET_MS)
    yield make_app(store)
    io_loop.run_sync(store.close)


async def test_a_runaway_regex_is_a_503_naming_the_budget(http_server_client):
    started = time.monotonic()
    response = await call(http_server_client, "/api/v1/tasks/query", "POST", RUNAWAY)
    assert response.code == 503
    assert payload(response) == {"detail": f"Query exceeded its time budget of {BUDGET_MS} ms"}
    # The regex engine counts the budget in CPU time, which a loaded machine stretches; without
    # the budget this search would run for days.
    assert time.monotonic() - started < 5 * BUDGET_MS / 1000


async def test_liveness_answers_promptly_while_a_runaway_query_runs(http_server_client):
    runaway = asyncio.ensure_future(
        call(http_server_client, "/api/v1/tasks/query", "POST", RUNAWAY)
    )
    await asyncio.sleep(0.3)  # the query is on its thread by now
    waits = []
    for _ in range(4):
        started = time.monotonic()
        live = await call(http_server_client, "/api/v1/health/live")
        waits.append(time.monotonic() - started)
        assert live.code == 200
        await asyncio.sleep(0.2)
    assert not runaway.done()  # the health checks really overlapped the runaway query
    assert max(waits) < 0.5, waits
    task = await call(http_server_client, "/api/v1/tasks/t-1")  # a lookup is served too
    assert task.code == 200
    assert (await runaway).code == 503


async def test_other_queries_are_served_while_one_runs_away(http_server_client):
    runaway = asyncio.ensure_future(
        call(http_server_client, "/api/v1/tasks/query", "POST", RUNAWAY)
    )
    await asyncio.sleep(0.3)
    started = time.monotonic()
    page = await call(http_server_client, "/api/v1/tasks?workflow_id=wf-a&limit=2")
    assert page.code == 200 and len(payload(page)["items"]) == 2
    assert time.monotonic() - started < 1.0
    assert not runaway.done()
    assert (await runaway).code == 503
