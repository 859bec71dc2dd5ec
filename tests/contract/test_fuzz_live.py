"""Hostile input fuzzed against the live server: invalid data is refused with a documented 4xx,
never a 5xx, a hang or an undocumented answer.

Complements test_openapi.py's run (valid and invalid inputs, every phase) with a run that sends
only schema-breaking data: schemathesis's negative mode, with NUL bytes and any Unicode in
strings, every response checked against the documented status codes, content types, headers and
schemas, and each answer bounded in time.

Bounds: every operation of the document (35 today); the examples, coverage and fuzzing phases (the
stateful phase runs in test_openapi.py); at most 10 generated cases per operation and phase,
seed 11, one worker, so a run sends the same cases each time: about 1,350 requests, 40 s on a
2-core machine (60 s when it is busy).
"""

from pathlib import Path

from flowcept.http.app import ROUTES
from flowcept.http.openapi import build_openapi
from tests.contract.schemathesis_runs import run_schemathesis

OPERATIONS = sum(len(item) for item in build_openapi(ROUTES)["paths"].values())


def test_negative_fuzzing_gets_documented_client_errors_only(tmp_path: Path) -> None:
    options = [
        "--mode",
        "negative",
        "--phases",
        "examples,coverage,fuzzing",
        # Every check but the one about valid data (negative mode sends none).
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-response-time",
        "5",
        "--generation-allow-x00",
        "true",
        "--generation-codec",
        "utf-8",
        "--generation-database",
        "none",
        "--max-examples",
        "10",
        "--seed",
        "11",
        "--workers",
        "1",
    ]
    output = run_schemathesis(options, tmp_path, timeout=300)
    assert f"{OPERATIONS} selected / {OPERATIONS} total" in output
    assert "No issues found" in output
