"""MongoDB query semantics for filters over in-memory documents.

`compile_filter` turns a filter into a tree of nodes once; the predicate it returns then walks
each document without re-reading the filter. Every node answers two questions, as MongoDB's
match expressions do: does a whole document match (`matches`), and does a single value match
(`matches_value`, used for the elements of an array under `$elemMatch`).
"""

from collections.abc import Callable, Mapping
from typing import Any

from flowcept.adapters.memory.bson_order import MISSING
from flowcept.adapters.memory.doc_paths import (
    Leaf,
    Parts,
    get_values,
    iter_values,
    sort_documents,
    sort_value,
    split_path,
)
from flowcept.adapters.memory.match_leaves import (
    Test,
    comparison,
    first_key,
    is_present,
    is_regex,
    membership,
    regex_operator,
    regex_value,
    size_test,
    truthy,
)

__all__ = ["MISSING", "compile_filter", "get_values", "sort_documents", "sort_value"]

Document = Mapping[str, Any]
_LOGICAL = ("$and", "$or", "$nor")
_COMPARISONS = ("$eq", "$gt", "$gte", "$lt", "$lte")


class _Node:
    __slots__ = ()

    def matches(self, doc: Document) -> bool:
        raise NotImplementedError

    def matches_value(self, value: Any) -> bool:
        raise NotImplementedError


class _Path(_Node):
    """A test applied to every value found at a path; any one passing is a match."""

    __slots__ = ("parts", "test", "leaf", "top_field")

    def __init__(self, parts: Parts, test: Test, leaf: Leaf = Leaf.ELEMENTS_AND_WHOLE) -> None:
        self.parts, self.test, self.leaf = parts, test, leaf
        self.top_field = parts[0] if len(parts) == 1 else None

    def matches(self, doc: Document) -> bool:
        if self.top_field is not None:  # the common case, without the generator
            value = doc.get(self.top_field, MISSING)
            if not isinstance(value, list):
                return self.test(value)
        return any(map(self.test, iter_values(doc, self.parts, self.leaf)))

    def matches_value(self, value: Any) -> bool:
        return self.test(value)


class _Not(_Node):
    __slots__ = ("child",)

    def __init__(self, child: _Node) -> None:
        self.child = child

    def matches(self, doc: Document) -> bool:
        return not self.child.matches(doc)

    def matches_value(self, value: Any) -> bool:
        return not self.child.matches_value(value)


class _And(_Node):
    __slots__ = ("children",)

    def __init__(self, children: list[_Node]) -> None:
        self.children = children

    def matches(self, doc: Document) -> bool:
        return all(child.matches(doc) for child in self.children)

    def matches_value(self, value: Any) -> bool:
        return all(child.matches_value(value) for child in self.children)


class _Or(_And):
    __slots__ = ()

    def matches(self, doc: Document) -> bool:
        return any(child.matches(doc) for child in self.children)

    def matches_value(self, value: Any) -> bool:
        return any(child.matches_value(value) for child in self.children)


def _nor(children: list[_Node]) -> _Node:
    return _Not(_Or(children))


_NEVER = _Or([])  # `$all: []` matches nothing


def compile_filter(filter: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """A predicate with MongoDB's semantics for `filter`; ValueError for a malformed operand."""
    return _compile_query(filter).matches


def _compile_query(query: Any) -> _Node:
    if not isinstance(query, Mapping):
        raise ValueError("a filter must be a document")
    nodes: list[_Node] = []
    for key, operand in query.items():
        if key in _LOGICAL:
            nodes.append(_compile_logical(key, operand))
        elif key.startswith("$"):
            raise ValueError(f"unknown top-level operator: {key}")
        else:
            nodes.append(_compile_field(key, operand))
    return nodes[0] if len(nodes) == 1 else _And(nodes)


def _compile_logical(op: str, operand: Any) -> _Node:
    if not isinstance(operand, list) or not operand:
        raise ValueError(f"{op} needs a non-empty array of filter documents")
    children = [_compile_query(clause) for clause in operand]
    if op == "$and":
        return _And(children)
    return _Or(children) if op == "$or" else _nor(children)


def _compile_field(path: str, operand: Any) -> _Node:
    parts = split_path(path)
    if is_regex(operand):
        return _Path(parts, regex_value(operand))
    # Like MongoDB, the first key decides whether a document is operators or a value.
    if first_key(operand).startswith("$"):
        return _compile_operators(parts, operand)
    return _Path(parts, comparison("$eq", operand))


def _compile_operators(parts: Parts, operators: Mapping[str, Any]) -> _Node:
    if "$options" in operators and "$regex" not in operators:
        raise ValueError("$options needs a $regex")
    nodes = [
        _compile_operator(parts, op, operand, operators)
        for op, operand in operators.items()
        if op != "$options"
    ]
    return nodes[0] if len(nodes) == 1 else _And(nodes)


def _compile_operator(parts: Parts, op: str, operand: Any, siblings: Mapping[str, Any]) -> _Node:
    # Negations wrap the whole positive test of the path, as MongoDB does: {a: {$ne: 1}}
    # matches a document without `a` and does not match a: [1, 2].
    if op in _COMPARISONS:
        return _Path(parts, comparison(op, operand))
    if op == "$ne":
        if is_regex(operand):
            raise ValueError("$ne cannot take a regex")  # MongoDB refuses it too
        return _Not(_Path(parts, comparison("$eq", operand)))
    if op in ("$in", "$nin"):
        node: _Node = _Path(parts, membership(operand))
        return node if op == "$in" else _Not(node)
    if op == "$exists":
        node = _Path(parts, is_present)
        return node if truthy(operand) else _Not(node)
    if op == "$regex":
        return _Path(parts, regex_operator(operand, siblings.get("$options", "")))
    if op == "$not":
        return _Not(_compile_not(parts, operand))
    if op == "$all":
        return _compile_all(parts, operand)
    if op == "$elemMatch":
        # Like $size, it looks at arrays themselves, not at their elements one by one.
        return _Path(parts, _elem_match(operand), Leaf.WHOLE)
    if op == "$size":
        return _Path(parts, size_test(operand), Leaf.WHOLE)
    raise ValueError(f"unknown operator: {op}")


def _compile_not(parts: Parts, operand: Any) -> _Node:
    if is_regex(operand):
        return _Path(parts, regex_value(operand))
    if not isinstance(operand, Mapping):
        raise ValueError("$not needs a regex or a document of operators")
    if not operand:
        raise ValueError("$not cannot be empty")
    if not all(str(key).startswith("$") for key in operand):
        raise ValueError("$not needs a regex or a document of operators")
    return _compile_operators(parts, operand)


def _compile_all(parts: Parts, operand: Any) -> _Node:
    if not isinstance(operand, list):
        raise ValueError("$all needs an array")
    if not operand:
        return _NEVER
    nodes: list[_Node] = []
    if first_key(operand[0]) == "$elemMatch":
        for item in operand:
            if first_key(item) != "$elemMatch":
                raise ValueError("$all with $elemMatch needs $elemMatch in every element")
            nodes.append(_Path(parts, _elem_match(item["$elemMatch"]), Leaf.WHOLE))
        return _And(nodes)
    for item in operand:
        if is_regex(item):
            nodes.append(_Path(parts, regex_value(item)))
        elif first_key(item).startswith("$"):
            raise ValueError("$all cannot contain operator expressions other than $elemMatch")
        else:
            nodes.append(_Path(parts, comparison("$eq", item)))
    return _And(nodes)


def _elem_match(operand: Any) -> Test:
    """$elemMatch: arrays with at least one element satisfying every condition at once."""
    if not isinstance(operand, Mapping):
        raise ValueError("$elemMatch needs a document")
    key = first_key(operand)
    if key.startswith("$") and key not in _LOGICAL:
        # Operators on the elements themselves: {$elemMatch: {$gte: 80, $lt: 85}}.
        each: Test = _compile_operators((), operand).matches_value
    else:
        query = _compile_query(operand)

        def each(element: Any) -> bool:
            # A query over elements; an array element is read as a document keyed "0", "1"...
            if isinstance(element, dict):
                return query.matches(element)
            if isinstance(element, list):
                return query.matches({str(i): item for i, item in enumerate(element)})
            return False

    return lambda value: isinstance(value, list) and any(map(each, value))
