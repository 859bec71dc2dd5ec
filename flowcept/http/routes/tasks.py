"""Task endpoints."""

from flowcept.domain.query import Query
from flowcept.http.base import ApiHandler
from flowcept.http.params import list_query, single_arguments
from flowcept.http.routing import Route, api

TASK_FILTERS = ("workflow_id", "parent_task_id", "campaign_id", "task_id", "status")


class TaskListHandler(ApiHandler):
    async def get(self) -> None:
        query, _ = list_query(self, Query, TASK_FILTERS)
        self.send_page(await self.store.find_tasks(query))


class TasksByWorkflowHandler(ApiHandler):
    async def get(self, workflow_id: str) -> None:
        filters = tuple(f for f in TASK_FILTERS if f != "workflow_id")
        query, _ = list_query(self, Query, filters, base_filter={"workflow_id": workflow_id})
        self.send_page(await self.store.find_tasks(query))


class TaskHandler(ApiHandler):
    async def get(self, task_id: str) -> None:
        single_arguments(self, ())
        self.send_json(await self.store.get_task(task_id))


class TaskQueryHandler(ApiHandler):
    async def post(self) -> None:
        query = self.parse_body(Query).checked()
        self.send_page(await self.store.find_tasks(query))


routes = [
    Route(api("/tasks"), TaskListHandler, "tasks", "List tasks"),
    Route(api("/tasks/query"), TaskQueryHandler, "tasks", "Query tasks"),
    Route(
        api("/tasks/by_workflow/{workflow_id}"),
        TasksByWorkflowHandler,
        "tasks",
        "List the tasks of a workflow",
    ),
    Route(api("/tasks/{task_id}"), TaskHandler, "tasks", "Get a task"),
]
