"""The indexes the default orderings and id lookups need, found missing or created on request.

The service never creates them by itself: the database may be shared. `python -m
flowcept.http.indexes` creates them; start-up only logs which are missing.
"""

from typing import Any

IndexKeys = tuple[tuple[str, int], ...]

RECOMMENDED: tuple[tuple[str, IndexKeys], ...] = (
    ("workflows", (("workflow_id", 1),)),
    ("workflows", (("utc_timestamp", 1), ("workflow_id", 1))),
    ("tasks", (("task_id", 1),)),
    ("tasks", (("started_at", 1), ("task_id", 1))),
    ("tasks", (("workflow_id", 1), ("started_at", 1), ("task_id", 1))),
    ("tasks", (("parent_task_id", 1),)),
    ("objects", (("object_id", 1), ("version", 1))),
    ("objects", (("created_at", 1), ("object_id", 1))),
    ("objects", (("workflow_id", 1),)),
    ("object_history", (("object_id", 1), ("version", -1))),
    ("fs.chunks", (("files_id", 1), ("n", 1))),
)


def index_name(keys: IndexKeys) -> str:
    return "flowcept_api_" + "_".join(f"{field}_{order}" for field, order in keys)


def describe(collection: str, keys: IndexKeys) -> str:
    fields = ", ".join(f"{field}: {order}" for field, order in keys)
    return f"{collection} {{{fields}}}"


async def _existing(database: Any, collection: str) -> list[IndexKeys]:
    indexes = []
    async for index in database[collection].list_indexes():
        indexes.append(tuple((field, int(order)) for field, order in index["key"].items()))
    return indexes


async def missing_indexes(database: Any) -> list[tuple[str, IndexKeys]]:
    """Recommended indexes that no existing index starts with."""
    missing = []
    cache: dict[str, list[IndexKeys]] = {}
    for collection, keys in RECOMMENDED:
        if collection not in cache:
            cache[collection] = await _existing(database, collection)
        if not any(existing[: len(keys)] == keys for existing in cache[collection]):
            missing.append((collection, keys))
    return missing


async def create_missing_indexes(database: Any) -> list[str]:
    """Create every missing recommended index; return what was created."""
    created = []
    for collection, keys in await missing_indexes(database):
        await database[collection].create_index(list(keys), name=index_name(keys))
        created.append(describe(collection, keys))
    return created
