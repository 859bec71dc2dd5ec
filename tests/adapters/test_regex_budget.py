"""The embedded store's time budget: scans and regular expressions stop when it runs out."""

import asyncio
import threading
import time

import pytest

from flowcept.adapters.memory import engine
from flowcept.adapters.memory.budget import Deadline, QueryRunner, within
from flowcept.adapters.memory.match_leaves import regex_test
from flowcept.bootstrap import build_store
from flowcept.config import Config
from flowcept.domain.collections import TASKS
from flowcept.domain.errors import StoreUnavailable
from flowcept.domain.query import Query

CATASTROPHIC = r"(a|a)+$"  # backtracks through 2^n paths on the `regex` engine too
SUBJECT = "a" * 40 + "b"


def test_a_catastrophic_regex_stops_at_the_budget_naming_it():
    test = regex_test(CATASTROPHIC, "")
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as error:
        within(Deadline(300), lambda: test(SUBJECT))
    assert time.monotonic() - started < 1.5
    assert error.value.detail == "Query exceeded its time budget of 300 ms"


def test_nested_quantifiers_that_python_re_cannot_finish_answer_at_once():
    test = regex_test(r"(a+)+$", "")
    started = time.monotonic()
    assert within(Deadline(1000), lambda: test(SUBJECT)) is False
    assert within(Deadline(1000), lambda: test("a" * 40)) is True
    assert time.monotonic() - started < 0.5


def test_regexes_outside_a_query_run_without_a_budget():
    assert regex_test("^tr", "i")("Train") is True
    assert regex_test("a.b", "s")("a\nb") is True
    assert regex_test("^b", "m")("a\nb") is True
    assert regex_test(" a # comment", "x")("a") is True


def test_a_scan_past_the_budget_stops_naming_it():
    documents = [{"task_id": f"t-{n}", "used": {"n": n}} for n in range(50_000)]
    slow = {"$or": [{"used.n": {"$in": [-n, -n - 1]}} for n in range(40)]}
    query = Query.model_validate({"filter": slow, "sort": [{"field": "task_id"}]}).checked()
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="time budget of 20 ms"):
        within(Deadline(20), lambda: engine.select(TASKS, documents, query, {}))
    assert time.monotonic() - started < 1.0


def test_an_aggregation_past_the_budget_stops_naming_it():
    documents = [{"task_id": f"t-{n}", "x": n} for n in range(50_000)]
    body = {
        "filter": {"$or": [{"x": {"$lt": -n}} for n in range(40)]},
        "aggregation": [{"operator": "sum", "field": "x"}],
    }
    query = Query.model_validate(body).checked()
    with pytest.raises(StoreUnavailable, match="time budget of 20 ms"):
        within(Deadline(20), lambda: engine.aggregate_rows(documents, query, {}))


def test_a_query_whose_budget_ran_out_while_waiting_does_not_start():
    deadline = Deadline(1)
    time.sleep(0.01)
    started = []
    with pytest.raises(StoreUnavailable, match="time budget of 1 ms"):
        within(deadline, lambda: started.append(True))
    assert started == []


async def test_the_runner_works_off_the_event_loop_thread():
    runner = QueryRunner(1000, threads=2)
    try:
        name = await runner.run(lambda: threading.current_thread().name)
        assert name.startswith("flowcept-query")
        assert name != threading.current_thread().name
        assert await runner.run(lambda a, b: a + b, 2, 3) == 5
    finally:
        runner.close()


async def test_the_runner_raises_the_budget_error_to_the_caller():
    runner = QueryRunner(200)
    test = regex_test(CATASTROPHIC, "")
    try:
        with pytest.raises(StoreUnavailable, match="time budget of 200 ms"):
            await runner.run(test, SUBJECT)
        assert await runner.run(test, "a")  # the next query gets a budget of its own
    finally:
        runner.close()


async def test_a_closed_runner_still_answers_rather_than_failing():
    runner = QueryRunner(1000)
    await runner.run(lambda: None)
    runner.close()
    assert await runner.run(lambda: 7) == 7
    runner.close()


async def test_the_configured_query_timeout_is_the_embedded_stores_budget():
    store = build_store(Config(query_timeout_ms=250))  # the demo data
    # The engine cannot rule this out up front: it backtracks 2^36 ways through each task id.
    runaway = Query.model_validate({"filter": {"task_id": {"$regex": "(.|.)*(?=#)"}}}).checked()
    try:
        with pytest.raises(StoreUnavailable) as error:
            await store.find_tasks(runaway)
        assert error.value.detail == "Query exceeded its time budget of 250 ms"
    finally:
        await store.close()


async def test_the_event_loop_keeps_turning_while_a_pure_python_scan_holds_a_thread():
    runner = QueryRunner(5000)

    def scan() -> int:  # Python bytecode the whole time, as a filter over many documents is
        end, steps = time.monotonic() + 1.0, 0
        while time.monotonic() < end:
            steps += 1
        return steps

    try:
        running = asyncio.ensure_future(runner.run(scan))
        lags = []
        while not running.done():
            started = time.monotonic()
            await asyncio.sleep(0.01)
            lags.append(time.monotonic() - started - 0.01)
        assert await running > 0
        assert len(lags) > 10 and max(lags) < 0.25, lags
    finally:
        runner.close()
