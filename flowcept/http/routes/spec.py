"""GET /openapi.json: the document built from the route table, once."""

from functools import cache
from typing import Any

from flowcept.http.base import ApiHandler
from flowcept.http.openapi import build_openapi


@cache
def _document() -> bytes:
    from flowcept.http.app import ROUTES  # the table is complete only once app.py is imported
    from flowcept.jsonout import dumps

    return dumps(build_openapi(ROUTES))


class OpenApiHandler(ApiHandler):
    async def get(self) -> None:
        self.arguments()
        self.finish(_document())


page_routes: list[Any] = [(r"/openapi\.json", OpenApiHandler)]
