"""The lineage port: one batched read per breadth-first level, whatever the frontier's size."""

from typing import Protocol

from flowcept.domain.lineage.links import Found
from flowcept.domain.lineage.model import NodeRef, Record
from flowcept.domain.lineage.wants import Wants


class LineageSource(Protocol):
    async def lineage_node(self, ref: NodeRef) -> Record:
        """The record a reference names (an object without version: its latest version).

        Raises NotFound when there is none; a workflow is known by its document or its tasks.
        """
        ...

    async def lineage_step(self, wants: Wants) -> Found:
        """Every document `wants` asks for, read with a fixed number of queries (at most one
        per collection, plus one for the `used` search), never one per frontier node."""
        ...
