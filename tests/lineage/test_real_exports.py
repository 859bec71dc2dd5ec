"""Lineage and PROV over the real Flowcept exports in ../shared/fixtures (few explicit links)."""

import pytest
from prov.model import ProvDocument

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.prov import ProvPackageRenderer
from flowcept.adapters.prov.render import quiet_rdflib
from flowcept.domain.lineage.model import NodeRef
from flowcept.domain.lineage.service import lineage
from flowcept.domain.prov.service import prov_report
from tests.conftest import FIXTURES

DASK = FIXTURES / "tasks_dask_telemetry.json"
DASK_WORKFLOW = "wf_1df28552-c34e-4ee8-8fba-3b3d57b71839"

pytestmark = pytest.mark.skipif(not DASK.exists(), reason="../shared/fixtures is not there")


async def test_a_task_without_links_is_its_own_lineage():
    store = MemoryStore.from_paths([FIXTURES])
    graph = await lineage(store, NodeRef.parse("task:wrapper-485dd60db4213e5872437b332bd60646"))
    assert [n.id for n in graph.nodes] == ["task:wrapper-485dd60db4213e5872437b332bd60646"]
    assert graph.edges == [] and graph.truncated is False


async def test_the_dask_workflow_exports_and_reads_back_in_every_format():
    store = MemoryStore.from_paths([DASK])
    report = await prov_report(store, DASK_WORKFLOW)  # a workflow known only by its tasks
    assert sum(r.kind == "task" for r in report.records) == 9
    for kind, read_as in [
        ("json", {"format": "json"}), ("provn", {"format": "provn"}),
        ("ttl", {"format": "rdf", "rdf_format": "turtle"}),
    ]:
        body = ProvPackageRenderer().render(report, kind)
        assert b"telemetry_at_end" not in body  # telemetry stays out of the document
        with quiet_rdflib():
            back = ProvDocument.deserialize(content=body.decode(), **read_as)
        assert len(back.get_records()) > 9
