"""The provenance card over HTTP: Markdown inline or as a download, JSON, and its errors."""

import pytest

from tests.http.client import call, payload

CARD = "/api/v1/workflows/{}/reports/provenance-card"


async def test_card_is_markdown_by_default(http_server_client):
    response = await call(http_server_client, CARD.format("wf-a"))
    assert response.code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.body.decode()
    assert text.startswith("# Workflow Provenance Card: training\n")
    for heading in (
        "## Summary",
        "## Workflow-level summary",
        "## Workflow structure",
        "## Timing report",
        "## Per-activity details",
        "## Resource usage",
        "## Object artifacts",
        "## Aggregation method",
    ):
        assert heading in text
    assert "hello data" not in text  # payload bytes never appear


async def test_card_as_json_carries_the_computed_figures(http_server_client):
    response = await call(http_server_client, CARD.format("wf-a") + "?format=json")
    card = payload(response)
    assert card["summary"]["workflow_id"] == "wf-a"
    assert card["summary"]["name"] == "training"
    assert card["n_tasks"] == 5
    assert card["status_counts"] == {"ERROR": 1, "FINISHED": 3, "RUNNING": 1}
    assert [a["activity_id"] for a in card["activities"]] == ["load", "train", "evaluate"]
    assert card["summary"]["start"] == 10.0 and card["summary"]["end"] == 40.0
    assert card["observations"]["slowest_activity"] == ["train", 16.0]
    assert card["objects"]["total"] == 3


async def test_download_is_an_attachment_with_the_same_markdown(http_server_client):
    inline = await call(http_server_client, CARD.format("wf-a"))
    response = await call(http_server_client, CARD.format("wf-a") + "/download", "POST")
    assert response.code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="provenance_card_wf-a.md"'
    )
    assert response.body == inline.body
    with_body = await call(http_server_client, CARD.format("wf-a") + "/download", "POST", {})
    assert with_body.code == 200


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "detail"),
    [
        ("GET", CARD.format("nope"), None, 404, "Workflow not found: nope"),
        ("POST", CARD.format("nope") + "/download", None, 404, "Workflow not found: nope"),
        (
            "GET",
            CARD.format("wf-a") + "?format=pdf",
            None,
            400,
            "format must be markdown or json, got 'pdf'",
        ),
    ],
)
async def test_card_errors(http_server_client, method, path, body, status, detail):
    response = await call(http_server_client, path, method, body)
    assert response.code == status
    assert payload(response) == {"detail": detail}


async def test_download_rejects_options_it_does_not_know(http_server_client):
    response = await call(
        http_server_client, CARD.format("wf-a") + "/download", "POST", {"format": "pdf"}
    )
    assert response.code == 422
    get = await call(http_server_client, CARD.format("wf-a") + "/download")
    assert get.code == 405
