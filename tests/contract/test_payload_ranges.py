"""Byte ranges of payloads through the port: only the bytes asked for, from the chunks holding them.

`model-1` v1 is 1,280 bytes in GridFS chunks of 512 (0-511, 512-1023, 1024-1279); the latest
`model-1` is 900 bytes in two chunks; `ds-1` is inline (`hello data!`).
"""

from typing import Any

import pytest
from mongomock_motor import AsyncMongoMockClient
from tornado.ioloop import IOLoop

from flowcept.adapters.mongo import MongoStore
from flowcept.domain.ports import Payload, ProvenanceStore
from tests import seed
from tests.adapters.mongo.doubles import PullCounter
from tests.conftest import seeded_database

V1 = seed.MODEL_V1_BYTES
V2 = seed.MODEL_V2_BYTES
DS = b"hello data!"
SIZES = {("model-1", 1): len(V1), ("model-1", None): len(V2), ("model-1", 0): 8, ("ds-1", None): 11}


async def pieces(payload: Payload) -> list[bytes]:
    return [piece async for piece in payload.chunks]


async def read(payload: Payload) -> bytes:
    return b"".join(await pieces(payload))


@pytest.mark.parametrize(
    ("object_id", "version", "start", "end", "expected"),
    [
        # inside one chunk
        ("model-1", 1, 10, 19, V1[10:20]),
        ("model-1", 1, 600, 700, V1[600:701]),
        ("model-1", 1, 1270, 1279, V1[1270:]),
        # exactly one chunk, and across chunk boundaries
        ("model-1", 1, 512, 1023, V1[512:1024]),
        ("model-1", 1, 511, 512, V1[511:513]),
        ("model-1", 1, 500, 1100, V1[500:1101]),
        ("model-1", None, 510, 515, V2[510:516]),
        # to the end, the last byte, past the end (clipped)
        ("model-1", 1, 1000, None, V1[1000:]),
        ("model-1", 1, 1279, 1279, V1[-1:]),
        ("model-1", 1, 1279, None, V1[-1:]),
        ("model-1", 1, 100, 10_000, V1[100:]),
        ("model-1", None, 899, 899, V2[-1:]),
        # the whole payload
        ("model-1", 1, 0, None, V1),
        ("model-1", 1, 0, 1279, V1),
        ("model-1", None, 0, None, V2),
        # inline payloads are sliced
        ("ds-1", None, 6, 9, b"data"),
        ("ds-1", None, 10, 10, b"!"),
        ("ds-1", None, 0, None, DS),
        ("model-1", 0, 2, 4, b"del"),
    ],
)
async def test_a_range_yields_exactly_its_bytes(
    store: ProvenanceStore,
    object_id: str,
    version: int | None,
    start: int,
    end: int | None,
    expected: bytes,
):
    payload = await store.open_payload(object_id, version, start=start, end=end)
    assert await read(payload) == expected
    assert payload.length == len(expected)
    assert payload.start == start
    assert payload.end == start + len(expected) - 1
    assert payload.size == SIZES[object_id, version]


async def test_ranges_stream_one_piece_per_chunk_trimmed_at_both_ends(store: ProvenanceStore):
    payload = await store.open_payload("model-1", 1, start=500, end=1100)
    assert [len(piece) for piece in await pieces(payload)] == [12, 512, 77]
    whole = await store.open_payload("model-1", 1)
    assert [len(piece) for piece in await pieces(whole)] == [512, 512, 256]


@pytest.mark.parametrize(
    ("object_id", "version", "content"), [("model-1", 1, V1), ("ds-1", None, DS)]
)
@pytest.mark.parametrize("suffix", [1, 10, 300, 700])
async def test_suffix_ranges_from_the_size(
    store: ProvenanceStore, object_id: str, version: int | None, content: bytes, suffix: int
):
    payload = await store.open_payload(object_id, version)
    start = max(payload.size - suffix, 0)
    assert await read(payload.window(start)) == content[-suffix:]
    opened = await store.open_payload(object_id, version, start=start)
    assert await read(opened) == content[-suffix:]


async def test_a_window_reads_the_same_stored_bytes_again(store: ProvenanceStore):
    payload = await store.open_payload("model-1", 1)
    first = payload.window(1024, 1033)
    second = payload.window(0, 9)
    assert (await read(first), await read(second)) == (V1[1024:1034], V1[:10])
    assert (first.size, first.etag, first.length) == (payload.size, payload.etag, 10)
    assert await read(payload) == V1  # the original range is still there to read


async def test_a_range_past_the_end_yields_nothing(store: ProvenanceStore):
    payload = await store.open_payload("model-1", 1, start=1280)
    assert (await pieces(payload), payload.length, payload.size) == ([], 0, 1280)
    inline = await store.open_payload("ds-1", start=50, end=60)
    assert (await pieces(inline), inline.length) == ([], 0)


async def test_negative_positions_are_refused(store: ProvenanceStore):
    with pytest.raises(ValueError):
        await store.open_payload("model-1", 1, start=-1)
    payload = await store.open_payload("ds-1")
    with pytest.raises(ValueError):
        payload.window(0, -2)


async def test_the_payload_etag_is_stable_and_tells_versions_apart(store: ProvenanceStore):
    v1 = await store.open_payload("model-1", 1)
    again = await store.open_payload("model-1", 1, start=5, end=9)
    latest = await store.open_payload("model-1")
    latest_by_number = await store.open_payload("model-1", 2)
    v0 = await store.open_payload("model-1", 0)
    dataset = await store.open_payload("ds-1")
    assert v1.etag and v1.etag == again.etag  # the range does not change the validator
    assert latest.etag == latest_by_number.etag  # the same stored bytes
    tags = {v1.etag, latest.etag, v0.etag, dataset.etag}
    assert len(tags) == 4
    assert all(tag.isalnum() and tag.isascii() for tag in tags)  # safe inside quotes


# -- MongoDB: only the chunks that hold the range are read ------------------------------------


@pytest.fixture
def counted(io_loop: IOLoop) -> tuple[MongoStore, PullCounter]:
    database = AsyncMongoMockClient(tz_aware=True)["flowcept"]
    counter = PullCounter(seeded_database(database, seed.collections(), io_loop))
    return MongoStore(counter), counter


async def chunk_reads(counted: tuple[MongoStore, PullCounter], **window: Any) -> tuple[int, int]:
    """(documents pulled, commands sent) while reading model-1 v1 in the given range."""
    store, counter = counted
    payload = await store.open_payload("model-1", 1, **window)
    counter.reset()
    content = await read(payload)
    start, end = window.get("start", 0), window.get("end")
    assert content == V1[start : None if end is None else end + 1]
    return counter.pulled, counter.commands


@pytest.mark.parametrize(
    ("window", "chunks"),
    [
        ({"start": 1270, "end": 1279}, 1),  # 10 bytes in the last of three chunks
        ({"start": 10, "end": 19}, 1),
        ({"start": 1024}, 1),
        ({"start": 600, "end": 1100}, 2),
        ({"start": 511, "end": 512}, 2),
        ({}, 3),
    ],
)
async def test_mongo_reads_only_the_chunks_that_hold_the_range(
    counted: tuple[MongoStore, PullCounter], window: dict[str, int], chunks: int
):
    assert await chunk_reads(counted, **window) == (chunks, 1)


async def test_mongo_reads_no_chunk_until_the_bytes_are_asked_for(
    counted: tuple[MongoStore, PullCounter],
):
    store, counter = counted
    payload = await store.open_payload("model-1", 1)
    before = counter.pulled
    window = payload.window(1270)
    assert counter.pulled == before  # opening a payload or a window reads metadata only
    counter.reset()
    assert await read(window) == V1[1270:]
    assert (counter.pulled, counter.commands) == (1, 1)
