"""Response shapes for the OpenAPI document. Records are open: Flowcept captures vary by release."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model


class Record(BaseModel):
    """A stored record: the fields Flowcept usually writes, and any others it holds."""

    model_config = ConfigDict(extra="allow")


class Workflow(Record):
    """A workflow document (key `workflow_id`)."""

    workflow_id: Any = Field(None, description="The workflow's id")
    name: Any = Field(None, description="Workflow name")
    user: Any = Field(None, description="Who ran it")
    campaign_id: Any = Field(None, description="Campaign the workflow belongs to")
    parent_workflow_id: Any = Field(None, description="Workflow that started this one")
    utc_timestamp: Any = Field(None, description="Epoch seconds")
    used: Any = Field(None, description="Workflow arguments")
    generated: Any = Field(None, description="Workflow outputs")
    code_repository: Any = Field(None, description="branch, sha, dirty, remote")
    machine_info: Any = Field(None, description="Machine descriptions by host")


class Task(Record):
    """A task document (key `task_id`), or an aggregation row of a task query."""

    task_id: Any = Field(None, description="The task's id")
    workflow_id: Any = Field(None, description="Workflow the task ran in")
    activity_id: Any = Field(None, description="The function or step the task ran")
    status: Any = Field(None, description="FINISHED, ERROR, RUNNING, ...")
    started_at: Any = Field(None, description="Epoch seconds (older captures: milliseconds)")
    ended_at: Any = Field(None, description="Epoch seconds (older captures: milliseconds)")
    used: Any = Field(None, description="Inputs")
    generated: Any = Field(None, description="Outputs")
    telemetry_at_start: Any = Field(None, description="CPU, memory, disk, network at start")
    telemetry_at_end: Any = Field(None, description="CPU, memory, disk, network at end")


class StoredObject(Record):
    """An object version's metadata; `data` (base64) only with include_data."""

    object_id: Any = Field(None, description="The object's id")
    version: Any = Field(None, description="Version number, from 0")
    type: Any = Field(None, description="Type label (older releases)")
    object_type: Any = Field(None, description="Type label (newer releases)")
    workflow_id: Any = Field(None, description="Workflow that produced it")
    task_id: Any = Field(None, description="Task that produced it")
    created_at: Any = Field(None, description="ISO 8601 UTC")
    storage_type: str | None = Field(None, description="in_object, gridfs, or null (no payload)")
    data: str | None = Field(None, description="Inline payload, base64, only with include_data")


def page_of(record: type[Record], name: str) -> type[BaseModel]:
    """The list envelope around `record`: items in their final order, count, limit, cursor."""
    return create_model(
        name,
        __doc__=f"A page of {record.__name__} records (or aggregation rows).",
        items=(list[record], ...),  # type: ignore[valid-type]
        count=(int, Field(ge=0)),
        limit=(int, Field(ge=1, le=1000)),
        next_cursor=(
            str | None,
            Field(description="Pass as `cursor` for the next page; null on the last"),
        ),
        total=(
            int | None,
            Field(None, ge=0, description="Number of matches, with count_total only"),
        ),
    )


WorkflowPage = page_of(Workflow, "WorkflowPage")
TaskPage = page_of(Task, "TaskPage")
ObjectPage = page_of(StoredObject, "ObjectPage")


class ServiceInfo(BaseModel):
    status: str = Field(examples=["up"])
    service: str = Field(examples=["flowcept-webservice"])
    version: str


class Health(BaseModel):
    status: str = Field(description="ok (live), ready, or degraded")
    services: dict[str, str] | None = Field(None, description="Why each service is degraded")


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """Every error: a message, or for 422 the list of schema violations."""

    detail: str | list[ValidationIssue]
