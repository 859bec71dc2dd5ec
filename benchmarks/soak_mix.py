"""What the soak sends: every documented operation with ids from the data, and hostile requests.

The valid requests come from the server's own OpenAPI document (GET /openapi.json): each path and
method, its path parameters filled with ids read from the API, and variants for its documented
query parameters (limit, count_total, a real next_cursor, enums). The hostile ones are the abuse a
public endpoint meets: bad JSON, huge and deeply nested filters, catastrophic regular expressions,
unknown parameters, long ids, bad cursors, bodies over the size limit, methods the API refuses.
"""

import json
import random
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode

from benchmarks.soak_client import Request, encode

HOSTILE_SHARE = 0.3  # of all requests
PATHS_PER_OPERATION = 6
CATASTROPHIC_PATTERNS = ["^(a+)+$", "^([0-9a-f-]+)+!$", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$"]


def get_json(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"null")


class Ids:
    """Ids read from the served data, by path parameter and resource."""

    def __init__(self, api: str) -> None:
        def ids(resource: str, field: str) -> list[Any]:
            items = get_json(f"{api}/{resource}?limit=1000").get("items", [])
            return [item[field] for item in items if item.get(field) is not None]

        self.tasks = ids("tasks", "task_id")
        self.workflows = sorted(
            set(ids("workflows", "workflow_id")) | set(ids("tasks", "workflow_id"))
        )
        latest = {r: ids(r, "version") for r in ("objects", "datasets", "models")}
        self.objects = {r: list(zip(ids(r, "object_id"), latest[r], strict=True)) for r in latest}

    def fill(self, path: str, rng: random.Random) -> str:
        resource = (path.split("/") + ["", "", "", ""])[3]
        if "{object_id}" in path:
            object_id, latest = rng.choice(self.objects.get(resource) or [("none", 0)])
            path = path.replace("{object_id}", quote(object_id, safe=""))
            path = path.replace("{version}", str(rng.randint(0, int(latest or 0))))
        if "{workflow_id}" in path:
            path = path.replace("{workflow_id}", quote(rng.choice(self.workflows), safe=""))
        if "{task_id}" in path:
            path = path.replace("{task_id}", quote(rng.choice(self.tasks), safe=""))
        return path


def _query_variants(
    operation: dict[str, Any], path: str, api_root: str, ids: Ids, rng: random.Random
) -> list[str]:
    names = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
    variants: list[dict[str, str]] = [{}]
    if "limit" in names:
        variants.append({"limit": str(rng.choice([1, 5, 20, 100]))})
    if "count_total" in names:
        variants.append({"limit": "3", "count_total": "true"})
    if "include_data" in names:
        variants.append({"include_data": "true"})
    if "node" in names:  # the lineage graph: a node is `task:<id>`, `workflow:<id>`, ...
        object_id = (ids.objects.get("objects") or [("none", 0)])[0][0]
        variants = [
            {"node": f"task:{rng.choice(ids.tasks)}"},
            {"node": f"workflow:{rng.choice(ids.workflows)}", "depth": "2"},
            {"node": f"object:{object_id}"},
        ]
    if "cursor" in names and "limit" in names:
        first = get_json(api_root + path + "?limit=2")
        if isinstance(first, dict) and first.get("next_cursor"):
            variants.append({"limit": "2", "cursor": first["next_cursor"]})
    for name, parameter in names.items():
        for value in parameter["schema"].get("enum", []):
            variants.append({**variants[0], name: value})
    return [path + ("?" + urlencode(v) if v else "") for v in variants]


def _bodies(path: str, operation: dict[str, Any], ids: Ids) -> list[bytes]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None or not path.endswith("/query"):
        return [b""] if content is None else [b"", b"{}"]
    bodies: list[Any] = [{}, {"limit": 20}, {"filter": {"workflow_id": ids.workflows[0]}}]
    if "example" in content:
        bodies.append(content["example"])
    return [json.dumps(b).encode() for b in bodies]


def valid_requests(root: str, host: str, ids: Ids, seed: int = 7) -> list[Request]:
    """Every operation of the OpenAPI document, with real ids and documented parameters."""
    rng = random.Random(seed)
    document = get_json(root + "/openapi.json")
    requests = []
    for template, item in document["paths"].items():
        for method, operation in item.items():
            for _ in range(PATHS_PER_OPERATION if "{" in template else 1):
                path = ids.fill(template, rng)
                for target in _query_variants(operation, path, root, ids, rng):
                    for body in _bodies(template, operation, ids) if method == "post" else [None]:
                        requests.append(encode("valid", method.upper(), target, host, body))
    return list({r.raw: r for r in requests}.values())


def _deep(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"task_id": "x"}
    for _ in range(levels):
        node = {"$and": [node]}
    return node


def hostile_requests(host: str, ids: Ids) -> list[tuple[Request, float]]:
    """Abusive requests, each with its relative weight."""
    api = "/api/v1"
    task = quote(ids.tasks[0], safe="")

    def post(kind: str, body: bytes | Any, path: str = f"{api}/tasks/query") -> Request:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return encode(kind, "POST", path, host, raw, {"Content-Type": "application/json"})

    def get(kind: str, path: str, **query: str) -> Request:
        return encode(kind, "GET", path + ("?" + urlencode(query) if query else ""), host)

    regexes = [{"filter": {"task_id": {"$regex": p}}} for p in CATASTROPHIC_PATTERNS]
    requests = [
        post("bad JSON", b'{"filter": {"task_id": '),
        post("bad JSON", b"\xff\xfe not json at all"),
        post("bad JSON", b"[1, 2, 3]"),
        post("huge filter", {"filter": {"$or": [{"task_id": f"x{i}"} for i in range(3000)]}}),
        post("huge filter", {"filter": {"task_id": {"$in": [f"x{i}" for i in range(1001)]}}}),
        post("huge filter", {"filter": {"task_id": {"$in": [f"x{i}" for i in range(1000)]}}}),
        post("deep nesting", {"filter": _deep(40)}),
        post("deep nesting", b'{"filter": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}"),
        get("deep nesting", f"{api}/tasks", filter_json='{"a": ' * 200 + "1" + "}" * 200),
        *(post("catastrophic regex", body) for body in regexes),
        get(
            "catastrophic regex",
            f"{api}/tasks",
            filter_json=json.dumps({"task_id": {"$regex": CATASTROPHIC_PATTERNS[1]}}),
        ),
        post("bad regex", {"filter": {"task_id": {"$regex": "(", "$options": "q"}}}),
        post("bad regex", {"filter": {"task_id": {"$regex": "a" * 5000}}}),
        post("bad filter", {"filter": {"$where": "sleep(1000)"}}),
        post("bad filter", {"filter": {"started_at": {"$gte": {"$date": "not a date"}}}}),
        post("bad filter", {"filter": {"used.lr": 2**70, "a\u0000b": 1}}),
        get("unknown params", f"{api}/tasks", colour="red"),
        get("unknown params", f"{api}/tasks/{task}", limit="5"),
        get("unknown params", f"{api}/workflows", limit="0"),
        get("long ids", f"{api}/tasks/" + "a" * 5000),
        get("long ids", f"{api}/objects/" + "%FF" * 100 + "/versions/99999999999999"),
        get("long ids", f"{api}/workflows/" + "w" * 600 + "/reports/provenance-card"),
        get("bad cursors", f"{api}/tasks", cursor="bm90IGEgY3Vyc29y"),
        get("bad cursors", f"{api}/workflows", cursor="x" * 2100),
        post("bad cursors", {"cursor": "AAAA" * 50, "limit": 5}),
        get("wrong route", f"{api}/nope"),
        encode("wrong methods", "DELETE", f"{api}/tasks/{task}", host),
        encode("wrong methods", "PUT", f"{api}/tasks/query", host, b"{}"),
        encode("wrong methods", "PATCH", f"{api}/workflows", host, b"{}"),
        encode("wrong methods", "GET", f"{api}/tasks/query", host),
    ]
    oversized = post("oversized body", b'{"filter": {"task_id": "' + b"x" * (2 << 20) + b'"}}')
    # Each kind weighs the same, whatever its number of variants; a 2 MiB body counts a quarter.
    per_kind: dict[str, int] = {}
    for request in requests:
        per_kind[request.kind] = per_kind.get(request.kind, 0) + 1
    weighted = [(r, 1 / per_kind[r.kind]) for r in requests]
    return weighted + [(oversized, 0.25)]


def catalogue(root: str, host: str) -> tuple[list[Request], list[float]]:
    """Valid and hostile requests with weights: HOSTILE_SHARE of draws are hostile."""
    ids = Ids(root + "/api/v1")
    valid = valid_requests(root, host, ids)
    hostile = hostile_requests(host, ids)
    hostile_total = sum(w for _, w in hostile)
    requests = valid + [r for r, _ in hostile]
    weights = [(1 - HOSTILE_SHARE) / len(valid)] * len(valid) + [
        HOSTILE_SHARE * w / hostile_total for _, w in hostile
    ]
    return requests, weights
