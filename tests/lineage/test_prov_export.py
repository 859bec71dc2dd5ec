"""The PROV export read back with the `prov` package, in every format, on every store.

prov 3.2 reads all five serialisations it writes (PROV-N included, with its own parser), so each
output is parsed and compared with the document it was written from: the round trip is lossless.
"""

from datetime import datetime

import pytest
from bson import Decimal128, ObjectId
from prov.model import ProvDocument

from flowcept.adapters.prov import ProvPackageRenderer
from flowcept.adapters.prov.document import build_document
from flowcept.adapters.prov.names import literal
from flowcept.adapters.prov.render import quiet_rdflib
from flowcept.domain.errors import NotFound
from flowcept.domain.prov.ports import FORMATS
from flowcept.domain.prov.service import prov_report

READ_AS = {
    "json": {"format": "json"},
    "jsonld": {"format": "jsonld"},
    "provn": {"format": "provn"},
    "xml": {"format": "xml"},
    "ttl": {"format": "rdf", "rdf_format": "turtle"},
}


@pytest.mark.parametrize("kind", list(FORMATS))
async def test_every_format_reads_back_as_the_same_document(chain_store, kind):
    report = await prov_report(chain_store, "wf-main")
    body = ProvPackageRenderer().render(report, kind)
    assert b"payload bytes" not in body
    with quiet_rdflib():
        back = ProvDocument.deserialize(content=body.decode(), **READ_AS[kind])
    assert back == build_document(report)


async def test_the_document_holds_activities_entities_agents_and_links(chain_store):
    document = build_document(await prov_report(chain_store, "wf-main"))
    provn = document.get_provn()
    for line in (
        "activity(task:train, 1970-01-01T00:00:12+00:00, 1970-01-01T00:00:20+00:00",
        "activity(workflow:wf-main, 1970-01-01T00:00:10+00:00, 1970-01-01T00:00:51+00:00",
        "entity(object:model.v1, [prov:label=\"model v1\"",
        "agent(user:ana, [prov:type='prov:Person', prov:label=\"ana\"])",
        "agent(host:node01, [prov:type='flowcept:Host'",
        "used(task:train, object:ds.v0, -)",
        "wasGeneratedBy(object:model.v1, task:tune, -)",
        "wasDerivedFrom(object:model.v1, object:model.v0, -, -, -, [prov:type='prov:Revision'])",
        "wasAssociatedWith(task:train, host:node01, -)",
        'flowcept:used.lr="0.1" %% xsd:double',
    ):
        assert line in provn, line


async def test_a_workflow_with_neither_document_nor_tasks_is_not_found(chain_store):
    with pytest.raises(NotFound, match="Workflow not found: wf-nope"):
        await prov_report(chain_store, "wf-nope")


async def test_a_parent_workflow_is_named_with_its_own_label_and_no_borrowed_times(chain_store):
    provn = build_document(await prov_report(chain_store, "wf-child")).get_provn()
    assert 'activity(workflow:wf-main, -, -, [prov:label="training"' in provn
    assert "wasInformedBy(workflow:wf-child, workflow:wf-main)" in provn
    assert "used(task:serve, object:model.v1, -)" in provn


def test_bson_scalars_are_plain_text_and_containers_json():
    oid = ObjectId("665b0ea666b52c2ac3d244f6")
    assert literal(oid) == "665b0ea666b52c2ac3d244f6"
    assert literal(Decimal128("1.5")) == "1.5"
    assert literal([1, "a"]) == '[1, "a"]'
    assert literal({"b": 1, "a": oid}) == '{"a": "665b0ea666b52c2ac3d244f6", "b": 1}'
    assert literal(float("nan")) is None
    assert literal(datetime(2024, 1, 1)).tzinfo is not None
