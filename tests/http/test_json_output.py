"""BSON values leave the service as valid, predictable JSON."""

import json
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone

from bson import Binary, Decimal128, Int64, ObjectId

from flowcept.jsonout import dumps


def test_bson_values_render_as_json_a_client_can_read():
    document = {
        "when": datetime(2024, 2, 8, 20, 6, 28, 267000, tzinfo=timezone.utc),
        "naive": datetime(2024, 2, 8, 20, 6, 28),
        "offset": datetime(2024, 2, 8, 22, 0, tzinfo=timezone(timedelta(hours=2))),
        "oid": ObjectId("65c5340c8742cbf9f72b8b76"),
        "long": Int64(1674603140215),
        "decimal": Decimal128("1.5"),
        "nan": float("nan"),
        "inf": [float("inf"), -float("inf")],
        "bytes": Binary(b"\x00\x01"),
        "nested": {"ok": True, "none": None},
    }
    assert json.loads(dumps(document)) == {
        "when": "2024-02-08T20:06:28.267000Z",
        "naive": "2024-02-08T20:06:28Z",
        "offset": "2024-02-08T20:00:00Z",
        "oid": "65c5340c8742cbf9f72b8b76",
        "long": 1674603140215,
        "decimal": 1.5,
        "nan": None,
        "inf": [None, None],
        "bytes": "AAE=",
        "nested": {"ok": True, "none": None},
    }


def test_output_is_strict_json_even_for_non_finite_numbers():
    text = dumps({"x": float("nan")}).decode()
    assert "NaN" not in text
    json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))


def test_values_beyond_the_fast_writer_take_the_general_rules():
    document = {"counter": 2**70, "when": datetime(2024, 1, 1, tzinfo=timezone.utc), "n": [1.5]}
    assert json.loads(dumps(document)) == {
        "counter": 2**70,
        "when": "2024-01-01T00:00:00Z",
        "n": [1.5],
    }


def test_a_read_only_mapping_renders_as_an_object():
    class Stored(Mapping[str, object]):
        def __init__(self, data: dict[str, object]) -> None:
            self._data = data

        def __getitem__(self, key: str) -> object:
            return self._data[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self._data)

        def __len__(self) -> int:
            return len(self._data)

    stored = Stored({"task_id": "t-1", "at": datetime(2024, 1, 1, tzinfo=timezone.utc)})
    assert (
        dumps({"items": [stored]}) == b'{"items":[{"task_id":"t-1","at":"2024-01-01T00:00:00Z"}]}'
    )
