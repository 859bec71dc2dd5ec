"""Run a query over documents in memory: match, order, limit, project or aggregate."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flowcept.adapters.memory.aggregate import aggregate
from flowcept.adapters.memory.matcher import compile_filter, sort_documents
from flowcept.adapters.memory.projection import project
from flowcept.domain.collections import Collection, carries
from flowcept.domain.errors import InvalidQuery
from flowcept.domain.query import Query

Document = dict[str, Any]


def matcher(filter_: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """Compile a filter; a malformed operand is the client's error."""
    try:
        return compile_filter(filter_)
    except ValueError as exc:
        raise InvalidQuery(f"Invalid filter: {exc}") from exc


def default_date_field(collection: Collection, documents: list[Document]) -> str | None:
    """The first date field, in the collection's priority, that any of `documents` carries."""
    for field in collection.date_fields:
        holds = compile_filter(carries(field))
        if any(holds(document) for document in documents):
            return field
    return None


def default_order(collection: Collection, documents: list[Document]) -> list[Document]:
    """Ascending by the chosen date field, documents without it last, ties by id then `_id`."""
    ties = [(collection.id_field, 1), ("_id", 1)]
    field = default_date_field(collection, documents)
    if field is None:
        return sort_documents(documents, ties)
    holds = compile_filter(carries(field))
    dated = [d for d in documents if holds(d)]
    undated = [d for d in documents if not holds(d)]
    return sort_documents(dated, [(field, 1), *ties]) + sort_documents(undated, ties)


def explicit_order(
    collection: Collection, documents: list[Document], query: Query
) -> list[Document]:
    keys = [(s.field, s.order) for s in query.sort or []]
    named = {field for field, _ in keys}
    keys += [(f, 1) for f in (collection.id_field, "_id") if f not in named]
    return sort_documents(documents, keys)


def select(
    collection: Collection, documents: Iterable[Document], query: Query, scope: Mapping[str, Any]
) -> list[Document]:
    """Matching documents in the query's order, at most `limit` of them, unprojected."""
    predicate = matcher(query.filter)
    scoped = matcher(scope) if scope else None
    matched = [d for d in documents if predicate(d) and (scoped is None or scoped(d))]
    ordered = (
        explicit_order(collection, matched, query)
        if query.sort
        else default_order(collection, matched)
    )
    return ordered[: query.limit]


def aggregate_rows(
    documents: Iterable[Document], query: Query, scope: Mapping[str, Any]
) -> list[Document]:
    """Aggregation rows, ordered by the query's sort (group key by default), limited."""
    predicate = matcher(query.filter)
    scoped = matcher(scope) if scope else None
    matched = (d for d in documents if predicate(d) and (scoped is None or scoped(d)))
    rows = aggregate(matched, query.aggregation or [], query.group_key)
    if query.sort:
        rows = sort_documents(rows, [(s.field, s.order) for s in query.sort])
    return rows[: query.limit]


def shape(document: Document, fields: list[str] | None) -> Document:
    """Project to `fields` (None: everything); `_id` never leaves the store."""
    if fields is None:
        return {k: v for k, v in document.items() if k != "_id"}
    if not fields:
        return {}
    return project(document, fields)
