"""The API documentation pages, ReDoc and Swagger UI, on assets the service ships itself."""

from dataclasses import dataclass
from pathlib import Path

from tornado.escape import xhtml_escape
from tornado.routing import URLSpec
from tornado.web import RequestHandler, StaticFileHandler

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
STATIC_PREFIX = "/static/"
SPEC_URL = "/openapi.json"

# The pages run on air-gapped login nodes, so nothing may come from elsewhere. Scripts load only
# from this origin and none is inline (static/init/*.js start the viewers). Both viewers set
# inline styles, ReDoc indexes its search in a blob: worker, Swagger UI's CSS draws its icons as
# data: images. Anything else a bundle tries to fetch (ReDoc's sidebar logo on cdn.redoc.ly) is
# refused by the browser before it leaves the machine.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src blob:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{links}
</head>
<body>
<noscript>This page needs JavaScript. The API description is at
<a href="{spec}">{spec}</a>.</noscript>
<div id="{root}" data-spec-url="{spec}"></div>
{scripts}
</body>
</html>
"""


@dataclass(frozen=True)
class DocsPage:
    """One documentation page: its title, the element the viewer fills, and its static assets."""

    title: str
    root: str
    stylesheets: tuple[str, ...]
    scripts: tuple[str, ...]
    icon: str | None = None


REDOC = DocsPage(
    title="Flowcept API reference",
    root="redoc",
    stylesheets=("init/docs.css",),
    scripts=("redoc/redoc.standalone.js", "init/redoc-init.js"),
)
SWAGGER_UI = DocsPage(
    title="Flowcept API explorer",
    root="swagger-ui",
    stylesheets=("init/docs.css", "swagger-ui/swagger-ui.css"),
    scripts=("swagger-ui/swagger-ui-bundle.js", "init/swagger-ui-init.js"),
    icon="swagger-ui/favicon-32x32.png",
)


def static_url(path: str) -> str:
    """The URL of a shipped asset, versioned by content hash so that browsers may cache it long."""
    version = DocsStaticHandler.get_version({"static_path": str(STATIC_DIR)}, path)
    if version is None:
        raise FileNotFoundError(STATIC_DIR / path)
    return f"{STATIC_PREFIX}{path}?v={version}"


def render(page: DocsPage) -> str:
    links = [
        f'<link rel="stylesheet" href="{xhtml_escape(static_url(s))}">' for s in page.stylesheets
    ]
    # Without an icon link the browser asks for /favicon.ico, which the API answers with a 404.
    icon = xhtml_escape(static_url(page.icon)) if page.icon else "data:,"
    links.append(f'<link rel="icon" href="{icon}">')
    scripts = [f'<script src="{xhtml_escape(static_url(s))}"></script>' for s in page.scripts]
    return PAGE.format(
        title=xhtml_escape(page.title),
        links="\n".join(links),
        root=page.root,
        spec=SPEC_URL,
        scripts="\n".join(scripts),
    )


class DocsPageHandler(RequestHandler):
    """An HTML page under a Content-Security-Policy that admits only this service's assets.

    The app's output transform adds the other security headers (framing, referrer); nosniff is
    set here too so that the pages stay safe when mounted in another application.
    """

    def initialize(self, page: DocsPage) -> None:
        self.page = page

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")

    def get(self) -> None:
        self.finish(render(self.page))


class DocsStaticHandler(StaticFileHandler):
    """The shipped assets, with Tornado's caching; text types name their charset."""

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")

    def get_content_type(self) -> str:
        content_type = super().get_content_type()
        # The bundles hold non-ASCII text; say UTF-8 rather than leave browsers to guess.
        if content_type.startswith("text/") or content_type == "application/javascript":
            return content_type + "; charset=utf-8"
        return content_type


# Not API operations, so kept out of `routes` and of the OpenAPI document.
page_routes: list[URLSpec] = [
    URLSpec(r"/redoc$", DocsPageHandler, {"page": REDOC}, name="redoc"),
    URLSpec(r"/docs$", DocsPageHandler, {"page": SWAGGER_UI}, name="swagger-ui"),
    URLSpec(r"/static/(.*)", DocsStaticHandler, {"path": str(STATIC_DIR)}, name="static"),
]
