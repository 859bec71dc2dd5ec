"""The report port: the aggregations a provenance card is computed from."""

from typing import Protocol

from flowcept.domain.reports.model import ActivityLink, ActivityStats, FieldProfile, ObjectStats


class ReportSource(Protocol):
    """Per-workflow aggregates, each small whatever the number of tasks."""

    async def activity_stats(self, workflow_id: str) -> list[ActivityStats]:
        """One entry per activity_id among the workflow's tasks, in no particular order."""
        ...

    async def activity_links(self, workflow_id: str) -> list[ActivityLink]:
        """Counts of parent_task_id and dependencies links between the workflow's activities."""
        ...

    async def field_profiles(self, workflow_id: str) -> list[FieldProfile]:
        """Profiles of the top-level keys of `used` and `generated`, per activity."""
        ...

    async def object_stats(self, workflow_id: str) -> ObjectStats:
        """Counts and sizes of the workflow's objects (latest versions)."""
        ...
