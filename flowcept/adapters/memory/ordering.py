"""Ordered indexes for the embedded store's default orders, built once and reused by every page.

For each date field: the documents carrying it, sorted by (field, id, _id), and those lacking it,
sorted by (id, _id). A default-order page walks these lists from the cursor, testing the filter,
and stops after limit + 1 matches: no sort per request, and a first page costs about the same at
any size.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

from flowcept.adapters.memory.bson_order import MISSING, NULL, canonical_type, compare, sort_key
from flowcept.adapters.memory.matcher import compile_filter, sort_documents, sort_value
from flowcept.domain.collections import Collection, carries
from flowcept.domain.paging import PHASE_RANK, Phase, Position

Document = dict[str, Any]
Keys = list[tuple[str, int]]
Segment = tuple[Phase, list[Document], Keys]


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
    for index in reversed(range(len(keys))):  # stable passes, last key first
        decorated.sort(key=lambda row: row[0][index], reverse=keys[index][1] == -1)
    return [document for _, document in decorated]


def key_values(document: Document, keys: Keys) -> tuple[Any, ...]:
    """The values a document is ordered by (missing reads as null, as in MongoDB)."""
    values = (sort_value(document, path, order == -1) for path, order in keys)
    return tuple(None if value is MISSING else value for value in values)


def after(phase: str, document: Document, keys: Keys, position: Position) -> bool:
    """Whether the document comes after the cursor's position in the order."""
    if PHASE_RANK[phase] != PHASE_RANK[position.phase]:
        return PHASE_RANK[phase] > PHASE_RANK[position.phase]
    pairs = zip(key_values(document, keys), position.values, keys, strict=False)
    for value, last, (_, order) in pairs:
        relation = compare(value, last) * order
        if relation:
            return relation > 0
    return False


def first_where(
    documents: list[Document], test: Callable[[Document], bool], low: int = 0, high: int = -1
) -> int:
    """The index of the first document in [low, high) passing `test`, which no document fails
    once one has passed (bisection); `high` when none passes."""
    high = len(documents) if high < 0 else high
    while low < high:
        middle = (low + high) // 2
        if test(documents[middle]):
            high = middle
        else:
            low = middle + 1
    return low


def first_after(phase: str, documents: list[Document], keys: Keys, position: Position) -> int:
    """The index of the first document after `position` in a list already in order."""
    return first_where(documents, lambda document: after(phase, document, keys, position))


def descending_runs(documents: list[Document], field: str, end: int) -> Iterator[Document]:
    """`documents[:end]`, sorted by (field, ties), in descending order of field with each run of
    equal values kept in ascending tie order: an explicit descending sort read off the index."""
    while end > 0:
        value = documents[end - 1].get(field)
        start = end - 1
        if start and compare(documents[start - 1].get(field), value) == 0:
            start = first_where(documents, _at_least(field, value), 0, end)
        yield from (documents[n] for n in range(start, end))
        end = start


class OrderIndex:
    """The default orders of one set of documents (a collection, or one workflow's tasks)."""

    def __init__(self, collection: Collection, documents: list[Document]) -> None:
        self._collection = collection
        self._documents = documents
        self._ties: Keys = [(collection.id_field, 1), ("_id", 1)]
        self._segments: dict[str | None, list[Segment]] = {}
        self._plain: dict[str, bool] = {}

    @property
    def documents(self) -> list[Document]:
        return self._documents

    def segments(self, field: str | None) -> list[Segment]:
        """Dated then undated documents for `field` (None: every document by id)."""
        if field not in self._segments:
            if field is None:
                self._segments[None] = [
                    ("undated", order_by(self._documents, self._ties), self._ties)
                ]
            else:
                holds = compile_filter(carries(field))
                dated_keys: Keys = [(field, 1), *self._ties]
                dated = order_by([d for d in self._documents if holds(d)], dated_keys)
                undated = order_by([d for d in self._documents if not holds(d)], self._ties)
                self._segments[field] = [
                    ("dated", dated, dated_keys),
                    ("undated", undated, self._ties),
                ]
        return self._segments[field]

    def partition(
        self, groups: Mapping[str, list[Document]], keys_of: Callable[[Document], Iterable[str]]
    ) -> dict[str, "OrderIndex"]:
        """One index per group (one workflow's tasks, say), each built order cut from this one's
        in a single pass: the documents are already sorted, so no group sorts again."""
        parts = {
            name: OrderIndex(self._collection, documents) for name, documents in groups.items()
        }
        for field, segments in list(self._segments.items()):  # a snapshot: queries add fields
            cut: dict[str, list[Segment]] = {
                name: [(phase, [], keys) for phase, _, keys in segments] for name in parts
            }
            for position, (_, documents, _) in enumerate(segments):
                for document in documents:
                    for name in keys_of(document):
                        if name in cut:
                            cut[name][position][1].append(document)
            for name, part in parts.items():
                part._segments[field] = cut[name]
        return parts

    def sorted_walk(
        self, keys: Keys, matches: Callable[[Document], bool], position: Position | None
    ) -> Iterator[tuple[Phase, Document, Keys]] | None:
        """Matching documents in the order of an explicit sort on one date field (then the id
        ties), read off this index instead of sorting every match; None when the index cannot
        give that order: another sort, or a field holding arrays or MinKey, which sort apart."""
        field, direction = keys[0]
        if keys[1:] != self._ties or field not in self._collection.date_fields:
            return None
        (_, dated, _), (_, undated, _) = self.segments(field)
        if field not in self._plain:
            self._plain[field] = all(_plain(d.get(field)) for d in dated)
        if not self._plain[field]:
            return None

        def forward(documents: list[Document]) -> Iterator[Document]:
            start = 0 if position is None else first_after("sorted", documents, keys, position)
            return (documents[n] for n in range(start, len(documents)))

        def backward() -> Iterator[Document]:
            if position is None:
                return descending_runs(dated, field, len(dated))
            last = position.values[0]
            low = first_where(dated, _at_least(field, last))
            high = first_where(dated, lambda d: compare(d.get(field), last) > 0, low)
            start = first_where(dated, lambda d: after("sorted", d, keys, position), low, high)
            rest = (dated[n] for n in range(start, high))  # the cursor's run, then older runs
            return chain(rest, descending_runs(dated, field, low))

        ordered = (
            chain(forward(undated), forward(dated))
            if direction == 1
            else chain(backward(), forward(undated))
        )
        return (("sorted", d, keys) for d in ordered if matches(d))

    def prepare(self) -> None:
        """Build the order an unfiltered list walks now, not within the first request's budget."""
        self.date_field(lambda document: True)

    def date_field(self, matches: Callable[[Document], bool]) -> str | None:
        """The first date field, in priority, that any matching document carries."""
        for field in self._collection.date_fields:
            _, dated, _ = self.segments(field)[0]
            if any(matches(document) for document in dated):
                return field
        return None

    def walk(
        self, matches: Callable[[Document], bool], position: Position | None
    ) -> tuple[Iterator[tuple[Phase, Document, Keys]], str | None]:
        """Matching documents in default order from the cursor on, lazily; and the date field."""
        field = position.date_field if position else None
        if position is None or (field is None and position.phase != "undated"):
            field = self.date_field(matches)
        segments = self.segments(field)

        def generate() -> Iterator[tuple[Phase, Document, Keys]]:
            for phase, documents, keys in segments:
                start = 0
                if position is not None:
                    if PHASE_RANK[phase] < PHASE_RANK[position.phase]:
                        continue
                    if PHASE_RANK[phase] == PHASE_RANK[position.phase]:
                        start = first_after(phase, documents, keys, position)
                for position_in_list in range(start, len(documents)):  # no copy, no skipping
                    document = documents[position_in_list]
                    if matches(document):
                        yield phase, document, keys

        return generate(), field


def _plain(value: Any) -> bool:
    """Whether a value sorts the same whichever the direction and above null: not an array
    (sorted by its least or greatest element) nor MinKey."""
    return not isinstance(value, list | tuple) and canonical_type(value) > NULL


def _at_least(field: str, value: Any) -> Callable[[Document], bool]:
    return lambda document: compare(document.get(field), value) >= 0
