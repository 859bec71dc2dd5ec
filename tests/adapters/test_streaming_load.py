"""Export files stream into the embedded store: block by block, with progress, exact positions."""

import json
import logging
import tracemalloc

import pytest
from bson import json_util

from flowcept.adapters.memory import DataLoadError, json_array, loader
from flowcept.adapters.memory.loader import read_records


@pytest.fixture
def tiny_blocks(monkeypatch):
    """Read 7 bytes at a time, so elements, numbers and characters straddle blocks."""
    monkeypatch.setattr(json_array, "BLOCK", 7)


def records_of(path):
    return [record for _, record in read_records(path)]


def test_an_array_read_in_tiny_blocks_gives_every_element_whole(tmp_path, tiny_blocks):
    documents = [
        {"task_id": f"t-{n}", "n": 12345678901 + n, "name": "café ☕ 数据", "x": [1.5, None]}
        for n in range(40)
    ]
    documents.append({"when": {"$date": "2024-03-01T00:00:00Z"}, "big": {"$numberLong": "7"}})
    path = tmp_path / "tasks.json"
    path.write_text(
        "  [\n" + ",\n".join(json.dumps(d, ensure_ascii=False) for d in documents) + "]\n"
    )
    read = records_of(path)
    assert read[:40] == documents[:40]
    assert read[40]["when"].isoformat() == "2024-03-01T00:00:00+00:00"
    assert read[40]["big"] == 7


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"a": 1},\n{"a": 2},\n{"a": }]', "tasks.json:3: Expecting value"),
        ('[{"a": 1}\n{"a": 2}]', "tasks.json:2: expected ',' or ']'"),
        ('[{"a": 1},\n{"a": 2}', "tasks.json:2: the array is not closed"),
        ('[{"a": 1}] x', "tasks.json:1: text after the array's end"),
        ('[{"a": 1},\n 7]', "tasks.json:2: element 1 is not a document"),
        ('[{"t": {"$date": "yesterday"}}]', "tasks.json:1: invalid Extended JSON"),
    ],
)
def test_a_malformed_array_names_the_line_even_across_blocks(
    tmp_path, tiny_blocks, content, message
):
    path = tmp_path / "tasks.json"
    path.write_text(content)
    with pytest.raises(DataLoadError, match=message):
        records_of(path)


def test_invalid_utf8_in_a_line_names_that_line(tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": "\xff"}\n')
    with pytest.raises(DataLoadError, match="tasks.jsonl:2: not UTF-8"):
        records_of(path)


@pytest.mark.parametrize("layout", ["array", "lines"])
def test_reading_a_large_file_holds_about_one_block_not_the_file(tmp_path, monkeypatch, layout):
    monkeypatch.setattr(json_array, "BLOCK", 64 * 1024)
    document = {"task_id": "t", "used": {"text": "x" * 900}, "n": list(range(20))}
    text = json.dumps(document)
    path = tmp_path / "tasks.json"
    with path.open("w") as out:
        if layout == "array":
            out.write("[" + ",\n".join([text] * 6_000) + "]")
        else:
            out.write("\n".join([text] * 6_000))
    assert path.stat().st_size > 6_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_records(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 6_000
    assert peak < 1_000_000, f"peak {peak} bytes for a {path.stat().st_size}-byte file"


def test_a_long_load_reports_its_progress(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(loader, "PROGRESS_EVERY", 100)
    monkeypatch.setattr(loader, "PROGRESS_SECONDS", 0.0)
    path = tmp_path / "tasks.jsonl"
    path.write_text("\n".join(json_util.dumps({"task_id": f"t-{n}"}) for n in range(300)))
    with caplog.at_level(logging.INFO, logger="flowcept.adapters.memory.loader"):
        assert len(records_of(path)) == 300
    progress = [r.getMessage() for r in caplog.records if r.getMessage().startswith("loading ")]
    assert len(progress) == 3
    assert progress[0].startswith(f"loading {path}: 100 records, ")
    assert progress[-1].endswith(f"100% of {path.stat().st_size} bytes")
