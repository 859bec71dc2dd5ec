"""Workflow endpoints."""

from flowcept.domain.query import Query
from flowcept.http.base import ApiHandler, QueryBodyHandler
from flowcept.http.params import list_query
from flowcept.http.routing import FILTER_JSON, PAGING, Reply, Route, api, filters
from flowcept.http.schemas import Workflow, WorkflowPage


class WorkflowListHandler(ApiHandler):
    async def get(self) -> None:
        assert self.route is not None
        query = list_query(self.arguments(), Query, self.route.field_filters)
        self.send_page(await self.store.find_workflows(query))


class WorkflowHandler(ApiHandler):
    async def get(self, workflow_id: str) -> None:
        self.arguments()
        self.send_resource(await self.store.get_workflow(workflow_id))


class WorkflowQueryHandler(QueryBodyHandler):
    async def post(self) -> None:
        self.arguments()
        query = self.parse_body(Query).checked()
        self.send_page(await self.store.find_workflows(query))


PAGE = Reply("json", WorkflowPage)

routes = [
    Route(
        api("/workflows"),
        WorkflowListHandler,
        "workflows",
        "List workflows",
        query=(*PAGING, FILTER_JSON, *filters("user", "campaign_id", "parent_workflow_id", "name")),
        reply=PAGE,
    ),
    Route(
        api("/workflows/query"),
        WorkflowQueryHandler,
        "workflows",
        "Query workflows",
        body=Query,
        reply=PAGE,
        errors=(400, 405, 422, 503),
    ),
    Route(
        api("/workflows/{workflow_id}"),
        WorkflowHandler,
        "workflows",
        "Get a workflow",
        reply=Reply("json", Workflow),
    ),
]
