"""Dot paths into documents the way MongoDB walks them: for queries, and for sorting."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from flowcept.adapters.memory.bson_order import MISSING, UNDEFINED, sort_key

Parts = tuple[str, ...]
Doc = TypeVar("Doc", bound=Mapping[str, Any])


class Leaf(Enum):
    """What to yield when a path ends at an array (MongoDB's LeafArrayBehavior)."""

    WHOLE = "the array itself"  # $size, $elemMatch
    ELEMENTS_AND_WHOLE = "each element, then the array"  # comparisons, $in, $regex, $exists
    ELEMENTS = "each element"  # distinct-style value lists


def split_path(path: str) -> Parts:
    """The components of a dot path."""
    return tuple(path.split("."))


def _array_index(part: str) -> int:
    """The array position a path component names, or -1 (`"01"` names none, like MongoDB)."""
    if part.isascii() and part.isdigit() and (part == "0" or part[0] != "0"):
        return int(part)
    return -1


def _walk(doc: Mapping[str, Any], parts: Parts, start: int) -> tuple[Any, int]:
    """Follow `parts` from `start` through sub-documents; stop at the first array or dead end."""
    current: Mapping[str, Any] = doc
    i = start
    while True:
        value = current.get(parts[i], MISSING)
        if isinstance(value, dict) and i + 1 < len(parts):
            current, i = value, i + 1
        elif isinstance(value, list) or i + 1 == len(parts):
            return value, i
        else:  # a scalar with path left over, or a missing field
            return MISSING, i


def iter_values(doc: Mapping[str, Any], parts: Parts, leaf: Leaf, start: int = 0) -> Iterator[Any]:
    """Every value MongoDB's matcher sees at `parts` (MISSING where a branch ends too early)."""
    value, i = _walk(doc, parts, start)
    if isinstance(value, list):
        yield from _array_values(value, parts, i + 1, leaf)
    else:
        yield value


def _array_values(array: list[Any], parts: Parts, rest: int, leaf: Leaf) -> Iterator[Any]:
    """Values reached from an array with `parts[rest:]` still to follow."""
    if rest == len(parts):
        if leaf is not Leaf.WHOLE:
            yield from array
        if leaf is not Leaf.ELEMENTS:
            yield array
        return
    index = _array_index(parts[rest])
    last = rest + 1 == len(parts)
    for position, element in enumerate(array):
        # Implicit traversal goes one level deep: only documents get the rest of the path,
        # while a numeric component also selects the element at that position.
        if isinstance(element, dict):
            yield from iter_values(element, parts, leaf, rest)
        if position != index:
            continue
        if last:
            yield element
        elif isinstance(element, dict):
            yield from iter_values(element, parts, leaf, rest + 1)
        elif isinstance(element, list):
            yield from _array_values(element, parts, rest + 1, leaf)


def get_values(doc: Mapping[str, Any], path: str, *, expand_arrays: bool = False) -> list[Any]:
    """The values a dot path reaches, traversing arrays of documents; missing ones are left out.

    A path that ends at an array yields the array itself, or with `expand_arrays` its elements
    (as MongoDB's `distinct` does).
    """
    leaf = Leaf.ELEMENTS if expand_arrays else Leaf.WHOLE
    return [v for v in iter_values(doc, split_path(path), leaf) if v is not MISSING]


def _sort_candidates(value: Any, parts: Parts, i: int) -> Iterator[Any]:
    """The values MongoDB's sort-key generator draws from `value` for `parts[i:]`."""
    if isinstance(value, list):
        yield from _array_sort_candidates(value, parts, i)
    elif i == len(parts):
        yield value
    elif isinstance(value, dict) and parts[i] in value:
        yield from _sort_candidates(value[parts[i]], parts, i + 1)
    else:
        yield MISSING  # MongoDB's sort key is null here, which sorts the same


def _array_sort_candidates(array: list[Any], parts: Parts, i: int) -> Iterator[Any]:
    if i == len(parts):
        # Elements are candidates but nested arrays stay whole; an empty array sorts as
        # BSON `undefined`, which is below null.
        yield from array if array else (UNDEFINED,)
        return
    if not array:
        yield MISSING
        return
    index = _array_index(parts[i])
    for element in array:
        if isinstance(element, dict) and parts[i] in element:
            yield from _sort_candidates(element[parts[i]], parts, i + 1)
        elif 0 <= index < len(array):
            target = array[index]
            if i + 1 == len(parts) and isinstance(target, list):
                # An array picked by position at the end of the path is not expanded.
                yield target if target else UNDEFINED
            else:
                yield from _sort_candidates(target, parts, i + 1)
        else:
            yield MISSING


def sort_value(doc: Mapping[str, Any], path: str, descending: bool) -> Any:
    """The value MongoDB sorts `doc` by for `path`: an array's smallest (or largest) element.

    A missing field gives MISSING (sorts as null). An empty array gives UNDEFINED, which sorts
    below null whichever the direction: MongoDB's sort keys use BSON `undefined` for it.
    """
    parts = split_path(path)
    value = doc.get(parts[0], MISSING)
    if value is MISSING or (len(parts) == 1 and not isinstance(value, list)):
        return value
    candidates = _sort_candidates(value, parts, 1)
    return (max if descending else min)(candidates, key=sort_key)


def sort_documents(docs: Iterable[Doc], keys: Sequence[tuple[str, int]]) -> list[Doc]:
    """Documents sorted by (path, 1 or -1) keys in MongoDB's order; ties keep their order."""
    ordered = list(docs)
    for path, direction in reversed(keys):
        if direction not in (1, -1):
            raise ValueError(f"sort direction for {path!r} must be 1 or -1, not {direction!r}")
        descending = direction == -1
        ordered.sort(key=lambda d: sort_key(sort_value(d, path, descending)), reverse=descending)
    return ordered
