"""Objects, datasets and models over HTTP: metadata, versions, history and downloads."""

import base64

import pytest

from tests import seed
from tests.http.client import call, payload


def ids(response):
    return [item["object_id"] for item in payload(response)["items"]]


async def test_object_list_hides_payloads_and_shows_storage(http_server_client):
    response = await call(http_server_client, "/api/v1/objects")
    body = payload(response)
    assert [o["object_id"] for o in body["items"]] == ["model-1", "ds-1", "model-2", "fig-1"]
    assert [o["storage_type"] for o in body["items"]] == ["gridfs", "in_object", "in_object", None]
    assert all("data" not in o for o in body["items"])
    assert body["items"][0]["grid_fs_file_id"] == str(seed.GRID_V2)
    assert body["items"][0]["created_at"] == "2024-03-01T00:00:00Z"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=ml_model", ["model-1", "model-2"]),
        ("type=dataset", ["ds-1"]),
        ("workflow_id=wf-b", ["model-2"]),
        ("task_id=t-3", ["model-1", "fig-1"]),
        ("object_id=ds-1", ["ds-1"]),
    ],
)
async def test_object_list_filters(http_server_client, query, expected):
    assert ids(await call(http_server_client, f"/api/v1/objects?{query}")) == expected


async def test_include_data_adds_base64_payloads(http_server_client):
    response = await call(http_server_client, "/api/v1/objects?object_id=ds-1&include_data=true")
    assert base64.b64decode(payload(response)["items"][0]["data"]) == b"hello data!"
    single = await call(http_server_client, "/api/v1/datasets/ds-1?include_data=1")
    assert base64.b64decode(payload(single)["data"]) == b"hello data!"


async def test_object_versions_and_history(http_server_client):
    latest = payload(await call(http_server_client, "/api/v1/objects/model-1"))
    assert latest["version"] == 2
    v1 = payload(await call(http_server_client, "/api/v1/models/model-1/versions/1"))
    assert (v1["version"], v1["storage_type"]) == (1, "gridfs")
    history = payload(await call(http_server_client, "/api/v1/objects/model-1/history?limit=2"))
    assert [v["version"] for v in history["items"]] == [2, 1]
    assert history["limit"] == 2
    missing = await call(http_server_client, "/api/v1/objects/model-1/versions/9")
    assert (missing.code, payload(missing)) == (
        404,
        {"detail": "Object model-1 has no version 9"},
    )
    unknown = await call(http_server_client, "/api/v1/objects/nope/history")
    assert (unknown.code, payload(unknown)) == (404, {"detail": "Object not found: nope"})


async def test_datasets_and_models_are_scoped(http_server_client):
    assert ids(await call(http_server_client, "/api/v1/datasets")) == ["ds-1"]
    assert ids(await call(http_server_client, "/api/v1/models")) == ["model-1", "model-2"]
    widened = await call(
        http_server_client, "/api/v1/datasets/query", "POST", {"filter": {"type": "ml_model"}}
    )
    assert payload(widened)["items"] == []
    wrong = await call(http_server_client, "/api/v1/datasets/model-1")
    assert (wrong.code, payload(wrong)) == (404, {"detail": "Dataset not found: model-1"})
    by_type = await call(http_server_client, "/api/v1/models?type=dataset")
    assert payload(by_type)["items"] == []


async def test_object_query_with_projection(http_server_client):
    response = await call(
        http_server_client,
        "/api/v1/models/query",
        "POST",
        {"projection": ["object_id", "version"], "sort": [{"field": "version", "order": -1}]},
    )
    assert payload(response)["items"] == [
        {"object_id": "model-1", "version": 2},
        {"object_id": "model-2", "version": 0},
    ]


@pytest.mark.parametrize(
    ("path", "content", "filename"),
    [
        ("/api/v1/objects/model-1/download", seed.MODEL_V2_BYTES, "model-1.bin"),
        ("/api/v1/objects/model-1/versions/1/download", seed.MODEL_V1_BYTES, "model-1.v1.bin"),
        ("/api/v1/objects/model-1/versions/0/download", b"model-v0", "model-1.v0.bin"),
        ("/api/v1/datasets/ds-1/download", b"hello data!", "ds-1.bin"),
        ("/api/v1/models/model-2/download", b"tiny model", "model-2.bin"),
    ],
)
async def test_downloads_stream_the_payload_as_an_attachment(
    http_server_client, path, content, filename
):
    response = await call(http_server_client, path)
    assert response.code == 200
    assert response.body == content
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Length"] == str(len(content))
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/v1/objects/fig-1/download", "Object fig-1 has no payload"),
        ("/api/v1/objects/nope/download", "Object not found: nope"),
        ("/api/v1/objects/model-1/versions/5/download", "Object model-1 has no version 5"),
        ("/api/v1/models/ds-1/download", "Model not found: ds-1"),
    ],
)
async def test_missing_downloads_are_json_404(http_server_client, path, detail):
    response = await call(http_server_client, path)
    assert response.code == 404
    assert payload(response) == {"detail": detail}
