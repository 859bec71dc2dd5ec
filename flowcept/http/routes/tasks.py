"""Task endpoints."""

from flowcept.domain.query import Query
from flowcept.http.base import ApiHandler, QueryBodyHandler
from flowcept.http.params import list_query
from flowcept.http.routing import FILTER_JSON, PAGING, Reply, Route, api, filters
from flowcept.http.schemas import Task, TaskPage

TASK_FILTERS = ("workflow_id", "parent_task_id", "campaign_id", "task_id", "status")


class TaskListHandler(ApiHandler):
    async def get(self) -> None:
        assert self.route is not None
        query = list_query(self.arguments(), Query, self.route.field_filters)
        self.send_page(await self.store.find_tasks(query))


class TasksByWorkflowHandler(ApiHandler):
    async def get(self, workflow_id: str) -> None:
        assert self.route is not None
        query = list_query(
            self.arguments(), Query, self.route.field_filters, {"workflow_id": workflow_id}
        )
        self.send_page(await self.store.find_tasks(query))


class TaskHandler(ApiHandler):
    async def get(self, task_id: str) -> None:
        self.arguments()
        self.send_resource(await self.store.get_task(task_id))


class TaskQueryHandler(QueryBodyHandler):
    async def post(self) -> None:
        self.arguments()
        query = self.parse_body(Query).checked()
        self.send_page(await self.store.find_tasks(query))


PAGE = Reply("json", TaskPage)

routes = [
    Route(
        api("/tasks"),
        TaskListHandler,
        "tasks",
        "List tasks",
        query=(*PAGING, FILTER_JSON, *filters(*TASK_FILTERS)),
        reply=PAGE,
    ),
    Route(
        api("/tasks/query"),
        TaskQueryHandler,
        "tasks",
        "Query tasks",
        body=Query,
        reply=PAGE,
        errors=(400, 405, 422, 503),
    ),
    Route(
        api("/tasks/by_workflow/{workflow_id}"),
        TasksByWorkflowHandler,
        "tasks",
        "List the tasks of a workflow",
        query=(*PAGING, FILTER_JSON, *filters(*(f for f in TASK_FILTERS if f != "workflow_id"))),
        reply=PAGE,
        description="An empty list when the workflow has no tasks (or no document).",
    ),
    Route(api("/tasks/{task_id}"), TaskHandler, "tasks", "Get a task", reply=Reply("json", Task)),
]
