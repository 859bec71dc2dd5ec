"""Generated lineage data: a dataset-to-model chain across two workflows, and a wide workflow."""

from typing import Any

Doc = dict[str, Any]


def chain() -> dict[str, list[Doc]]:
    """dataset v0 -> train -> model v0 -> tune -> model v1 -> serve (in a child workflow).

    `tune` names the model in `used` and writes its v1, so it read v0; `serve` reads the latest.
    """
    main, child = "wf-main", "wf-child"
    return {
        "workflows": [
            {"workflow_id": main, "name": "training", "user": "ana"},
            {"workflow_id": child, "name": "serving", "user": "ben", "parent_workflow_id": main},
        ],
        "tasks": [
            _task("load", main, {"path": "/data/raw"}, started=10.0, ended=11.0),
            _task("train", main, {"data": "ds", "lr": 0.1}, started=12.0, ended=20.0),
            _task("tune", main, {"model": "model", "epochs": 2}, started=21.0, ended=30.0),
            _task("serve", child, {"model": "model", "batch": 8}, started=40.0, ended=41.0),
            _task("unrelated", main, {"note": "no links"}, started=50.0, ended=51.0),
        ],
        "objects": [
            _version("ds", 0, None, "load", main, "dataset"),
            _version("model", 1, 0, "tune", main, "ml_model"),
        ],
        "object_history": [_version("model", 0, None, "train", main, "ml_model")],
    }


def _task(task_id: str, workflow: str, used: Doc, started: float, ended: float) -> Doc:
    return {
        "task_id": task_id, "workflow_id": workflow, "activity_id": task_id, "status": "FINISHED",
        "used": used, "started_at": started, "ended_at": ended, "user": "ana",
        "hostname": "node01",
    }


def _version(object_id: str, version: int, prev: int | None, task: str, workflow: str,
             label: str) -> Doc:
    return {
        "object_id": object_id, "version": version, "prev_version": prev, "task_id": task,
        "workflow_id": workflow, "type": label, "custom_metadata": {"name": object_id},
        "data": b"payload bytes never leave the store", "object_size_bytes": 35,
    }


def wide(chains: int = 100, length: int = 100) -> dict[str, list[Doc]]:
    """One workflow of chains x length tasks (10,000 by default): the first task of each chain
    used one dataset, every other task depends on the one before it in its chain."""
    tasks = []
    for c in range(chains):
        for n in range(length):
            task: Doc = {"task_id": f"c{c}-{n}", "workflow_id": "wf-wide", "activity_id": "step"}
            if n == 0:
                task["used"] = {"input": "wide-ds"}
            else:
                task["dependencies"] = [f"c{c}-{n - 1}"]
            tasks.append(task)
    dataset = {"object_id": "wide-ds", "version": 0, "workflow_id": "wf-wide", "type": "dataset"}
    return {"workflows": [{"workflow_id": "wf-wide"}], "tasks": tasks, "objects": [dataset]}
