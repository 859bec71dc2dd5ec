"""Aggregation pipelines for the report aggregates: the server groups, the adapter only reads rows.

Every pipeline starts with a `$match` on workflow_id and returns a handful of rows (per activity,
per link kind, per (activity, section, key), per (label, storage)). The expressions avoid the
`$type` expression, `$toDouble` and the like, which mongomock lacks: a value's BSON type is told
by `$isNumber` / `$isArray` or by where it falls in the BSON comparison order, which both
MongoDB and mongomock implement.
"""

import math
from datetime import datetime, timezone
from typing import Any

from flowcept.adapters.mongo.queries import STORAGE_TYPE_EXPRESSION
from flowcept.domain.reports.model import (
    EPOCH_MILLISECONDS_ABOVE,
    NOT_RECORDED,
    TELEMETRY_METRICS,
)

Expr = Any
Pipeline = list[dict[str, Any]]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Every date Python can hold; BSON order puts booleans below dates and timestamps above.
# (mongomock compares them in Python: its client must be tz_aware, as the service's client is.)
FIRST_DATE = datetime(1, 1, 1, tzinfo=timezone.utc)
LAST_DATE = datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc)
KINDS = ("null", "boolean", "number", "string", "array", "object", "other")
SECTIONS = ("used", "generated")
TOP_STRINGS = 3
# Figures summed per activity as Stats: elapsed time and every telemetry metric.
FIGURES = ("elapsed", *(metric.name for metric in TELEMETRY_METRICS))


# -- type tests, as expressions both MongoDB and mongomock evaluate ----------------------------


def _value(expression: Expr) -> Expr:
    # A missing field becomes null, so that comparisons see a value (mongomock yields None).
    return {"$ifNull": [expression, None]}


def _between(expression: Expr, low: Expr, high: Expr, high_inclusive: bool = False) -> Expr:
    value = _value(expression)
    return {"$and": [{"$gte": [value, low]}, {"$lte" if high_inclusive else "$lt": [value, high]}]}


def is_present(expression: Expr) -> Expr:
    return {"$ne": [_value(expression), None]}


def is_string(expression: Expr) -> Expr:
    """Strings sort after numbers and before documents."""
    return _between(expression, "", {"$literal": {}})


def is_document(expression: Expr) -> Expr:
    """Documents sort after strings and before arrays."""
    return _between(expression, {"$literal": {}}, {"$literal": []})


def is_boolean(expression: Expr) -> Expr:
    # Not {$eq: [x, true]}: mongomock compares in Python, where 1 == True.
    return _between(expression, False, True, high_inclusive=True)


def is_date(expression: Expr) -> Expr:
    return _between(expression, FIRST_DATE, LAST_DATE, high_inclusive=True)


def is_finite_number(expression: Expr) -> Expr:
    """A number other than NaN (lowest of all numbers in MongoDB) and the infinities."""
    value = _value(expression)
    return {
        "$and": [
            {"$isNumber": value},
            {"$gt": [value, -math.inf]},
            {"$lt": [value, math.inf]},
        ]
    }


def is_false(expression: Expr) -> Expr:
    # Not {$not: [x]}: mongomock evaluates that form as false whatever x is.
    return {"$eq": [expression, False]}


def one_element(expression: Expr) -> Expr:
    """[expression], computed: mongomock leaves expressions inside array literals unevaluated."""
    return {"$map": {"input": {"$literal": [None]}, "as": "one", "in": expression}}


def string_or_null(expression: Expr) -> Expr:
    return {"$cond": [is_string(expression), expression, None]}


def kind_of(expression: Expr) -> Expr:
    """The domain's kind_of as an expression: the first test that holds names the kind."""
    tests = [
        ("null", {"$eq": [_value(expression), None]}),
        ("boolean", is_boolean(expression)),
        ("number", {"$isNumber": expression}),
        ("string", is_string(expression)),
        ("array", {"$isArray": expression}),
        ("object", is_document(expression)),
    ]
    result: Expr = "other"
    for kind, test in reversed(tests):
        result = {"$cond": [test, kind, result]}
    return result


def epoch_seconds(expression: Expr) -> Expr:
    """The domain's epoch_seconds: numbers above 1e11 are milliseconds, dates are converted."""
    number = {
        "$cond": [
            {"$gt": [{"$abs": expression}, EPOCH_MILLISECONDS_ABOVE]},
            {"$divide": [expression, 1000]},
            expression,
        ]
    }
    # The date branch is only evaluated for dates: $subtract of a non-date from EPOCH fails.
    date = {
        "$cond": [
            is_date(expression),
            {"$divide": [{"$subtract": [expression, EPOCH]}, 1000]},
            None,
        ]
    }
    return {"$cond": [is_finite_number(expression), number, date]}


def _counted(flag: Expr) -> Expr:
    return {"$sum": {"$cond": [flag, 1, 0]}}


def _stats_accumulators(name: str, value: Expr) -> dict[str, Expr]:
    """Sum, count and max of a figure that is null where not recorded."""
    return {
        f"{name}_sum": {"$sum": value},
        f"{name}_count": _counted(is_present(value)),
        f"{name}_max": {"$max": value},
    }


# -- activity_stats ------------------------------------------------------------------------------


def _metric_value(metric_path: str, delta: bool) -> Expr:
    end = f"$telemetry_at_end.{metric_path}"
    if not delta:
        return {"$cond": [is_finite_number(end), end, None]}
    start = f"$telemetry_at_start.{metric_path}"
    both = {"$and": [is_finite_number(end), is_finite_number(start)]}
    return {"$cond": [both, {"$subtract": [end, start]}, None]}


def activity_stats_pipeline(workflow_id: str) -> Pipeline:
    """Tasks -> one row per (activity, status) -> one row per activity, with status counts."""
    task_figures = {
        "activity": string_or_null("$activity_id"),
        "status": {"$cond": [is_string("$status"), "$status", NOT_RECORDED]},
        "start": epoch_seconds("$started_at"),
        "end": epoch_seconds("$ended_at"),
        **{m.name: _metric_value(m.path, m.kind == "delta") for m in TELEMETRY_METRICS},
    }
    elapsed = {
        "$cond": [
            {"$and": [is_present("$start"), is_present("$end")]},
            {"$subtract": ["$end", "$start"]},
            None,
        ]
    }
    by_status: dict[str, Expr] = {
        "_id": {"activity": "$activity", "status": "$status"},
        "n": {"$sum": 1},
        "first_start": {"$min": "$start"},
        "last_end": {"$max": "$end"},
    }
    for figure in FIGURES:
        by_status.update(_stats_accumulators(figure, f"${figure}"))
    by_activity: dict[str, Expr] = {
        "_id": "$_id.activity",
        "n_tasks": {"$sum": "$n"},
        "statuses": {"$push": {"status": "$_id.status", "count": "$n"}},
        "first_start": {"$min": "$first_start"},
        "last_end": {"$max": "$last_end"},
    }
    for figure in FIGURES:
        for part, accumulator in (("sum", "$sum"), ("count", "$sum"), ("max", "$max")):
            by_activity[f"{figure}_{part}"] = {accumulator: f"${figure}_{part}"}
    return [
        {"$match": {"workflow_id": workflow_id}},
        {"$project": {"_id": 0, **task_figures}},
        {"$addFields": {"elapsed": elapsed}},
        {"$group": by_status},
        {"$group": by_activity},
    ]


# -- activity_links ------------------------------------------------------------------------------


def activity_links_pipeline(workflow_id: str, tasks: str) -> Pipeline:
    """Each task's parent and string dependencies, joined to the upstream task, counted by kind."""
    parent = {
        "$cond": [
            {"$and": [is_present("$parent_task_id"), is_false({"$isArray": "$parent_task_id"})]},
            one_element({"upstream": "$parent_task_id", "relation": "parent"}),
            [],
        ]
    }
    dependencies = {
        "$cond": [
            {"$isArray": "$dependencies"},
            {
                "$map": {
                    "input": "$dependencies",
                    "as": "d",
                    "in": {"upstream": "$$d", "relation": "dependency"},
                }
            },
            [],
        ]
    }
    return [
        {"$match": {"workflow_id": workflow_id}},
        {
            "$project": {
                "_id": 0,
                "target": string_or_null("$activity_id"),
                "link": {"$concatArrays": [parent, dependencies]},
            }
        },
        {"$unwind": "$link"},
        # Dependencies must be strings (parents may be any non-null scalar, as in the domain).
        {"$match": {"$or": [{"link.relation": "parent"}, {"link.upstream": {"$type": "string"}}]}},
        # On a real server `pipeline: [{$project: {activity_id: 1}}, {$limit: 1}]` would keep
        # the joined documents small; mongomock implements only localField / foreignField.
        {
            "$lookup": {
                "from": tasks,
                "localField": "link.upstream",
                "foreignField": "task_id",
                "as": "found",
            }
        },
        {"$match": {"found.0": {"$exists": True}}},
        {"$addFields": {"found": {"$arrayElemAt": ["$found", 0]}}},
        {
            "$group": {
                "_id": {
                    "source": string_or_null("$found.activity_id"),
                    "target": "$target",
                    "relation": "$link.relation",
                },
                "count": {"$sum": 1},
            }
        },
    ]


# -- field_profiles ------------------------------------------------------------------------------


def _entries(section: str) -> Expr:
    """The section's keys and values as {section, field, value} (none unless a document)."""
    return {
        "$cond": [
            is_document(f"${section}"),
            {
                "$map": {
                    "input": {"$objectToArray": f"${section}"},
                    "as": "e",
                    "in": {"section": section, "field": "$$e.k", "value": "$$e.v"},
                }
            },
            [],
        ]
    }


def field_profiles_pipeline(workflow_id: str) -> Pipeline:
    """Keys -> one row per (activity, section, key, kind, string value) -> one row per key.

    The number values of a key are gathered with $push (values only) for the percentiles, which
    the adapter computes with the domain's `percentile`; MongoDB 7's $percentile would do it on
    the server, but mongomock lacks it. String values are counted server-side and only the top
    ones leave the server.
    """
    value = "$entry.value"
    by_value = {
        "_id": {
            "activity": "$activity",
            "section": "$entry.section",
            "field": "$entry.field",
            "kind": kind_of(value),
            "string": string_or_null(value),
        },
        "n": {"$sum": 1},
        "numbers": {"$push": {"$cond": [is_finite_number(value), value, "$$REMOVE"]}},
    }
    kind = "$_id.kind"
    by_field: dict[str, Expr] = {
        "_id": {"activity": "$_id.activity", "section": "$_id.section", "field": "$_id.field"},
        "present": {"$sum": "$n"},
        **{k: {"$sum": {"$cond": [{"$eq": [kind, k]}, "$n", 0]}} for k in KINDS},
        # $push keeps the order rows arrive in (documented): sorted by count, then value, so
        # the first strings pushed are the top ones. ($topN would say it directly, from 5.2.)
        "strings": {
            "$push": {
                "$cond": [
                    {"$eq": [kind, "string"]},
                    {"value": "$_id.string", "count": "$n"},
                    "$$REMOVE",
                ]
            }
        },
        "numbers": {"$push": {"$cond": [{"$eq": [kind, "number"]}, "$numbers", "$$REMOVE"]}},
    }
    return [
        {"$match": {"workflow_id": workflow_id}},
        {
            "$project": {
                "_id": 0,
                "activity": string_or_null("$activity_id"),
                "entry": {"$concatArrays": [_entries(section) for section in SECTIONS]},
            }
        },
        {"$unwind": "$entry"},
        {"$group": by_value},
        {"$sort": {"n": -1, "_id.string": 1}},
        {"$group": by_field},
        {"$addFields": {"strings": {"$slice": ["$strings", TOP_STRINGS]}}},
    ]


# -- object_stats --------------------------------------------------------------------------------

# Python's `object_type or type`: falsy values give way to `type`.
_FALSY: Expr = {"$literal": [None, "", 0, False, [], {}]}
_LABEL = {
    "$let": {
        "vars": {
            "label": {
                "$cond": [
                    {"$in": [_value("$object_type"), _FALSY]},
                    _value("$type"),
                    "$object_type",
                ]
            }
        },
        "in": {"$cond": [is_string("$$label"), "$$label", NOT_RECORDED]},
    }
}


def object_stats_pipeline(workflow_id: str) -> Pipeline:
    """Objects -> one row per (label, storage), plus the highest integer version.

    Integers are told from doubles by the `$type` query operator (mongomock has no `$type`
    expression), hence the second facet. No stage reads the payload.
    """
    size = {"$cond": [{"$isNumber": "$object_size_bytes"}, "$object_size_bytes", None]}
    integer_version = {"$or": [{"version": {"$type": "int"}}, {"version": {"$type": "long"}}]}
    return [
        {"$match": {"workflow_id": workflow_id}},
        {
            "$facet": {
                "groups": [
                    {
                        "$group": {
                            "_id": {
                                "label": _LABEL,
                                "storage": {"$ifNull": [STORAGE_TYPE_EXPRESSION, "none"]},
                            },
                            "n": {"$sum": 1},
                            "task_linked": _counted(is_present("$task_id")),
                            **_stats_accumulators("size", size),
                        }
                    }
                ],
                "version": [
                    {"$match": integer_version},
                    {"$group": {"_id": None, "max": {"$max": "$version"}}},
                ],
            }
        },
    ]
