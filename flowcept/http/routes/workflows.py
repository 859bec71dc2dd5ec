"""Workflow endpoints."""

from flowcept.domain.query import Query
from flowcept.http.base import ApiHandler
from flowcept.http.params import list_query, single_arguments
from flowcept.http.routing import Route, api

WORKFLOW_FILTERS = ("user", "campaign_id", "parent_workflow_id", "name")


class WorkflowListHandler(ApiHandler):
    async def get(self) -> None:
        query, _ = list_query(self, Query, WORKFLOW_FILTERS)
        self.send_page(await self.store.find_workflows(query))


class WorkflowHandler(ApiHandler):
    async def get(self, workflow_id: str) -> None:
        single_arguments(self, ())
        self.send_json(await self.store.get_workflow(workflow_id))


class WorkflowQueryHandler(ApiHandler):
    async def post(self) -> None:
        query = self.parse_body(Query).checked()
        self.send_page(await self.store.find_workflows(query))


routes = [
    Route(api("/workflows"), WorkflowListHandler, "workflows", "List workflows"),
    Route(api("/workflows/query"), WorkflowQueryHandler, "workflows", "Query workflows"),
    Route(api("/workflows/{workflow_id}"), WorkflowHandler, "workflows", "Get a workflow"),
]
