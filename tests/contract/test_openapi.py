"""The OpenAPI document tells the truth: valid, complete, and honoured by the live server."""

import json
from pathlib import Path

from openapi_spec_validator import validate

from flowcept.http.app import ROUTES, make_app
from flowcept.http.openapi import build_openapi
from flowcept.http.routing import Route
from tests.contract.schemathesis_runs import run_schemathesis
from tests.serving import get, running_server

DOCUMENT = build_openapi(ROUTES)


def test_the_document_is_valid_openapi_3_1():
    assert DOCUMENT["openapi"] == "3.1.0"
    validate(DOCUMENT)


def test_every_routed_path_and_method_is_documented_and_nothing_else():
    app = make_app(store=None)  # type: ignore[arg-type]
    api_rules = [
        rule
        for rule in app.wildcard_router.rules
        if rule.matcher.regex.pattern.startswith("/api/v1")  # type: ignore[attr-defined]
    ]
    assert all(isinstance(rule.target_kwargs.get("route"), Route) for rule in api_rules)
    routed = {
        (rule.target_kwargs["route"].path, rule.target_kwargs["route"].method) for rule in api_rules
    }
    documented = {(path, method) for path, item in DOCUMENT["paths"].items() for method in item}
    assert routed == documented
    assert len(documented) == 35


def test_documented_query_parameters_are_the_ones_handlers_accept():
    for route in ROUTES:
        operation = DOCUMENT["paths"][route.path][route.method]
        names = [p["name"] for p in operation["parameters"] if p["in"] == "query"]
        assert tuple(names) == route.query_names


def test_every_tag_of_the_issue_is_present():
    assert [tag["name"] for tag in DOCUMENT["tags"]] == [
        "health",
        "workflows",
        "tasks",
        "objects",
        "datasets",
        "models",
        "reports",
        "lineage",
    ]


def test_the_query_body_carries_the_documented_example():
    body = DOCUMENT["paths"]["/api/v1/tasks/query"]["post"]["requestBody"]
    assert body["content"]["application/json"]["example"] == {
        "filter": {"workflow_id": "wf_123"},
        "projection": ["task_id", "started_at", "ended_at"],
        "sort": [{"field": "started_at", "order": -1}],
        "limit": 100,
        "aggregation": None,
    }


def test_the_server_serves_the_same_document():
    with running_server() as (base, _):
        status, headers, body = get(base.removesuffix("/api/v1") + "/openapi.json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == json.loads(json.dumps(DOCUMENT))


def test_schemathesis_finds_no_server_error_or_schema_violation(tmp_path: Path):
    """Every operation, valid and invalid inputs, on the demo data; bounded: 25 examples each."""
    options = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]
    options += ["--mode", "all", "--max-examples", "25", "--seed", "7"]
    output = run_schemathesis(options, tmp_path, timeout=600)
    assert "35 selected / 35 total" in output
