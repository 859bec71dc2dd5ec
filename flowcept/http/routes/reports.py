"""Workflow reports: the provenance card, as Markdown or JSON, inline or as a download."""

from pydantic import BaseModel, ConfigDict

from flowcept.domain.errors import InvalidQuery
from flowcept.domain.reports.card import ProvenanceCard
from flowcept.domain.reports.service import card_json, card_markdown
from flowcept.http.base import ApiHandler, QueryBodyHandler
from flowcept.http.routing import Param, Reply, Route, api

MARKDOWN = "text/markdown; charset=utf-8"
FORMATS = ("markdown", "json")


class CardDownloadRequest(BaseModel):
    """The download takes no options; an empty body or `{}`."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ProvenanceCardHandler(ApiHandler):
    async def get(self, workflow_id: str) -> None:
        kind = self.arguments().get("format", "markdown")
        if kind not in FORMATS:
            raise InvalidQuery(f"format must be markdown or json, got {kind!r}")
        if kind == "json":
            self.send_json(await card_json(self.store, workflow_id))
            return
        text = await card_markdown(self.store, workflow_id)
        self.set_header("Content-Type", MARKDOWN)
        self.finish(text.encode("utf-8"))


class ProvenanceCardDownloadHandler(QueryBodyHandler):
    async def post(self, workflow_id: str) -> None:
        self.arguments()
        self.parse_body(CardDownloadRequest)
        text = await card_markdown(self.store, workflow_id)
        filename = "".join(c if c.isalnum() or c in "-_." else "_" for c in workflow_id)
        self.set_header("Content-Type", MARKDOWN)
        self.set_header(
            "Content-Disposition", f'attachment; filename="provenance_card_{filename}.md"'
        )
        self.finish(text.encode("utf-8"))


FORMAT = Param(
    "format",
    {"type": "string", "enum": list(FORMATS), "default": "markdown"},
    "markdown (text/markdown) or json (the card's figures).",
)
CARD_ERRORS = (400, 404, 405, 500, 503)

routes = [
    Route(
        api("/workflows/{workflow_id}/reports/provenance-card"),
        ProvenanceCardHandler,
        "reports",
        "The workflow's provenance card as Markdown or JSON",
        query=(FORMAT,),
        reply=Reply("card", ProvenanceCard),
        errors=CARD_ERRORS,
    ),
    Route(
        api("/workflows/{workflow_id}/reports/provenance-card/download"),
        ProvenanceCardDownloadHandler,
        "reports",
        "Download the workflow's provenance card as a Markdown file",
        body=CardDownloadRequest,
        reply=Reply("card", description="provenance_card_{workflow_id}.md"),
        errors=(*CARD_ERRORS, 422),
    ),
]
