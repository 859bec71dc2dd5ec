"""The lineage and PROV endpoints over HTTP, on the generated chain (both store adapters)."""

import pytest
from prov.model import ProvDocument

from flowcept.adapters.prov.render import quiet_rdflib
from tests.http.client import call, payload

LINEAGE = "/api/v1/lineage"
PROV = "/api/v1/workflows/{}/prov"


async def test_lineage_answers_nodes_edges_and_truncated(http_server_client):
    response = await call(http_server_client, f"{LINEAGE}?node=object:model@1&direction=upstream")
    assert response.code == 200
    graph = payload(response)
    assert graph["truncated"] is False
    assert {n["id"] for n in graph["nodes"]} >= {"object:ds@0", "task:train", "task:tune"}
    model = next(n for n in graph["nodes"] if n["id"] == "object:model@1")
    assert model == {
        "id": "object:model@1", "kind": "object", "label": "model v1", "object_id": "model",
        "version": 1, "name": "model", "type": "ml_model", "workflow_id": "wf-main",
        "task_id": "tune",
    }
    assert {"source": "task:train", "target": "object:ds@0", "relation": "used"} in graph["edges"]


@pytest.mark.parametrize(
    "query, detail",
    [
        ("", "node is required"),
        ("?node=run:x", "node must be workflow:<id>, task:<id> or object:<id>[@<version>]"),
        ("?node=task:tune&depth=0", "depth must be an integer from 1 to 10, got '0'"),
        ("?node=task:tune&depth=11", "depth must be an integer from 1 to 10, got '11'"),
        ("?node=task:tune&depth=two", "depth must be an integer from 1 to 10, got 'two'"),
        ("?node=task:tune&direction=sideways", "direction must be upstream, downstream or both"),
        ("?node=task:tune&limit=5", "Unknown query parameter: limit"),
    ],
)
async def test_bad_lineage_parameters_are_400(http_server_client, query, detail):
    response = await call(http_server_client, LINEAGE + query)
    assert response.code == 400
    assert detail in payload(response)["detail"]


@pytest.mark.parametrize(
    "node, detail",
    [("task:nope", "Task not found: nope"), ("object:model@9", "Object model has no version 9")],
)
async def test_unknown_lineage_nodes_are_404(http_server_client, node, detail):
    response = await call(http_server_client, f"{LINEAGE}?node={node}")
    assert response.code == 404
    assert payload(response)["detail"] == detail


@pytest.mark.parametrize(
    "kind, media_type, read_as",
    [
        ("json", "application/json", {"format": "json"}),
        ("jsonld", "application/ld+json", {"format": "jsonld"}),
        ("provn", "text/provenance-notation", {"format": "provn"}),
        ("xml", "application/provenance+xml", {"format": "xml"}),
        ("ttl", "text/turtle", {"format": "rdf", "rdf_format": "turtle"}),
    ],
)
async def test_prov_export_in_each_format(http_server_client, kind, media_type, read_as):
    response = await call(http_server_client, PROV.format("wf-main") + f"?format={kind}")
    assert response.code == 200
    assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8"
    with quiet_rdflib():
        document = ProvDocument.deserialize(content=response.body.decode(), **read_as)
    names = {str(record.identifier) for record in document.get_records()}
    assert {"task:train", "object:model.v1", "workflow:wf-main", "user:ana"} <= names


async def test_prov_export_defaults_to_prov_json(http_server_client):
    response = await call(http_server_client, PROV.format("wf-main"))
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "activity" in payload(response)


async def test_prov_export_refuses_an_unknown_format(http_server_client):
    response = await call(http_server_client, PROV.format("wf-main") + "?format=pdf")
    assert response.code == 400
    assert payload(response)["detail"] == (
        "format must be one of json, jsonld, provn, xml, ttl, got 'pdf'"
    )


async def test_prov_export_of_an_unknown_workflow_is_404(http_server_client):
    response = await call(http_server_client, PROV.format("wf-nope"))
    assert response.code == 404
    assert payload(response)["detail"] == "Workflow not found: wf-nope"
