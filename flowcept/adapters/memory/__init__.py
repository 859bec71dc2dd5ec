"""The embedded store: provenance held in memory with MongoDB's query semantics."""

from flowcept.adapters.memory.loader import DataLoadError
from flowcept.adapters.memory.store import MemoryStore

__all__ = ["DataLoadError", "MemoryStore"]
