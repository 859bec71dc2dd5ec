"""Bearer-token access and the security headers every response carries.

Which paths need the token is decided here once, for the handlers and the OpenAPI document alike:
everything under /api/v1 but the health checks, which probes and load balancers call without
credentials. The documentation pages and /openapi.json carry no data and stay open.
"""

import hmac

from tornado.httputil import HTTPHeaders

from flowcept.http.routing import API_PREFIX

OPEN_PREFIX = API_PREFIX + "/health/"
REALM = 'Bearer realm="flowcept"'

# A JSON API renders nothing, so its responses may load and frame nothing either.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def requires_token(path: str) -> bool:
    """Whether `path` (a request path or a route's path template) is behind the token."""
    return (path == API_PREFIX or path.startswith(API_PREFIX + "/")) and not path.startswith(
        OPEN_PREFIX
    )


class Unauthorized(Exception):
    """The request lacks the bearer token, or sent another one; answers 401."""

    def __init__(self, detail: str, challenge: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.challenge = challenge


def check_bearer(authorization: str | None, token: str) -> None:
    """Raise `Unauthorized` unless `authorization` is `Bearer <token>` (constant-time compare)."""
    scheme, _, offered = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not offered.strip():
        # RFC 6750 3.1: no error code when the client sent no bearer credentials at all.
        raise Unauthorized("Missing bearer token: send `Authorization: Bearer <token>`", REALM)
    # Header values arrive as latin-1 text: compare the bytes the client actually sent.
    sent = offered.strip().encode("latin-1", "replace")
    if not hmac.compare_digest(sent, token.encode("ascii")):
        raise Unauthorized("Invalid bearer token", REALM + ', error="invalid_token"')


def add_security_headers(headers: HTTPHeaders, status: int) -> None:
    """Fill in the headers every response carries; a handler's own choices are kept."""
    for name, value in ALWAYS.items():
        headers[name] = value
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = API_CONTENT_SECURITY_POLICY
    if "Cache-Control" not in headers:
        # Errors are never worth keeping; data may be revalidated cheaply (ETag) but shared
        # caches must not keep what a token protects.
        headers["Cache-Control"] = "no-store" if status >= 400 else "private, no-cache"
