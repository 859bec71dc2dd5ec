"""Random filters in the allowed grammar select the same tasks, in the same order and pages, on
the embedded store and on the MongoDB adapter (over mongomock).

Bounds: 200 filters per property (at most two levels of $and/$or/$nor, three clauses a level)
over 36 tasks, derandomized so CI runs the same examples every time; about 15 s in all on a
2-core machine. Run with `derandomize=False` and more examples to search further.
"""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from mongomock_motor import AsyncMongoMockClient

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.errors import ProvenanceError
from flowcept.domain.ports import ProvenanceStore
from flowcept.domain.query import Query, SortField
from tests.property import corpus
from tests.property.filters import filters

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ORDER = [SortField(field="task_id", order=1)]  # unique in the corpus: a total order


class Stores:
    """Both stores over the same documents, driven from one private event loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        collections = corpus.collections()
        self.memory: ProvenanceStore = MemoryStore(collections)
        database = AsyncMongoMockClient(tz_aware=True)["flowcept"]
        for name, documents in corpus.collections().items():
            if documents:
                self.loop.run_until_complete(database[name].insert_many(documents))
        self.mongo: ProvenanceStore = MongoStore(database)

    def task_ids(
        self, store: ProvenanceStore, filter_: dict[str, Any], sort: list[SortField] | None = ORDER
    ) -> list[str] | str:
        """The ids the store selects in `sort` order (None: the default order), or its error."""
        try:
            query = Query(filter=filter_, sort=sort, limit=1000, projection=["task_id"]).checked()
            page = self.loop.run_until_complete(store.find_tasks(query))
        except ProvenanceError as error:
            return f"{type(error).__name__}: {error}"
        return [item["task_id"] for item in page.items]

    def paged_task_ids(self, store: ProvenanceStore, filter_: dict[str, Any]) -> list[str]:
        """The ids of every page of 4 in the default order, following `next_cursor`."""
        ids: list[str] = []
        cursor = None
        while True:
            query = Query(filter=filter_, limit=4, cursor=cursor, projection=["task_id"]).checked()
            page = self.loop.run_until_complete(store.find_tasks(query))
            ids += [item["task_id"] for item in page.items]
            if page.next_cursor is None:
                return ids
            cursor = page.next_cursor


@pytest.fixture(scope="module")
def stores() -> Iterator[Stores]:
    both = Stores()
    yield both
    both.loop.close()


def test_the_corpus_is_large_enough_to_tell_filters_apart(stores: Stores) -> None:
    everything = stores.task_ids(stores.memory, {})
    assert len(everything) == len(corpus.tasks()) > 30
    assert everything == stores.task_ids(stores.mongo, {})


@PROPERTY_SETTINGS
@given(filter_=filters())
def test_random_filters_select_the_same_tasks_in_the_same_order(
    stores: Stores, filter_: dict[str, Any]
) -> None:
    embedded = stores.task_ids(stores.memory, filter_)
    assert embedded == stores.task_ids(stores.mongo, filter_), filter_


@PROPERTY_SETTINGS
@given(filter_=filters())
def test_random_filters_page_alike_in_the_default_order(
    stores: Stores, filter_: dict[str, Any]
) -> None:
    embedded = stores.task_ids(stores.memory, filter_, sort=None)
    assert embedded == stores.task_ids(stores.mongo, filter_, sort=None), filter_
    if isinstance(embedded, list):
        assert stores.paged_task_ids(stores.memory, filter_) == embedded, filter_
        assert stores.paged_task_ids(stores.mongo, filter_) == embedded, filter_
