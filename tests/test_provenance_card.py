"""The provenance card computed from real Flowcept exports, on every store."""

import json
from typing import Any

import pytest

from flowcept.adapters.memory.loader import load_paths
from flowcept.domain.errors import NotFound
from flowcept.domain.reports.markdown import render_markdown
from flowcept.domain.reports.service import provenance_card
from tests.conftest import FIXTURES, STORE_FACTORIES

DASK_WORKFLOW = "wf_1df28552-c34e-4ee8-8fba-3b3d57b71839"


@pytest.fixture(params=["memory", "mongomock"])
def export_store(request, io_loop, tmp_path):
    workflow = tmp_path / "workflow.jsonl"
    workflow.write_text(json.dumps({"type": "workflow", "workflow_id": "wf-empty", "name": "idle"}))
    collections = load_paths([FIXTURES, workflow])
    yield from STORE_FACTORIES[request.param](collections, io_loop)


def raw_tasks() -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "tasks_dask_telemetry.json").read_text())


async def test_dask_card_figures_match_the_raw_export(export_store):
    card = await provenance_card(export_store, DASK_WORKFLOW)
    tasks = raw_tasks()
    timed = [t for t in tasks if "started_at" in t and "ended_at" in t]
    assert card.n_tasks == 9
    assert [a.activity_id for a in card.activities] == ["wrapper"]
    wrapper = card.activities[0]
    assert wrapper.first_start == pytest.approx(min(t["started_at"] for t in timed))
    assert wrapper.last_end == pytest.approx(max(t["ended_at"] for t in timed))
    assert wrapper.elapsed.count == 8
    assert wrapper.elapsed.sum == pytest.approx(sum(t["ended_at"] - t["started_at"] for t in timed))
    user = [
        t["telemetry_at_end"]["cpu"]["times_avg"]["user"]
        - t["telemetry_at_start"]["cpu"]["times_avg"]["user"]
        for t in tasks
        if "telemetry_at_end" in t
    ]
    assert wrapper.telemetry["cpu_user_s"].count == 8
    assert wrapper.telemetry["cpu_user_s"].sum == pytest.approx(sum(user))
    assert card.summary.name is None  # the export holds no workflow document
    assert card.summary.elapsed_s == pytest.approx(wrapper.last_end - wrapper.first_start)


async def test_dask_card_renders_real_telemetry_and_the_unfinished_task(export_store):
    text = render_markdown(await provenance_card(export_store, DASK_WORKFLOW))
    assert text.startswith(f"# Workflow Provenance Card: {DASK_WORKFLOW}")
    assert "wrapper" in text and "CPU user time" in text
    assert "not recorded" in text  # name, user, code repository


async def test_a_workflow_without_tasks_still_has_a_card(export_store):
    card = await provenance_card(export_store, "wf-empty")
    assert (card.n_tasks, card.activities, card.objects.total) == (0, [], 0)
    text = render_markdown(card)
    assert text.startswith("# Workflow Provenance Card: idle")


async def test_a_workflow_with_neither_document_nor_tasks_is_not_found(export_store):
    with pytest.raises(NotFound, match="Workflow not found: nope"):
        await provenance_card(export_store, "nope")
