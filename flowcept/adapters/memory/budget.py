"""The embedded store's time budget per query, and the threads its scans run on.

MongoDB stops a query past `maxTimeMS`; the embedded store does the same here. A query runs on a
small thread pool, off the event loop, with a deadline that its scan loops and regular expressions
check; past it they raise StoreUnavailable naming the budget, as the Mongo adapter answers.
"""

import asyncio
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

import regex

from flowcept.domain.errors import StoreUnavailable

T = TypeVar("T")

QUERY_THREADS = 4  # concurrent embedded queries; more wait their turn, their budget running
CHECK_EVERY = 64  # documents tested between two looks at the clock


class Deadline:
    """When a query's budget runs out."""

    __slots__ = ("budget_ms", "expires")

    def __init__(self, budget_ms: int) -> None:
        self.budget_ms = budget_ms
        self.expires = time.monotonic() + budget_ms / 1000

    def remaining(self) -> float:
        """Seconds left, after raising if none are."""
        left = self.expires - time.monotonic()
        if left <= 0:
            raise self.exceeded()
        return left

    def exceeded(self) -> StoreUnavailable:
        return StoreUnavailable(f"Query exceeded its time budget of {self.budget_ms} ms")


_current: ContextVar[Deadline | None] = ContextVar("flowcept_query_deadline", default=None)


def within(deadline: Deadline, work: Callable[[], T]) -> T:
    """Run `work` under `deadline`, unless the budget ran out while it waited for a thread."""
    token = _current.set(deadline)
    try:
        deadline.remaining()
        return work()
    finally:
        _current.reset(token)


def budgeted(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """`test`, also checking the current deadline every CHECK_EVERY calls (none: as it is)."""
    deadline = _current.get()
    if deadline is None:
        return test
    calls = 0

    def checked(value: Any) -> bool:
        nonlocal calls
        calls += 1
        if calls % CHECK_EVERY == 0:
            deadline.remaining()
        return test(value)

    return checked


def search(pattern: "regex.Pattern[str]", text: str) -> bool:
    """Whether `pattern` is found in `text`, giving up when the current deadline passes."""
    deadline = _current.get()
    if deadline is None:
        return pattern.search(text) is not None
    try:
        return pattern.search(text, timeout=deadline.remaining()) is not None
    except TimeoutError:  # catastrophic backtracking ends here instead of holding a thread
        raise deadline.exceeded() from None


class QueryRunner:
    """Runs queries on its own threads, each under a fresh deadline of `budget_ms`."""

    def __init__(self, budget_ms: int, threads: int = QUERY_THREADS) -> None:
        self.budget_ms = budget_ms
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:  # created on first use: most stores in tests never query
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="flowcept-query")
            # A store dropped without close() must not keep idle threads alive.
            weakref.finalize(self, self._pool.shutdown, wait=False)
        return self._pool

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """The result of `work(*args)`, computed on a pool thread within the budget."""
        deadline = Deadline(self.budget_ms)  # waiting for a thread counts, as a queue would
        call = partial(within, deadline, partial(work, *args))
        return await asyncio.get_running_loop().run_in_executor(self._executor(), call)

    def close(self) -> None:
        """Let the threads end once the queries already handed to them finish (within budget)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None
