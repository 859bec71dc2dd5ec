"""Workflow reports: the provenance card, as Markdown or JSON, inline or as a download."""

from pydantic import BaseModel, ConfigDict

from flowcept.domain.errors import InvalidQuery
from flowcept.domain.reports.service import card_json, card_markdown
from flowcept.http.base import ApiHandler
from flowcept.http.params import single_arguments
from flowcept.http.routing import Route, api

MARKDOWN = "text/markdown; charset=utf-8"
FORMATS = ("markdown", "json")


class CardDownloadRequest(BaseModel):
    """The download takes no options; an empty body or `{}`."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ProvenanceCardHandler(ApiHandler):
    async def get(self, workflow_id: str) -> None:
        args = single_arguments(self, ("format",))
        kind = args.get("format", "markdown")
        if kind not in FORMATS:
            raise InvalidQuery(f"format must be markdown or json, got {kind!r}")
        if kind == "json":
            self.send_json(await card_json(self.store, workflow_id))
            return
        text = await card_markdown(self.store, workflow_id)
        self.set_header("Content-Type", MARKDOWN)
        self.finish(text.encode("utf-8"))


class ProvenanceCardDownloadHandler(ApiHandler):
    async def post(self, workflow_id: str) -> None:
        single_arguments(self, ())
        self.parse_body(CardDownloadRequest)
        text = await card_markdown(self.store, workflow_id)
        filename = "".join(c if c.isalnum() or c in "-_." else "_" for c in workflow_id)
        self.set_header("Content-Type", MARKDOWN)
        self.set_header(
            "Content-Disposition", f'attachment; filename="provenance_card_{filename}.md"'
        )
        self.finish(text.encode("utf-8"))


routes = [
    Route(
        api("/workflows/{workflow_id}/reports/provenance-card"),
        ProvenanceCardHandler,
        "reports",
        "The workflow's provenance card as Markdown or JSON",
    ),
    Route(
        api("/workflows/{workflow_id}/reports/provenance-card/download"),
        ProvenanceCardDownloadHandler,
        "reports",
        "Download the workflow's provenance card as a Markdown file",
    ),
]
