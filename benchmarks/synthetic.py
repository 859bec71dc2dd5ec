"""Synthetic Flowcept tasks with telemetry, for benchmarks (deterministic for a given seed)."""

import random
from collections.abc import Iterator
from typing import Any

ACTIVITIES = ("load_data", "preprocess", "train", "evaluate", "publish")


def telemetry(rng: random.Random, scale: float) -> dict[str, Any]:
    """A reading in Flowcept's shape; counters grow with `scale`."""
    return {
        "cpu": {
            "times_avg": {"user": 1000 * scale + rng.random(), "system": 300 * scale},
            "percent_all": rng.uniform(5, 95),
        },
        "process": {
            "memory": {"rss": int(2e8 * scale + rng.random() * 1e6)},
            "cpu_times": {"user": 4 * scale, "system": scale},
        },
        "memory": {
            "virtual": {"used": int(6e9 + rng.random() * 1e8)},
            "swap": {"used": int(1e9 * scale)},
        },
        "disk": {
            "io_sum": {
                "read_bytes": int(1e9 * scale),
                "write_bytes": int(4e8 * scale),
                "read_count": int(5e4 * scale),
                "write_count": int(2e4 * scale),
            }
        },
        "network": {"netio_sum": {"bytes_sent": int(1e8 * scale), "bytes_recv": int(2e8 * scale)}},
    }


def tasks(workflow_id: str, count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` tasks of one workflow, spread over five activities, a few failed or unfinished."""
    rng = random.Random(seed)
    clock = 1_717_000_000.0
    for n in range(count):
        activity = ACTIVITIES[n * len(ACTIVITIES) // count]
        start = clock + n * 0.5
        task: dict[str, Any] = {
            "task_id": f"{workflow_id}-task-{n:07d}",
            "workflow_id": workflow_id,
            "activity_id": activity,
            "status": "ERROR" if n % 997 == 0 else "FINISHED",
            "submitted_at": start - 0.1,
            "started_at": start,
            "used": {
                "lr": rng.choice([0.1, 0.01, 0.001]),
                "batch": rng.choice([32, 64]),
                "path": f"/data/shard-{n % 50}.npz",
            },
            "generated": {"loss": rng.random(), "accuracy": rng.uniform(0.5, 1.0)},
            "telemetry_at_start": telemetry(rng, 1.0 + n),
            "hostname": f"node{n % 16:03d}",
        }
        if n % 5000 != 1:  # a few never finished
            task["ended_at"] = start + rng.uniform(0.1, 3.0)
            task["telemetry_at_end"] = telemetry(rng, 1.5 + n)
        if n % 10 and n > 0:
            task["parent_task_id"] = f"{workflow_id}-task-{n - 1:07d}"
        yield task
