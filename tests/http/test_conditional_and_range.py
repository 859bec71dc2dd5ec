"""Range requests on downloads, and ETag / If-None-Match / If-Range, over HTTP on both stores."""

import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tornado.web import Application

from flowcept.domain.ports import Payload
from flowcept.http.ranges import RangeNotSatisfiable, requested_range
from tests import seed
from tests.http.client import call, payload

V1 = seed.MODEL_V1_BYTES  # 1,280 bytes in three GridFS chunks of 512
V2 = seed.MODEL_V2_BYTES  # 900 bytes in two
V1_PATH = "/api/v1/objects/model-1/versions/1/download"

DOWNLOADS = [
    ("/api/v1/objects/model-1/download", V2),
    (V1_PATH, V1),
    ("/api/v1/models/model-1/download", V2),
    ("/api/v1/datasets/ds-1/download", b"hello data!"),
    ("/api/v1/objects/model-1/versions/0/download", b"model-v0"),
]
RESOURCES = [
    "/api/v1/workflows/wf-a",
    "/api/v1/tasks/t-3",
    "/api/v1/objects/model-1",
    "/api/v1/objects/model-1?include_data=true",
    "/api/v1/objects/model-1/versions/1",
    "/api/v1/datasets/ds-1",
    "/api/v1/datasets/ds-1/versions/0",
    "/api/v1/models/model-1",
    "/api/v1/models/model-1/versions/1",
]


async def get(client: Any, path: str, **headers: str) -> Any:
    return await call(client, path, headers={k.replace("_", "-"): v for k, v in headers.items()})


# -- ranges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "header", "first", "last", "size"),
    [
        (V1_PATH, "bytes=10-19", 10, 19, 1280),
        (V1_PATH, "bytes=500-1100", 500, 1100, 1280),  # across two chunk boundaries
        (V1_PATH, "bytes=1270-1279", 1270, 1279, 1280),
        (V1_PATH, "bytes=1279-", 1279, 1279, 1280),  # the last byte
        (V1_PATH, "bytes=1024-", 1024, 1279, 1280),
        (V1_PATH, "bytes=-100", 1180, 1279, 1280),  # a suffix
        (V1_PATH, "bytes=-5000", 0, 1279, 1280),  # a suffix longer than the payload
        (V1_PATH, "bytes=0-99999", 0, 1279, 1280),  # clipped at the end
        (V1_PATH, "Bytes = 0-0 ", 0, 0, 1280),  # unit is case-insensitive, whitespace allowed
        (V1_PATH, "bytes=5-9,", 5, 9, 1280),  # an empty list element is not a second range
        ("/api/v1/models/model-1/download", "bytes=510-515", 510, 515, 900),
        ("/api/v1/datasets/ds-1/download", "bytes=6-9", 6, 9, 11),
        ("/api/v1/objects/model-1/versions/0/download", "bytes=-3", 5, 7, 8),
    ],
)
async def test_a_single_range_is_206_with_exactly_those_bytes(
    http_server_client, path, header, first, last, size
):
    content = dict(DOWNLOADS)[path]
    response = await get(http_server_client, path, Range=header)
    assert response.code == 206
    assert response.body == content[first : last + 1]
    assert response.headers["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response.headers["Content-Length"] == str(last - first + 1)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Etag"]


@pytest.mark.parametrize(("path", "content"), DOWNLOADS)
async def test_every_download_says_it_accepts_byte_ranges(http_server_client, path, content):
    response = await get(http_server_client, path)
    assert (response.code, response.body) == (200, content)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "Content-Range" not in response.headers


@pytest.mark.parametrize(
    ("path", "header", "size"),
    [
        (V1_PATH, "bytes=1280-", 1280),
        (V1_PATH, "bytes=1280-2000", 1280),
        (V1_PATH, "bytes=-0", 1280),
        ("/api/v1/datasets/ds-1/download", "bytes=11-11", 11),
    ],
)
async def test_an_unsatisfiable_range_is_416_with_the_size(http_server_client, path, header, size):
    response = await get(http_server_client, path, Range=header)
    assert response.code == 416
    assert response.headers["Content-Range"] == f"bytes */{size}"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "Content-Disposition" not in response.headers
    detail = payload(response)["detail"]
    assert "Range not satisfiable" in detail and str(size) in detail


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "bytes=5-3",  # last before first: invalid
        "bytes=0-1,5-6",  # several ranges: multipart is not offered
        "bytes=-",
        "bytes=",
        "bytes 0-5",
        "items=0-5",
        "bytes=0x10-0x20",
        "bytes=+1-2",
        "bytes=1 - 2",
    ],
)
async def test_a_malformed_or_multiple_range_is_ignored(http_server_client, header):
    response = await get(http_server_client, V1_PATH, Range=header)
    assert (response.code, response.body) == (200, V1)
    assert response.headers["Content-Length"] == str(len(V1))
    assert "Content-Range" not in response.headers


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        (None, 10, None),
        ("bytes=2-4", 10, (2, 4)),
        ("bytes=2-", 10, (2, 9)),
        ("bytes=-4", 10, (6, 9)),
        ("bytes=9-100", 10, (9, 9)),
        ("bytes=\u0661-\u0662", 10, None),  # only ASCII digits
        ("bytes=0-1, 3-4", 10, None),
    ],
)
def test_range_parsing(header, size, expected):
    found = requested_range(header, size)
    assert (found and (found.start, found.end)) == expected


@pytest.mark.parametrize(("header", "size"), [("bytes=0-", 0), ("bytes=-1", 0), ("bytes=10-", 10)])
def test_unsatisfiable_ranges(header, size):
    with pytest.raises(RangeNotSatisfiable) as raised:
        requested_range(header, size)
    assert raised.value.content_range == f"bytes */{size}"


async def test_a_range_is_read_from_its_chunks_only(http_server_client, app: Application):
    spy = ReadSpy(app.settings["store"])
    app.settings["store"] = spy
    response = await get(http_server_client, V1_PATH, Range="bytes=1270-1279")
    assert (response.code, response.body) == (206, V1[1270:])
    assert spy.pieces == [10]


# -- ETags and 304 -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", RESOURCES)
async def test_single_resources_carry_a_stable_strong_etag(http_server_client, path):
    first = await get(http_server_client, path)
    second = await get(http_server_client, path)
    assert first.code == 200
    etag = first.headers["Etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    assert second.headers["Etag"] == etag
    assert json.loads(first.body) == json.loads(second.body)


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(
    "condition",
    ["{etag}", "W/{etag}", '"other", {etag}', '"a", W/{etag} , "b"', "*"],
)
async def test_if_none_match_on_a_single_resource_is_304(http_server_client, path, condition):
    etag = (await get(http_server_client, path)).headers["Etag"]
    response = await get(http_server_client, path, If_None_Match=condition.format(etag=etag))
    assert response.code == 304
    assert response.body == b""
    assert response.headers["Etag"] == etag


@pytest.mark.parametrize("path", RESOURCES)
async def test_a_changed_etag_never_matches_a_single_resource(http_server_client, path):
    etag = (await get(http_server_client, path)).headers["Etag"]
    for stale in (etag[:-2] + '0"' if etag[-2] != "0" else etag[:-2] + '1"', '"x"', etag[1:-1]):
        response = await get(http_server_client, path, If_None_Match=stale)
        assert response.code == 200 and response.body


async def test_different_representations_have_different_etags(http_server_client):
    paths = [
        "/api/v1/objects/model-1",
        "/api/v1/objects/model-1/versions/1",
        "/api/v1/objects/ds-1",
        "/api/v1/objects/ds-1?include_data=true",
        "/api/v1/tasks/t-3",
    ]
    tags = [(await get(http_server_client, path)).headers["Etag"] for path in paths]
    assert len(set(tags)) == len(tags)


@pytest.mark.parametrize(("path", "content"), DOWNLOADS)
async def test_downloads_carry_a_stable_etag(http_server_client, path, content):
    first = await get(http_server_client, path)
    second = await get(http_server_client, path, Range="bytes=0-0")
    assert first.body == content
    etag = first.headers["Etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    assert second.headers["Etag"] == etag  # a range does not change the validator


async def test_download_etags_tell_payloads_apart(http_server_client):
    tags = {path: (await get(http_server_client, path)).headers["Etag"] for path, _ in DOWNLOADS}
    assert tags["/api/v1/objects/model-1/download"] == tags["/api/v1/models/model-1/download"]
    assert len(set(tags.values())) == len(DOWNLOADS) - 1
    latest_by_number = await get(http_server_client, "/api/v1/objects/model-1/versions/2/download")
    assert latest_by_number.headers["Etag"] == tags["/api/v1/objects/model-1/download"]


@pytest.mark.parametrize(("path", "content"), DOWNLOADS)
@pytest.mark.parametrize("condition", ["{etag}", "W/{etag}", '"nope", {etag}', "*"])
async def test_if_none_match_on_a_download_is_304_without_reading_it(
    http_server_client, app: Application, path, content, condition
):
    etag = (await get(http_server_client, path)).headers["Etag"]
    spy = ReadSpy(app.settings["store"])
    app.settings["store"] = spy
    response = await get(
        http_server_client, path, If_None_Match=condition.format(etag=etag), Range="bytes=0-1"
    )
    assert response.code == 304
    assert response.body == b""
    assert response.headers["Etag"] == etag
    assert "Content-Length" not in response.headers or response.headers["Content-Length"] == "0"
    assert spy.opened == 1 and spy.pieces == []  # the payload was never streamed


async def test_a_changed_etag_never_matches_a_download(http_server_client):
    v1_tag = (await get(http_server_client, V1_PATH)).headers["Etag"]
    latest = "/api/v1/objects/model-1/download"
    for stale in (v1_tag, '"x"', v1_tag[1:-1]):
        response = await get(http_server_client, latest, If_None_Match=stale)
        assert (response.code, response.body) == (200, V2)


async def test_if_range_honours_the_range_only_for_the_current_strong_etag(http_server_client):
    etag = (await get(http_server_client, V1_PATH)).headers["Etag"]
    honoured = await get(http_server_client, V1_PATH, Range="bytes=0-9", If_Range=etag)
    assert (honoured.code, honoured.body) == (206, V1[:10])
    other = (await get(http_server_client, "/api/v1/objects/model-1/download")).headers["Etag"]
    for validator in (other, "W/" + etag, '"x"', "Wed, 21 Oct 2015 07:28:00 GMT"):
        whole = await get(http_server_client, V1_PATH, Range="bytes=0-9", If_Range=validator)
        assert (whole.code, whole.body) == (200, V1)
        assert "Content-Range" not in whole.headers
    unsatisfiable = await get(http_server_client, V1_PATH, Range="bytes=5000-", If_Range='"x"')
    assert (unsatisfiable.code, unsatisfiable.body) == (200, V1)  # the Range was not evaluated


async def test_missing_downloads_stay_json_404(http_server_client):
    response = await get(http_server_client, "/api/v1/objects/nope/download", Range="bytes=0-1")
    assert response.code == 404
    assert payload(response) == {"detail": "Object not found: nope"}


class ReadSpy:
    """The app's store, counting payloads opened and the pieces their readers actually yield."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.opened = 0
        self.pieces: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def open_payload(self, *args: Any, **kwargs: Any) -> Payload:
        opened: Payload = await self._store.open_payload(*args, **kwargs)
        self.opened += 1
        reader = opened.reader
        assert reader is not None

        async def spied(start: int, end: int) -> AsyncIterator[bytes]:
            async for piece in reader(start, end):
                self.pieces.append(len(piece))
                yield piece

        assert opened.end is not None
        return dataclasses.replace(opened, chunks=spied(opened.start, opened.end), reader=spied)
