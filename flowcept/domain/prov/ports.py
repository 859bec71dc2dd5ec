"""The PROV port: turns a workflow's provenance report into one of the PROV serialisations."""

from dataclasses import dataclass
from typing import Protocol

from flowcept.domain.lineage.model import Edge, Record

# Format name -> media type. PROV-JSON and PROV-N have no registered type: these are the ones the
# W3C notes use (PROV-N's `text/provenance-notation`, PROV-XML's `application/provenance+xml`).
FORMATS = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "provn": "text/provenance-notation",
    "xml": "application/provenance+xml",
    "ttl": "text/turtle",
}


@dataclass
class ProvReport:
    """A workflow's records and the explicit links among them, read in bounded steps.

    `records` starts with the workflow; records outside it that its own records point to (a
    parent workflow, an object of another workflow that a task used) come last.
    """

    workflow_id: str
    records: list[Record]
    edges: list[Edge]
    tasks_truncated: bool = False  # more tasks than the report reads


class ProvRenderer(Protocol):
    def render(self, report: ProvReport, format: str) -> bytes:
        """The report serialised in `format`, one of FORMATS."""
        ...
