"""Cross-origin access for browser apps: off unless origins are configured, then an allowlist.

The API takes no cookies (access is a bearer token in `Authorization`), so credentials are never
allowed; a preflight is answered only for an allowed origin and never needs the token.
"""

from dataclasses import dataclass

from tornado.httputil import HTTPHeaders, HTTPServerRequest

ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, Range, X-Request-ID"
EXPOSED_HEADERS = (
    "ETag, X-Request-ID, Content-Range, Content-Disposition, Accept-Ranges, WWW-Authenticate"
)
PREFLIGHT_MAX_AGE_S = 600


@dataclass(frozen=True)
class CorsPolicy:
    """The origins (`scheme://host[:port]`, lower case) that browsers may call the API from."""

    origins: tuple[str, ...] = ()

    def allowed_origin(self, request: HTTPServerRequest) -> str | None:
        """The request's Origin if it is on the allowlist."""
        origin = request.headers.get("Origin")
        if origin is None or origin.lower() not in self.origins:
            return None
        return origin

    def is_preflight(self, request: HTTPServerRequest) -> bool:
        return (
            request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
            and self.allowed_origin(request) is not None
        )

    def add_headers(self, request: HTTPServerRequest, headers: HTTPHeaders) -> None:
        """The CORS headers of a response to `request`: none when CORS is off or not allowed."""
        if not self.origins:
            return
        # The answer depends on Origin whenever CORS is on, so caches must key on it.
        vary = headers.get("Vary")
        headers["Vary"] = f"{vary}, Origin" if vary else "Origin"
        origin = self.allowed_origin(request)
        if origin is None:
            return
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if self.is_preflight(request):
            headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_S)
