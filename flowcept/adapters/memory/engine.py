"""Run a query over documents in memory: match, order, limit, project or aggregate."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flowcept.adapters.memory.aggregate import aggregate
from flowcept.adapters.memory.bson_order import MISSING, compare, sort_key
from flowcept.adapters.memory.matcher import compile_filter, sort_documents, sort_value
from flowcept.adapters.memory.projection import project
from flowcept.domain.collections import Collection, carries
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


def default_date_field(collection: Collection, documents: list[Document]) -> str | None:
    """The first date field, in the collection's priority, that any of `documents` carries."""
    for field in collection.date_fields:
        holds = compile_filter(carries(field))
        if any(holds(document) for document in documents):
            return field
    return None


Keys = list[tuple[str, int]]
Entry = tuple[str, Document, Keys]  # (phase, document, the keys it is ordered by)


def ordered_entries(
    collection: Collection, documents: list[Document], query: Query, date_field: str | None
) -> tuple[list[Entry], str | None]:
    """The query's order, each document tagged with its phase; and the default order's field.

    Default order: ascending by the date field, documents without it after the others (a second
    phase), ties by id then `_id`. An explicit sort gets the same two tie-breaks.
    """
    ties: Keys = [(collection.id_field, 1), ("_id", 1)]
    if query.sort:
        keys: Keys = [(s.field, int(s.order)) for s in query.sort]
        named = {field for field, _ in keys}
        keys += [key for key in ties if key[0] not in named]
        return [("sorted", d, keys) for d in order_by(documents, keys)], None
    field = date_field or default_date_field(collection, documents)
    if field is None:
        return [("undated", d, ties) for d in order_by(documents, ties)], None
    holds = compile_filter(carries(field))
    dated_keys: Keys = [(field, 1), *ties]
    dated = order_by([d for d in documents if holds(d)], dated_keys)
    undated = order_by([d for d in documents if not holds(d)], ties)
    entries = [("dated", d, dated_keys) for d in dated] + [("undated", d, ties) for d in undated]
    return entries, field


def order_by(documents: list[Document], keys: Keys) -> list[Document]:
    """MongoDB's order for `keys`; top-level scalar keys take a faster path with the same result."""
    if any("." in path for path, _ in keys):
        return sort_documents(documents, keys)
    decorated = []
    for document in documents:
        values = [document.get(path) for path, _ in keys]
        if any(type(value) is list for value in values):  # arrays sort by an element: slow path
            return sort_documents(documents, keys)
        decorated.append(([sort_key(value) for value in values], document))
    for index in reversed(range(len(keys))):  # stable passes, last key first, as MongoDB ranks
        decorated.sort(key=lambda row: row[0][index], reverse=keys[index][1] == -1)
    return [document for _, document in decorated]


def key_values(document: Document, keys: Keys) -> tuple[Any, ...]:
    """The values a document is ordered by (missing reads as null, as in MongoDB)."""
    values = (sort_value(document, path, order == -1) for path, order in keys)
    return tuple(None if value is MISSING else value for value in values)


PHASE_RANK = {"sorted": 0, "dated": 0, "undated": 1}


def _after(entry: Entry, position: Position) -> bool:
    phase, document, keys = entry
    if PHASE_RANK[phase] != PHASE_RANK[position.phase]:
        return PHASE_RANK[phase] > PHASE_RANK[position.phase]
    for value, last, (_, order) in zip(
        key_values(document, keys), position.values, keys, strict=False
    ):
        relation = compare(value, last) * order
        if relation:
            return relation > 0
    return False


def select(
    collection: Collection,
    documents: Iterable[Document],
    query: Query,
    scope: Mapping[str, Any],
    scope_name: str | None = None,
) -> tuple[list[Document], str | None, int | None]:
    """A page of matching documents (unprojected), the next cursor, and the total if asked."""
    query_print, position = query_position(
        collection.name, query.filter, _sort_spec(query), scope_name, query.cursor
    )
    predicate = matcher(query.filter)
    scoped = matcher(scope) if scope else None
    matched = [d for d in documents if predicate(d) and (scoped is None or scoped(d))]
    entries, field = ordered_entries(
        collection, matched, query, position.date_field if position else None
    )
    start = 0
    if position is not None:
        start = next(
            (n for n, entry in enumerate(entries) if _after(entry, position)), len(entries)
        )
    window = entries[start : start + query.limit]
    next_cursor = None
    if window and start + query.limit < len(entries):
        phase, last, keys = window[-1]
        next_cursor = encode_cursor(
            query_print,
            Position(phase, key_values(last, keys), field),  # type: ignore[arg-type]
        )
    total = len(matched) if query.count_total else None
    return [document for _, document, _ in window], next_cursor, total


def _sort_spec(query: Query) -> list[Any]:
    return [[s.field, s.order] for s in query.sort or []]


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
