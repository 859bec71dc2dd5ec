"""The MongoDB adapter: Flowcept's own database read through Motor."""

from flowcept.adapters.mongo.store import MongoStore

__all__ = ["MongoStore"]
