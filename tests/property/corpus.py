"""Tasks whose fields hold every BSON type a filter can meet, for the cross-store properties."""

from datetime import datetime, timezone
from typing import Any

from bson import Int64, ObjectId

from tests import seed

UTC = timezone.utc
DAY_1 = datetime(2024, 3, 1, tzinfo=UTC)
DAY_2 = datetime(2024, 3, 2, 12, tzinfo=UTC)

# Values the documents hold in `v`, `doc.k` and inside `arr`; the filter generator draws its
# operands from the same pool, so that filters select some documents and not others.
# Booleans live only in `flag` (see FLAG_VALUES): mongomock takes True for 1 and False for 0.
SCALARS: list[Any] = [None, 0, 1, 2, -3, 2.5, 0.1, "", "a", "ab", "B", DAY_1, DAY_2]
FLAG_VALUES: list[Any] = [True, False, None, [True], [False, True]]

_SHAPES: list[Any] = [
    *SCALARS,
    Int64(2),
    [],
    [1, 2],
    [2, "a"],
    [None],
    [None, 1],
    ["ab", "B", DAY_1],
    {},
    {"k": 1},
    {"k": None},
    {"k": [1, 2]},
    {"k": "ab", "j": 2},
    [{"k": 1}, {"k": 2}],
    [{"k": None}, {"j": 1}],
    [{"k": [1, 2]}, {"k": "a"}],
    [{"k": 2, "j": 1}, {"k": 1, "j": 2}],
]


def tasks() -> list[dict[str, Any]]:
    """The seeded tasks plus one task per value shape, under several field names."""
    extra = []
    for n, value in enumerate(_SHAPES):
        doc: dict[str, Any] = {
            "_id": ObjectId(f"66{n:022x}"),
            "task_id": f"p-{n:02d}",
            "workflow_id": "wf-p",
            "status": ["FINISHED", "ERROR", "RUNNING"][n % 3],
            "v": value,
        }
        if n % 2:
            doc["doc"] = {"k": _SHAPES[(n * 7) % len(_SHAPES)], "sub": {"k": n % 4}}
        if n % 3:
            doc["arr"] = [{"k": SCALARS[n % len(SCALARS)], "j": n % 3}, {"k": n}]
        if n % 5:
            doc["flag"] = FLAG_VALUES[n % len(FLAG_VALUES)]
        if n % 4 == 0:
            doc["started_at"] = float(n)
        extra.append(doc)
    return seed.collections()["tasks"] + extra


def collections() -> dict[str, list[dict[str, Any]]]:
    return {**seed.collections(), "tasks": tasks()}
