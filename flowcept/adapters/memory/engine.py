"""Run a query over documents in memory: match, order, limit, project or aggregate."""

from collections.abc import Callable, Iterable, Mapping
from itertools import islice
from typing import Any

from flowcept.adapters.memory.aggregate import aggregate
from flowcept.adapters.memory.budget import budgeted
from flowcept.adapters.memory.matcher import compile_filter, sort_documents
from flowcept.adapters.memory.ordering import (
    Keys,
    OrderIndex,
    first_after,
    key_values,
    order_by,
)
from flowcept.adapters.memory.projection import project
from flowcept.domain.collections import Collection
from flowcept.domain.errors import InvalidQuery
from flowcept.domain.paging import Position, encode_cursor, query_position
from flowcept.domain.query import Query

Document = dict[str, Any]


def matcher(filter_: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """Compile a filter; a malformed operand is the client's error."""
    try:
        return compile_filter(filter_)
    except ValueError as exc:
        raise InvalidQuery(f"Invalid filter: {exc}") from exc




def sort_keys(collection: Collection, query: Query) -> Keys:
    """An explicit sort's keys with the id and `_id` tie-breaks it does not name."""
    ties: Keys = [(collection.id_field, 1), ("_id", 1)]
    keys: Keys = [(s.field, int(s.order)) for s in query.sort or []]
    named = {field for field, _ in keys}
    return keys + [key for key in ties if key[0] not in named]


def select(
    collection: Collection,
    documents: list[Document],
    query: Query,
    scope: Mapping[str, Any],
    scope_name: str | None = None,
    index: OrderIndex | None = None,
) -> tuple[list[Document], str | None, int | None]:
    """A page of matching documents (unprojected), the next cursor, and the total if asked.

    Default orders walk the ordered `index` from the cursor and stop after limit + 1 matches;
    explicit sorts on one date field walk it too, other sorts sort the matches.
    """
    query_print, position = query_position(
        collection.name, query.filter, _sort_spec(query), scope_name, query.cursor
    )
    predicate = matcher(query.filter)
    scoped = matcher(scope) if scope else None

    @budgeted  # every scan below tests through it, so each one stops when the budget runs out
    def matches(document: Document) -> bool:
        return predicate(document) and (scoped is None or scoped(document))

    field: str | None = None
    ordered = index or OrderIndex(collection, documents)
    sort_by = sort_keys(collection, query)
    indexed = ordered.sorted_walk(sort_by, matches, position) if query.sort else None
    if indexed is not None:
        window = list(islice(indexed, query.limit + 1))
    elif query.sort:
        matched = order_by([d for d in documents if matches(d)], sort_by)
        start = 0 if position is None else first_after("sorted", matched, sort_by, position)
        window = [("sorted", d, sort_by) for d in matched[start : start + query.limit + 1]]
    else:
        walker, field = ordered.walk(matches, position)
        window = list(islice(walker, query.limit + 1))
    next_cursor = None
    if len(window) > query.limit:
        phase, last, keys = window[query.limit - 1]
        next_cursor = encode_cursor(
            query_print,
            Position(phase, key_values(last, keys), field),
        )
    total = sum(1 for d in documents if matches(d)) if query.count_total else None
    return [document for _, document, _ in window[: query.limit]], next_cursor, total


def _sort_spec(query: Query) -> list[Any]:
    return [[s.field, s.order] for s in query.sort or []]


def aggregate_rows(
    documents: Iterable[Document], query: Query, scope: Mapping[str, Any]
) -> list[Document]:
    """Aggregation rows, ordered by the query's sort (group key by default), limited."""
    predicate = matcher(query.filter)
    scoped = matcher(scope) if scope else None

    @budgeted
    def matches(document: Document) -> bool:
        return predicate(document) and (scoped is None or scoped(document))

    matched = (d for d in documents if matches(d))
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
