"""A lineage query costs store reads per level, never per node (a 10,000-task workflow).

The embedded store is counted at the port (one `lineage_step` per level, one `lineage_node` for
the start); the MongoDB adapter at the database (commands sent), through mongomock-motor.
"""

import time

from mongomock_motor import AsyncMongoMockClient

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.lineage.links import Found
from flowcept.domain.lineage.model import NodeRef, Record
from flowcept.domain.lineage.service import lineage
from flowcept.domain.lineage.wants import Wants
from tests.adapters.mongo.doubles import PullCounter
from tests.lineage.chain import wide

START = NodeRef.parse("object:wide-ds@0")


class CountingSource:
    """Passes lineage reads to a store and counts them."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.calls = 0

    async def lineage_node(self, ref: NodeRef) -> Record:
        self.calls += 1
        return await self.store.lineage_node(ref)

    async def lineage_step(self, wants: Wants) -> Found:
        self.calls += 1
        return await self.store.lineage_step(wants)


async def test_embedded_store_reads_once_per_level_on_a_10000_task_workflow():
    source = CountingSource(MemoryStore(wide()))
    for depth in range(1, 5):
        source.calls = 0
        graph = await lineage(source, START, "downstream", depth)
        assert len(graph.nodes) == 1 + 100 * depth  # a hundred more nodes per level ...
        assert source.calls == 1 + depth  # ... for one more read: the start, then each level


async def test_embedded_store_stops_reading_when_the_node_cap_is_hit():
    source = CountingSource(MemoryStore(wide()))
    graph = await lineage(source, START, "downstream", depth=10)
    assert graph.truncated is True
    assert len(graph.nodes) == 500
    assert source.calls == 1 + 5  # level 5 passes 500 nodes; nothing more is read


async def test_mongo_sends_a_fixed_number_of_commands_per_level():
    database = AsyncMongoMockClient()["flowcept"]
    for name, documents in wide().items():
        await database[name].insert_many(documents)
    counter = PullCounter(database)
    store = MongoStore(counter)
    for depth in range(1, 4):
        counter.reset()
        began = time.perf_counter()
        graph = await lineage(store, START, "downstream", depth)
        assert len(graph.nodes) == 1 + 100 * depth
        # start: objects + object_history; level 1 (an object): workflows (children, for the
        # `used` scope), the `used` aggregation, objects, object_history; each later level
        # (tasks): tasks, objects, object_history.
        assert counter.commands == 2 + 4 + 3 * (depth - 1)
        assert counter.pulled <= 2 + len(graph.nodes) + 1, "only linked documents come back"
        assert time.perf_counter() - began < 30
