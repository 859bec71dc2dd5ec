"""The OpenAPI 3.1 document, derived from the route table (no second list of paths)."""

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from flowcept import __version__
from flowcept.http.limits import MAX_BODY_BYTES, MAX_SEGMENT_CHARS
from flowcept.http.routing import Route
from flowcept.http.schemas import ErrorBody, Health
from flowcept.http.security import requires_token

REF = "#/components/schemas/{model}"
TAGS = {
    "health": "Service identity, liveness and readiness.",
    "workflows": "Workflows captured by Flowcept.",
    "tasks": "Tasks: what ran, with which inputs (used) and outputs (generated), when, on what.",
    "objects": "Versioned binary objects (datasets, models, figures): metadata, history, payloads.",
    "datasets": "Objects labelled `dataset` (in `type` or `object_type`).",
    "models": "Objects labelled `ml_model` (in `type` or `object_type`).",
    "reports": "Per-workflow reports: the provenance card.",
    "lineage": "Lineage across workflows, tasks and object versions; W3C PROV export.",
}
ERRORS = {
    400: (
        "BadRequest",
        "A parameter or filter is wrong, or a path segment is longer than "
        f"{MAX_SEGMENT_CHARS} characters; `detail` says which and why.",
    ),
    401: (
        "Unauthorized",
        "The server requires a bearer token and the request sent none, or another one.",
    ),
    404: ("NotFound", "No such record, version, payload or route."),
    405: ("MethodNotAllowed", "The API is read-only: only the documented method is answered."),
    413: ("PayloadTooLarge", f"The request body is larger than {MAX_BODY_BYTES} bytes (1 MiB)."),
    422: ("ValidationFailed", "The body breaks the schema; `detail` lists each error."),
    500: ("InternalError", "The report could not be produced; `detail` says why."),
    503: ("Unavailable", "The store does not answer (outage, or a query over its time budget)."),
}
PATH_PARAMS = {
    "version": ({"type": "integer", "minimum": 0}, "Version number, from 0."),
    "workflow_id": ({"type": "string"}, "A workflow id."),
    "task_id": ({"type": "string"}, "A task id."),
    "object_id": ({"type": "string"}, "An object id."),
}
DESCRIPTION = """Read-only access to workflow provenance captured by Flowcept: workflows, tasks and
versioned objects (datasets, models), with queries, object histories and payload downloads, and a
per-workflow provenance card. Lists answer `{"items": [...], "count": n, "limit": L}`; errors answer
`{"detail": ...}`.

When the server is started with a token (`--api-token-file` or `FLOWCEPT_API_TOKEN`), every path
under `/api/v1` but `/api/v1/health/*` needs `Authorization: Bearer <token>`; without one the API
is open. The documentation pages and this document are always open."""
SECURITY_SCHEME = "bearerAuth"
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": "The token the server was started with (`--api-token-file` or "
    "`FLOWCEPT_API_TOKEN`). Without a configured token the API is open and none is needed.",
}
CHALLENGE = {
    "WWW-Authenticate": {
        "description": 'Bearer realm="flowcept", with error="invalid_token" when a wrong token '
        "was sent.",
        "schema": {"type": "string"},
    }
}


def _models(routes: Iterable[Route]) -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {"ErrorBody": ErrorBody, "Health": Health}
    for route in routes:
        for model in (route.body, route.reply.model):
            if model is not None:
                found[model.__name__] = model
    return list(found.values())


def _schemas(models: list[type[BaseModel]]) -> dict[str, Any]:
    _, top = models_json_schema([(m, "validation") for m in models], ref_template=REF)
    return dict(sorted(top.get("$defs", {}).items()))


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _operation_id(route: Route) -> str:
    words = re.sub(r"[{}]", "", route.path.removeprefix("/api/v1")).strip("/")
    if not words:
        words = "root" if route.path.endswith("/") else "root_without_slash"
    return f"{route.method}_" + re.sub(r"[^A-Za-z0-9]+", "_", words)


def _parameters(route: Route) -> list[dict[str, Any]]:
    parameters = []
    for name in route.path_params:
        schema, description = PATH_PARAMS.get(name, ({"type": "string"}, name))
        parameters.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": schema,
                "description": description,
            }
        )
    for param in route.query:
        parameters.append(
            {
                "name": param.name,
                "in": "query",
                "required": param.required,
                "schema": param.schema,
                "description": param.description,
            }
        )
    return parameters


def _success(route: Route) -> dict[str, Any]:
    reply = route.reply
    if reply.kind == "binary":
        return {
            "description": reply.description,
            "headers": {
                "Content-Disposition": {
                    "description": 'attachment; filename="{object_id}.bin" '
                    "({object_id}.v{version}.bin for a version)",
                    "schema": {"type": "string"},
                },
                "Content-Length": {"schema": {"type": "integer", "minimum": 0}},
            },
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    if reply.kind == "ndjson":
        return {
            "description": reply.description,
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        }
    if reply.kind == "text":  # JSON-based media types carry a document, the others text
        by_media = {
            media: {"schema": {"type": "object" if media.endswith("json") else "string"}}
            for media in reply.media_types
        }
        return {"description": reply.description, "content": by_media}
    if reply.kind == "card":
        content: dict[str, Any] = {"text/markdown": {"schema": {"type": "string"}}}
        if reply.model is not None:
            content["application/json"] = {"schema": _ref(reply.model)}
        return {"description": reply.description, "content": content}
    schema = _ref(reply.model) if reply.model else {"type": "object"}
    return {"description": reply.description, "content": {"application/json": {"schema": schema}}}


def _errors(route: Route) -> dict[str, Any]:
    statuses = set(route.errors) | ({400, 404} if route.path_params else set())
    if requires_token(route.path):
        statuses.add(401)
    if route.body is not None:
        statuses.add(413)
    responses: dict[str, Any] = {}
    for status in sorted(statuses):
        if status == 503 and route.reply.model is Health:
            responses["503"] = {
                "description": "Degraded: the store does not answer.",
                "content": {"application/json": {"schema": _ref(Health)}},
            }
        else:
            responses[str(status)] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    return responses


def _operation(route: Route) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "tags": [route.tag],
        "summary": route.summary,
        "operationId": _operation_id(route),
        "parameters": _parameters(route),
        "responses": {"200": _success(route), **_errors(route)},
    }
    if route.description:
        operation["description"] = route.description
    # The token is optional server-wide, so a request without one may also be right: `{}`.
    operation["security"] = [{SECURITY_SCHEME: []}, {}] if requires_token(route.path) else []
    if route.body is not None:
        media: dict[str, Any] = {"schema": _ref(route.body)}
        example = (route.body.model_config.get("json_schema_extra") or {}).get("example")  # type: ignore[union-attr]
        if example is not None:
            media["example"] = example
        operation["requestBody"] = {
            "required": False,
            "description": "Every field is optional; an empty body means every default.",
            "content": {"application/json": media},
        }
    return operation


def _unauthorized() -> dict[str, Any]:
    return {
        "description": ERRORS[401][1],
        "headers": CHALLENGE,
        "content": {"application/json": {"schema": _ref(ErrorBody)}},
    }


def build_openapi(routes: list[Route]) -> dict[str, Any]:
    """The whole document for `routes`."""
    paths: dict[str, Any] = {}
    tag_order = list(TAGS)
    for route in sorted(routes, key=lambda r: (tag_order.index(r.tag), r.path)):
        paths.setdefault(route.path, {})[route.method] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Flowcept provenance API",
            "version": __version__,
            "description": DESCRIPTION,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": paths,
        "components": {
            "schemas": _schemas(_models(routes)),
            "responses": {
                name: {
                    "description": text,
                    "content": {"application/json": {"schema": _ref(ErrorBody)}},
                }
                for name, text in ERRORS.values()
            }
            | {"Unauthorized": _unauthorized()},
            "securitySchemes": {SECURITY_SCHEME: BEARER},
        },
    }
