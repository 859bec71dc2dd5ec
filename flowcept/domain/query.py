"""The query model: what a client may ask of a list of workflows, tasks or objects."""

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from flowcept.domain.errors import InvalidQuery
from flowcept.domain.filters import decode_filter
from flowcept.domain.limits import (
    MAX_AGGREGATIONS,
    MAX_PATH_LENGTH,
    MAX_PROJECTION_FIELDS,
    MAX_SORT_KEYS,
)

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class SortField(BaseModel):
    """One sort key: a dot path and a direction (1 ascending, -1 descending)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    field: str = Field(min_length=1, max_length=MAX_PATH_LENGTH)
    order: Literal[1, -1] = 1


class Aggregation(BaseModel):
    """One accumulator applied to a field over each group of matching documents."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    operator: Literal["avg", "sum", "min", "max"]
    field: str = Field(min_length=1, max_length=MAX_PATH_LENGTH)

    @property
    def output_name(self) -> str:
        return f"{self.operator}_{self.field.replace('.', '_')}"


def _check_path(path: str, what: str) -> str:
    if len(path) > MAX_PATH_LENGTH:
        raise ValueError(f"{what} is {len(path)} characters long; the limit is {MAX_PATH_LENGTH}")
    if not path or path.startswith("$") or any(part == "" for part in path.split(".")):
        raise ValueError(f"{what} {path!r} is not a dot path of field names")
    return path


class Query(BaseModel):
    """Filter, projection, sort, limit and optional aggregation over one collection."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "example": {
                "filter": {"workflow_id": "wf_123"},
                "projection": ["task_id", "started_at", "ended_at"],
                "sort": [{"field": "started_at", "order": -1}],
                "limit": 100,
                "aggregation": None,
            }
        },
    )

    filter: dict[str, Any] = Field(default_factory=dict)
    projection: list[str] | None = Field(default=None, max_length=MAX_PROJECTION_FIELDS)
    sort: list[SortField] | None = Field(default=None, max_length=MAX_SORT_KEYS)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    aggregation: list[Aggregation] | None = Field(default=None, max_length=MAX_AGGREGATIONS)
    cursor: str | None = Field(
        default=None, max_length=2048, description="next_cursor of the previous page"
    )
    count_total: bool = Field(default=False, description="Add `total`, the number of matches")

    @field_validator("projection")
    @classmethod
    def _projection_paths(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            for path in value:
                _check_path(path, "projection field")
        return value

    @model_validator(mode="after")
    def _sort_paths(self) -> "Query":
        for key in self.sort or []:
            _check_path(key.field, "sort field")
        for agg in self.aggregation or []:
            _check_path(agg.field, "aggregation field")
        return self

    def checked(self) -> Self:
        """Apply the rules that are not about shape (400 rather than 422) and decode the filter."""
        if self.aggregation and self.projection and len(self.projection) > 1:
            raise InvalidQuery(
                "With aggregation, projection may name at most one field: the group key"
            )
        if self.aggregation and self.cursor:
            raise InvalidQuery("cursor pagination is not available for aggregations")
        if self.aggregation == []:
            raise InvalidQuery("aggregation, when given, needs at least one operator")
        if self.projection and not self.aggregation:
            _check_projection_collisions(self.projection)
        return self.model_copy(update={"filter": decode_filter(self.filter)})

    @property
    def group_key(self) -> str | None:
        return self.projection[0] if self.aggregation and self.projection else None


class ObjectQuery(Query):
    """A query over objects, which may also ask for the inline payloads."""

    include_data: bool = False


def _check_projection_collisions(paths: list[str]) -> None:
    ordered = sorted(set(paths))
    for shorter, longer in zip(ordered, ordered[1:], strict=False):
        if longer.startswith(shorter + "."):
            raise InvalidQuery(f"Projection paths collide: {shorter!r} and {longer!r}")
