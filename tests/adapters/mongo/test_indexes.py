"""Index recommendations: found missing without writing, created only on request."""

from mongomock_motor import AsyncMongoMockClient

from flowcept.adapters.mongo.indexes import RECOMMENDED, create_missing_indexes, missing_indexes


async def test_a_bare_database_misses_every_recommended_index_and_nothing_is_written():
    client = AsyncMongoMockClient()
    database = client["flowcept"]
    assert await missing_indexes(database) == list(RECOMMENDED)
    assert await client.list_database_names() == []


async def test_an_index_with_more_keys_covers_its_prefix():
    database = AsyncMongoMockClient()["flowcept"]
    await database["tasks"].create_index([("task_id", 1), ("workflow_id", 1)])
    assert ("tasks", (("task_id", 1),)) not in await missing_indexes(database)


async def test_creating_indexes_leaves_none_missing_and_is_idempotent():
    database = AsyncMongoMockClient()["flowcept"]
    created = await create_missing_indexes(database)
    assert len(created) == len(RECOMMENDED)
    assert "tasks {workflow_id: 1, started_at: 1, task_id: 1}" in created
    assert await missing_indexes(database) == []
    assert await create_missing_indexes(database) == []
