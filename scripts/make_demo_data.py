"""Generate the deterministic Flowcept demo dataset in flowcept/demo/.

Writes one mongoexport-style JSON Lines file per collection (relaxed Extended JSON) and a README.
Usage: python scripts/make_demo_data.py
"""

import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bson import ObjectId, json_util
from bson.binary import Binary
from bson.int64 import Int64

SEED = 20240601
BASE_TS = 1717243200.0  # 2024-06-01T12:00:00Z
LEGACY_TS = 1698840000.0  # 2023-11-01T12:00:00Z, an older Flowcept capture
CHUNK_SIZE = 4096
OUT_DIR = Path(__file__).resolve().parent.parent / "flowcept" / "demo"
COLLECTIONS = ("workflows", "tasks", "objects", "object_history", "fs.files", "fs.chunks")
MAGIC = {"dataset": b"PK\x03\x04", "ml_model": b"\x80\x05\x95", "figure": b"\x89PNG\r\n\x1a\n"}
Doc = dict[str, Any]


def utc(ts: float) -> datetime:
    """A tz-aware UTC datetime at millisecond precision (what BSON dates hold)."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=round(ts * 1000))


def finished_at(task: Doc) -> float:
    """Epoch seconds at which a task (new or legacy capture style) last reported."""
    when = task["utc_timestamp"] if "utc_timestamp" in task else task["timestamp"]
    return when.timestamp() if isinstance(when, datetime) else float(when)


def advance(key: str, value: Any, rng: random.Random, dt: float) -> Any:
    """Telemetry after `dt` seconds: counters grow, free space shrinks, totals stay."""
    if isinstance(value, dict):
        return {k: advance(k, v, rng, dt) for k, v in value.items()}
    if isinstance(value, list):
        return [advance(key, v, rng, dt) for v in value]
    if key in ("total", "pid"):
        return value
    if "percent" in key:
        return round(min(99.9, value + rng.uniform(0.5, 25.0)), 1)
    step = value * rng.uniform(0.001, 0.02) + dt * rng.uniform(0.5, 5.0)
    if key in ("free", "available"):
        step = -min(step, value * 0.05)
    return round(value + step, 2) if isinstance(value, float) else int(value + step)


def telemetry(rng: random.Random, pid: int, n_cpus: int = 4) -> Doc:
    def times() -> Doc:
        return {
            k: round(rng.uniform(lo, hi), 2)
            for k, lo, hi in (
                ("user", 1e3, 9e3),
                ("nice", 0, 50),
                ("system", 2e2, 2e3),
                ("idle", 5e4, 2e5),
            )
        }

    def nums(*keys: str, lo: float = 1e3, hi: float = 1e6) -> Doc:
        return {k: rng.randint(int(lo), int(hi)) for k in keys}

    gib = 1024**3
    return {
        "cpu": {
            "times_avg": times(),
            "percent_all": round(rng.uniform(5, 60), 1),
            "times_per_cpu": [times() for _ in range(n_cpus)],
            "percent_per_cpu": [round(rng.uniform(0, 80), 1) for _ in range(n_cpus)],
        },
        "process": {
            "pid": pid,
            "cpu_times": {
                k: round(rng.uniform(0.1, 30), 2)
                for k in ("user", "system", "children_user", "children_system")
            },
            "memory": nums("rss", "vms", "shared", "text", "lib", "data", "dirty", lo=1e6, hi=2e9),
            "memory_percent": round(rng.uniform(0.5, 8), 2),
            "cpu_percent": round(rng.uniform(10, 99), 1),
            "num_threads": rng.randint(4, 32),
            "num_open_files": rng.randint(3, 40),
            "num_connections": rng.randint(0, 6),
            "io_counters": nums(
                "read_count",
                "write_count",
                "read_bytes",
                "write_bytes",
                "read_chars",
                "write_chars",
            ),
        },
        "memory": {
            "virtual": {
                "total": 256 * gib,
                "available": 190 * gib + rng.randint(0, gib),
                "percent": round(rng.uniform(20, 30), 1),
                "used": 60 * gib,
                "free": 150 * gib,
            },
            "swap": {
                "total": 8 * gib,
                "used": rng.randint(0, gib),
                "free": 7 * gib,
                "percent": round(rng.uniform(0, 5), 1),
                "sin": rng.randint(0, 10**6),
                "sout": rng.randint(0, 10**6),
            },
        },
        "disk": {
            "disk_usage": {
                "total": 1800 * gib,
                "used": 700 * gib,
                "free": 1100 * gib,
                "percent": 38.9,
            },
            "io_sum": nums(
                "read_count",
                "write_count",
                "read_bytes",
                "write_bytes",
                "read_time",
                "write_time",
                "busy_time",
            ),
        },
        "network": {
            "netio_sum": nums("bytes_sent", "bytes_recv", "packets_sent", "packets_recv")
            | {"errin": 0, "errout": 0, "dropin": rng.randint(0, 9), "dropout": 0}
        },
    }


class DemoBuilder:
    """Accumulates the documents of every collection from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.data: dict[str, list[Doc]] = {name: [] for name in COLLECTIONS}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def insert(self, collection: str, ts: float, doc: Doc) -> Doc:
        oid = ObjectId(int(ts).to_bytes(4, "big") + self.rng.randbytes(8))
        doc = {"_id": oid, **doc}
        self.data[collection].append(doc)
        return doc

    def workflow(
        self,
        name: str,
        campaign: str,
        ts: float,
        user: str,
        host: str,
        used: Doc,
        parent: Doc | None = None,
        legacy: bool = False,
    ) -> Doc:
        sha = self.rng.randbytes(20).hex()
        doc: Doc = {
            "workflow_id": "wf_" + self.uuid(),
            "name": name,
            "user": user,
            "campaign_id": campaign,
        }
        if parent is not None:
            doc["parent_workflow_id"] = parent["workflow_id"]
        return self.insert(
            "workflows",
            ts,
            doc
            | {
                "utc_timestamp": round(ts, 3),
                "used": used,
                "generated": {},
                "code_repository": {
                    "branch": "main",
                    "sha": sha,
                    "short_sha": sha[:7],
                    "dirty": parent is not None,
                    "remote": "git@github.com:ornl/ml-demo-pipelines.git",
                },
                "machine_info": {
                    host: {
                        "platform": {"system": "Linux", "release": "5.14.21", "machine": "x86_64"},
                        "cpu": {
                            "brand_raw": "AMD EPYC 7713 64-Core",
                            "count": 128,
                            "arch": "X86_64",
                        },
                        "memory": {"total": 256 * 1024**3},
                        "hostname": host,
                    }
                },
                "custom_metadata": {"project": "demo", "description": f"{name} demo run"},
                "sys_name": "Frontier" if host.startswith("frontier") else "DGX",
                "environment_id": "env_" + self.uuid()[:8],
                "flowcept_version": "0.3.2" if legacy else "0.8.4",
                "interceptor_ids": ["mlflow_interceptor"] if legacy else ["instrumentation"],
            },
        )

    def task(
        self,
        wf: Doc,
        activity: str,
        start: float,
        duration: float,
        used: Doc,
        generated: Doc | None = None,
        status: str = "FINISHED",
        parent: Doc | None = None,
        deps: list[Doc] | None = None,
        stderr: str | None = None,
        legacy: bool = False,
    ) -> Doc:
        rng, end = self.rng, start + duration
        doc: Doc = {
            "task_id": self.uuid(),
            "workflow_id": wf["workflow_id"],
            "campaign_id": wf["campaign_id"],
            "activity_id": activity,
        }
        if parent:
            doc["parent_task_id"] = parent["task_id"]
        if deps:
            doc["dependencies"] = [d["task_id"] for d in deps]
        doc |= {
            "status": status,
            "used": used,
            "hostname": next(iter(wf["machine_info"])),
            "user": wf["user"],
        }
        if legacy:  # older capture: epoch milliseconds and a BSON date, no submitted_at
            doc |= {
                "started_at": Int64(round(start * 1000)),
                "ended_at": Int64(round(end * 1000)),
                "timestamp": utc(end),
            }
        else:
            doc |= {
                "submitted_at": round(start - rng.uniform(0.01, 0.5), 3),
                "started_at": round(start, 3),
            }
            if status != "RUNNING":
                doc["ended_at"] = round(end, 3)
            doc |= {
                "registered_at": round(start + 0.05, 3),
                "utc_timestamp": round(start if status == "RUNNING" else end, 3),
            }
        if generated is not None:
            doc["generated"] = generated
        if stderr:
            doc["stderr"] = stderr
        doc["telemetry_at_start"] = telemetry(rng, rng.randint(1000, 99999))
        if status != "RUNNING":
            doc["telemetry_at_end"] = advance("", doc["telemetry_at_start"], rng, duration)
        return self.insert("tasks", start, doc)

    def gridfs_put(self, data: bytes, filename: str, ts: float, metadata: Doc) -> ObjectId:
        file_id: ObjectId = self.insert(
            "fs.files",
            ts,
            {
                "length": len(data),
                "chunkSize": CHUNK_SIZE,
                "uploadDate": utc(ts),
                "filename": filename,
                "metadata": metadata,
            },
        )["_id"]
        for n, offset in enumerate(range(0, len(data), CHUNK_SIZE)):
            chunk = Binary(data[offset : offset + CHUNK_SIZE])
            self.insert("fs.chunks", ts, {"files_id": file_id, "n": n, "data": chunk})
        return file_id

    def blob(
        self,
        label_field: str,
        label: str,
        versions: list[tuple[Doc, int, bool, Doc]],
        pickle: bool = False,
    ) -> str:
        """An object whose versions are (task, payload size, in GridFS?, custom_metadata)."""
        object_id, created = self.uuid(), finished_at(versions[0][0])
        for version, (task, size, in_gridfs, meta) in enumerate(versions):
            ts = finished_at(task)
            payload = MAGIC[label] + self.rng.randbytes(size - len(MAGIC[label]))
            doc: Doc = {
                "object_id": object_id,
                "task_id": task["task_id"],
                "workflow_id": task["workflow_id"],
                label_field: label,
                "version": version,
                "prev_version": version - 1 if version else None,
                "created_at": utc(created),
                "updated_at": utc(ts),
                "custom_metadata": meta,
                "object_size_bytes": size,
                "pickle": pickle,
            }
            if in_gridfs:
                doc["grid_fs_file_id"] = self.gridfs_put(
                    payload,
                    f"{object_id}_v{version}",
                    ts,
                    {"object_id": object_id, "version": version, "type": label},
                )
            else:
                doc["data"] = Binary(payload)
            latest = version == len(versions) - 1
            self.insert("objects" if latest else "object_history", ts, doc)
        return object_id


def mnist_campaign(b: DemoBuilder, campaign: str) -> dict[str, str]:
    rng, t = b.rng, BASE_TS + 5
    wf = b.workflow(
        "mnist_cnn_training",
        campaign,
        BASE_TS,
        "jdoe",
        "frontier08123",
        {"epochs": 10, "lr": 0.001, "batch_size": 128, "seed": 42},
    )
    load = b.task(
        wf,
        "load_data",
        t,
        12.4,
        {"data_path": "/lustre/orion/demo/mnist", "batch_size": 128, "shuffle": True},
        {"n_train": 60000, "n_test": 10000, "input_shape": [1, 28, 28]},
    )
    prep = b.task(
        wf,
        "preprocess",
        t + 13,
        20.8,
        {"normalize": {"mean": 0.1307, "std": 0.3081}, "augment": ["crop", "hflip"]},
        {"n_samples": 60000, "format": "npz"},
        deps=[load],
    )
    train = b.task(
        wf,
        "train",
        t + 35,
        318.0,
        {
            "optimizer": "adam",
            "lr": 0.001,
            "epochs": 10,
            "model": {"arch": "cnn", "conv_channels": [32, 64], "dropout": 0.25},
        },
        {},
        deps=[prep],
    )
    epochs = []
    for e in range(10):
        loss = round(2.3 * 0.7**e + rng.uniform(0, 0.05), 4)
        epochs.append(
            b.task(
                wf,
                "train_epoch",
                t + 36 + 31.5 * e,
                rng.uniform(29, 31),
                {"epoch": e, "lr": round(0.001 * 0.95**e, 6)},
                {
                    "loss": loss,
                    "accuracy": round(0.99 - loss / 3, 4),
                    "grad_norms": [round(rng.uniform(0.1, 2), 3) for _ in range(3)],
                },
                parent=train,
            )
        )
    train["generated"] |= {"final_loss": epochs[-1]["generated"]["loss"], "epochs_run": 10}
    dataset = b.blob(
        "type",
        "dataset",
        [
            (load, 512, False, {"rows": 60000, "format": "raw", "name": "mnist_train"}),
            (prep, 700, False, {"rows": 60000, "format": "npz", "name": "mnist_train"}),
        ],
    )
    prep["generated"]["dataset_object_id"] = dataset
    model = b.blob(
        "object_type",
        "ml_model",
        [
            (
                task,
                size,
                gridfs,
                {
                    "framework": "pytorch",
                    "name": "mnist_cnn",
                    "accuracy": task["generated"].get("accuracy", 0.93),
                },
            )
            for task, size, gridfs in (
                (epochs[2], 640, False),
                (epochs[5], 9000, True),
                (train, 13337, True),
            )
        ],
        pickle=True,
    )
    train["generated"]["model_object_id"] = model
    ev = b.task(
        wf,
        "evaluate",
        t + 355,
        14.2,
        {"model_object_id": model, "split": "test"},
        {"accuracy": 0.9312, "f1_macro": 0.9287, "per_class_recall": [0.97, 0.98, 0.91]},
        deps=[train],
    )
    plot = b.task(
        wf, "plot_metrics", t + 370, 3.1, {"metrics": ["loss", "accuracy"]}, {}, deps=[ev]
    )
    plot["generated"]["figure_object_id"] = b.blob(
        "object_type",
        "figure",
        [(plot, 900, False, {"format": "png", "dpi": 150, "name": "loss_curve"})],
    )
    wf["generated"] = {"model_object_id": model, "test_accuracy": 0.9312}

    child = b.workflow(
        "mnist_hparam_search",
        campaign,
        BASE_TS + 900,
        "jdoe",
        "frontier08123",
        {
            "search": "random",
            "n_trials": 12,
            "space": {"lr": [1e-4, 1e-2], "batch_size": [64, 128, 256]},
        },
        parent=wf,
    )
    t = BASE_TS + 905
    sweep = b.task(child, "hparam_sweep", t, 140.0, {"n_trials": 12, "parallel": 4}, {})
    trials = []
    for i in range(12):
        params = {
            "trial": i,
            "lr": round(10 ** rng.uniform(-4, -2), 5),
            "batch_size": rng.choice([64, 128, 256]),
            "dropout": round(rng.uniform(0.1, 0.5), 2),
        }
        start, dur = t + 1 + 45 * (i // 4) + rng.uniform(0, 1), rng.uniform(30, 43)
        if i == 7:
            trials.append(
                b.task(
                    child,
                    "train_trial",
                    start,
                    4.2,
                    params,
                    status="ERROR",
                    parent=sweep,
                    stderr="RuntimeError: CUDA out of memory. Tried to "
                    "allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)",
                )
            )
            continue
        trials.append(
            b.task(
                child,
                "train_trial",
                start,
                dur,
                params,
                {
                    "val_accuracy": round(rng.uniform(0.88, 0.95), 4),
                    "val_loss": round(rng.uniform(0.15, 0.4), 4),
                },
                parent=sweep,
            )
        )
    done = [tr for tr in trials if tr["status"] == "FINISHED"]
    best = max(done, key=lambda tr: tr["generated"]["val_accuracy"])
    b.task(
        child,
        "select_best",
        t + 141,
        0.8,
        {"metric": "val_accuracy", "mode": "max"},
        {"best_params": best["used"], "best_val_accuracy": best["generated"]["val_accuracy"]},
        deps=done,
    )
    sweep["generated"] = {"best_trial": best["used"]["trial"], "failed_trials": 1}
    return {
        "workflow": wf["workflow_id"],
        "child": child["workflow_id"],
        "model": model,
        "dataset": dataset,
        "task": train["task_id"],
        "error_task": trials[7]["task_id"],
    }


def cifar_campaign(b: DemoBuilder, campaign: str) -> dict[str, str]:
    rng, t = b.rng, LEGACY_TS + 3
    old = b.workflow(
        "cifar10_ingest",
        campaign,
        LEGACY_TS,
        "asmith",
        "dgx-a100-04",
        {"source": "https://www.cs.toronto.edu/~kriz/cifar.html", "shards": 4},
        legacy=True,
    )
    shards = [
        b.task(
            old,
            "download_shard",
            t + 2 * i,
            rng.uniform(20, 40),
            {"shard": i, "url": f"https://mirror.example.org/cifar10/part{i}.tar"},
            {"bytes": rng.randint(40, 45) * 10**6, "checksum_ok": True},
            legacy=True,
        )
        for i in range(4)
    ]
    merge = b.task(
        old, "merge_shards", t + 50, 18.5, {"shards": 4}, {"rows": 60000}, deps=shards, legacy=True
    )
    b.task(
        old,
        "checksum",
        t + 70,
        2.3,
        {"algorithm": "sha256"},
        {"ok": True},
        deps=[merge],
        legacy=True,
    )
    raw = b.blob(
        "type",
        "dataset",
        [(merge, 800, False, {"rows": 60000, "format": "pickle", "name": "cifar10_raw"})],
        pickle=True,
    )

    wf = b.workflow(
        "cifar10_resnet_training",
        campaign,
        BASE_TS + 86400,
        "asmith",
        "dgx-a100-04",
        {"epochs": 8, "lr": 0.1, "model": "resnet18"},
    )
    t = BASE_TS + 86405
    load = b.task(wf, "load_data", t, 9.7, {"dataset_object_id": raw}, {"n_train": 50000})
    b.task(
        wf,
        "preprocess",
        t + 10,
        1.2,
        {"cache_dir": "/data/cifar10/cache"},
        status="ERROR",
        deps=[load],
        stderr="FileNotFoundError: [Errno 2] No such file or directory: "
        "'/data/cifar10/cache/train.npz'",
    )
    prep = b.task(
        wf,
        "preprocess",
        t + 15,
        25.3,
        {"cache_dir": "/data/cifar10/cache", "rebuild_cache": True},
        {"n_samples": 50000, "shape": [3, 32, 32]},
        deps=[load],
    )
    train = b.task(
        wf,
        "train",
        t + 41,
        8 * 62.0,
        {
            "optimizer": "sgd",
            "lr": 0.1,
            "momentum": 0.9,
            "model": {"arch": "resnet18", "pretrained": False},
        },
        {"final_loss": 0.41},
        deps=[prep],
    )
    epochs = [
        b.task(
            wf,
            "train_epoch",
            t + 42 + 62 * e,
            rng.uniform(58, 61),
            {"epoch": e},
            {"loss": round(1.9 * 0.8**e, 4), "accuracy": round(0.45 + 0.05 * e, 4)},
            parent=train,
        )
        for e in range(8)
    ]
    prep["generated"]["dataset_object_id"] = b.blob(
        "object_type",
        "dataset",
        [(prep, 600, False, {"rows": 50000, "format": "npz", "name": "cifar10_preprocessed"})],
    )
    model = b.blob(
        "type",
        "ml_model",
        [
            (epochs[3], 700, False, {"framework": "pytorch", "accuracy": 0.6, "name": "resnet18"}),
            (train, 820, False, {"framework": "pytorch", "accuracy": 0.8, "name": "resnet18"}),
        ],
        pickle=True,
    )
    running = b.task(
        wf,
        "evaluate",
        t + 540,
        0.0,
        {"model_object_id": model, "split": "test"},
        status="RUNNING",
        deps=[train],
    )
    return {
        "legacy_workflow": old["workflow_id"],
        "workflow": wf["workflow_id"],
        "model": model,
        "running_task": running["task_id"],
    }


def write(data: dict[str, list[Doc]], out_dir: Path) -> None:
    for name, docs in data.items():
        lines = [json_util.dumps(d, json_options=json_util.RELAXED_JSON_OPTIONS) for d in docs]
        (out_dir / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def readme(data: dict[str, list[Doc]], mnist: dict[str, str], cifar: dict[str, str]) -> str:
    rows = "\n".join(f"| `{name}` | {len(docs)} |" for name, docs in data.items())
    return f"""# Flowcept demo data

A small, synthetic but realistic Flowcept provenance database, served when the service runs
with no MongoDB. Generated deterministically by `python scripts/make_demo_data.py`; do not
edit by hand. One mongoexport-style file per collection (relaxed Extended JSON, one per line).

| Collection | Documents |
|---|---|
{rows}

Two campaigns: MNIST (a training workflow plus a child hyper-parameter search workflow) and
CIFAR-10 (a training workflow plus an ingest workflow captured by an older Flowcept, whose
tasks carry epoch-millisecond `started_at`/`ended_at` and a BSON date `timestamp`).

Ids to try in the API:

| What | Id |
|---|---|
| MNIST training workflow | `{mnist["workflow"]}` |
| its child hyper-parameter search workflow | `{mnist["child"]}` |
| CIFAR-10 training workflow | `{cifar["workflow"]}` |
| CIFAR-10 ingest workflow (older capture style) | `{cifar["legacy_workflow"]}` |
| `train` task with 10 child `train_epoch` tasks | `{mnist["task"]}` |
| an ERROR task (with `stderr`) | `{mnist["error_task"]}` |
| a RUNNING task (no `ended_at`) | `{cifar["running_task"]}` |
| model, 3 versions: v0 inline, v1 and v2 in GridFS | `{mnist["model"]}` |
| model, 2 inline versions, older `type` label | `{cifar["model"]}` |
| dataset, 2 inline versions | `{mnist["dataset"]}` |
"""


def main() -> None:
    builder = DemoBuilder(SEED)
    mnist = mnist_campaign(builder, builder.uuid())
    cifar = cifar_campaign(builder, builder.uuid())
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write(builder.data, OUT_DIR)
    (OUT_DIR / "README.md").write_text(readme(builder.data, mnist, cifar), encoding="utf-8")
    for name, docs in builder.data.items():
        size = (OUT_DIR / f"{name}.jsonl").stat().st_size
        print(f"{name:15} {len(docs):3} docs {size:8,} bytes")


if __name__ == "__main__":
    main()
