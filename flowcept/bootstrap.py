"""The composition root: the one place that chooses and builds the store from the configuration."""

import gc
import logging
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

from flowcept import __version__
from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.adapters.mongo.indexes import describe, missing_indexes
from flowcept.config import Config
from flowcept.domain.ports import ProvenanceStore

log = logging.getLogger("flowcept.server")


def mongo_client(config: Config) -> "AsyncIOMotorClient[Any]":
    """A client whose waits are bounded, so an outage answers 503 instead of hanging."""
    assert config.mongo_uri is not None
    return AsyncIOMotorClient(
        config.mongo_uri,
        tz_aware=True,
        serverSelectionTimeoutMS=config.server_selection_timeout_ms,
        connectTimeoutMS=config.server_selection_timeout_ms,
        # Past maxTimeMS the server gives up; the socket waits a little longer for that answer.
        socketTimeoutMS=config.query_timeout_ms + 5000,
        appname=f"flowcept-webservice/{__version__}",
    )


def build_store(config: Config) -> ProvenanceStore:
    """MongoDB when configured, else the embedded store over `--data` files or the demo data."""
    if config.mongo_uri is None:
        budget = config.query_timeout_ms  # each embedded query's, as maxTimeMS is on MongoDB
        memory = (
            MemoryStore.from_paths(config.data_paths, budget)
            if config.data_paths
            else MemoryStore.demo(budget)
        )
        log.info("embedded store holds %s", memory.counts())
        # The loaded records live as long as the process: keep the collector's full passes from
        # walking millions of them again and again.
        gc.collect()
        gc.freeze()
        return memory
    client = mongo_client(config)
    return MongoStore(
        client[config.mongo_db], query_timeout_ms=config.query_timeout_ms, client=client
    )


async def report_missing_indexes(store: ProvenanceStore) -> None:
    """Log which recommended indexes a MongoDB lacks; never create them (it may be shared)."""
    if not isinstance(store, MongoStore):
        return
    try:
        missing = await missing_indexes(store.database)
    except Exception as exc:  # an outage or missing privileges must not stop the service
        log.warning("could not list the database's indexes: %s", str(exc).split("\n")[0][:200])
        return
    if missing:
        log.warning(
            "recommended indexes are missing (`python -m flowcept.http.indexes` creates them): %s",
            "; ".join(describe(collection, keys) for collection, keys in missing),
        )
