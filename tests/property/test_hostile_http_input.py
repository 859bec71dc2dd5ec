"""Random bytes and JSON sent as query bodies, filter_json, query parameters and path segments
never make the API fail: every answer is below 500, and every error is JSON with a `detail`.

Requests go through the real Tornado application over loopback, on the embedded store and on the
MongoDB adapter over mongomock. Bounds: each test runs 150 derandomized examples per store (the
same requests on every run), about 5,000 requests in all; about 20 s on a 2-core machine.
"""

import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mongomock_motor import AsyncMongoMockClient

from flowcept.adapters.memory import MemoryStore
from flowcept.adapters.mongo import MongoStore
from flowcept.domain.filters import ALLOWED_OPERATORS
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import ROUTES
from flowcept.http.routing import Route
from tests import seed
from tests.property.filters import filters
from tests.property.live_app import LiveApp

HOSTILE_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


async def memory() -> ProvenanceStore:
    return MemoryStore(seed.collections())


async def mongomock() -> ProvenanceStore:
    database = AsyncMongoMockClient(tz_aware=True)["flowcept"]
    for name, documents in seed.collections().items():
        if documents:
            await database[name].insert_many(documents)
    return MongoStore(database)


@pytest.fixture(scope="module", params=[memory, mongomock], ids=["memory", "mongomock"])
def live(request: pytest.FixtureRequest) -> Iterator[LiveApp]:
    app = LiveApp(request.param)
    yield app
    app.close()


def assert_answered_cleanly(answer: tuple[int, Mapping[str, str], bytes], what: Any) -> None:
    status, headers, body = answer
    assert status < 500, (status, body[:500], what)
    if status >= 400:
        assert headers.get("Content-Type", "").startswith("application/json"), (status, what)
        detail = json.loads(body)
        assert isinstance(detail, dict) and "detail" in detail, (status, body[:500], what)


# --- what the requests are made of ------------------------------------------------------------

POST_ROUTES = [r for r in ROUTES if r.method == "post"]
GET_ROUTES = [r for r in ROUTES if r.method == "get"]
LIST_ROUTES = [r for r in GET_ROUTES if "filter_json" in r.query_names]
ROUTES_WITH_IDS = [r for r in ROUTES if r.path_params]
KNOWN_IDS = ["t-1", "t-9", "wf-a", "wf-b", "model-1", "ds-1", "fig-1", "0", "1", "2"]
KEYS = sorted(ALLOWED_OPERATORS) + [
    "$where",
    "$expr",
    "$date",
    "$oid",
    "$numberLong",
    "$binary",
    "filter",
    "projection",
    "sort",
    "limit",
    "aggregation",
    "cursor",
    "count_total",
    "include_data",
    "field",
    "order",
    "operator",
    "task_id",
    "used.lr",
    "",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)
# Bodies shaped like a query, so that validation passes often and the store is reached.
query_like = st.fixed_dictionaries(
    {},
    optional={
        "filter": filters(1) | json_values,
        "projection": st.lists(st.sampled_from(["task_id", "used", "used.lr", "a.b", ""])),
        "sort": st.lists(
            st.fixed_dictionaries(
                {"field": st.sampled_from(["task_id", "started_at", "used.lr", "x"])},
                optional={"order": st.sampled_from([1, -1, 0])},
            ),
            max_size=3,
        ),
        "limit": st.integers(-2, 1002),
        "aggregation": st.none()
        | st.lists(
            st.fixed_dictionaries(
                {
                    "operator": st.sampled_from(["avg", "sum", "min", "max", "median"]),
                    "field": st.sampled_from(["used.lr", "started_at", "status", "x.y"]),
                }
            ),
            max_size=2,
        ),
        "cursor": st.text(max_size=40),
        "count_total": st.booleans() | json_values,
        "include_data": st.booleans(),
    },
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    query_like.map(lambda v: json.dumps(v, default=str).encode()),
)
filter_texts = st.one_of(
    st.text(max_size=60),
    json_values.map(json.dumps),
    filters(2).map(lambda f: json.dumps(f, default=str)),
)
# Any bytes in a path segment or query value reach the server percent-encoded.
raw_values = st.one_of(st.text(max_size=60), st.binary(max_size=60), st.sampled_from(KNOWN_IDS))
segments = raw_values.filter(lambda v: len(v) > 0)


def encoded(value: str | bytes) -> str:
    return quote(value, safe="")


def path_of(route: Route, values: dict[str, str | bytes]) -> str:
    path = route.path
    for name in route.path_params:
        path = path.replace("{" + name + "}", encoded(values[name]))
    return path


def known_path(route: Route) -> str:
    return path_of(route, dict.fromkeys(route.path_params, "t-1"))


# --- the properties -----------------------------------------------------------------------------


@HOSTILE_SETTINGS
@given(route=st.sampled_from(POST_ROUTES), body=bodies)
def test_random_query_bodies_never_fail(live: LiveApp, route: Route, body: bytes) -> None:
    path = known_path(route)
    assert_answered_cleanly(live.fetch("POST", path, body), (path, body))


@HOSTILE_SETTINGS
@given(route=st.sampled_from(LIST_ROUTES), text=filter_texts, limit=st.sampled_from(["", "5"]))
def test_random_filter_json_never_fails(live: LiveApp, route: Route, text: str, limit: str) -> None:
    query = {"filter_json": text, **({"limit": limit} if limit else {})}
    path = known_path(route) + "?" + urlencode(query)
    assert_answered_cleanly(live.fetch("GET", path), path)


@HOSTILE_SETTINGS
@given(
    route=st.sampled_from(ROUTES),
    params=st.lists(
        st.tuples(
            st.sampled_from(sorted({n for r in ROUTES for n in r.query_names}))
            | st.text(max_size=10),
            raw_values,
        ),
        max_size=4,
    ),
    headers=st.dictionaries(
        st.sampled_from(["Range", "If-None-Match", "Accept-Encoding", "Content-Type"]),
        st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
        max_size=2,
    ),
)
def test_random_query_parameters_and_headers_never_fail(
    live: LiveApp, route: Route, params: list[tuple[str, str | bytes]], headers: dict[str, str]
) -> None:
    query = "&".join(f"{encoded(name)}={encoded(value)}" for name, value in params)
    path = known_path(route) + ("?" + query if query else "")
    method = route.method.upper()
    assert_answered_cleanly(live.fetch(method, path, headers=headers), (path, headers))


@HOSTILE_SETTINGS
@given(
    route=st.sampled_from(ROUTES_WITH_IDS),
    data=st.data(),
    # None: the route's own method, half of the time; otherwise one the API does not answer.
    other_method=st.none() | st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
)
def test_random_path_segments_never_fail(
    live: LiveApp, route: Route, data: st.DataObject, other_method: str | None
) -> None:
    method = other_method or route.method.upper()
    values = {name: data.draw(segments, label=name) for name in route.path_params}
    path = path_of(route, values)
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    assert_answered_cleanly(live.fetch(method, path, body), (method, path))
