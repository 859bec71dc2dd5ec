"""MongoDB inclusion projections over in-memory documents; `_id` never leaves the store."""

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from flowcept.adapters.memory.bson_order import MISSING

# A projection tree: each field maps to True (keep it whole) or to the tree of its subfields.
_Tree = dict[str, Any]


@lru_cache(maxsize=256)
def _tree(paths: tuple[str, ...]) -> _Tree:
    """Merge dot paths into a tree; a path that is a prefix of another keeps the whole field."""
    tree: _Tree = {}
    for path in sorted(set(paths), key=lambda p: p.count(".")):  # shorter paths first
        node = tree
        *parents, last = path.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if child is True:
                break
            node = child
        else:
            node[last] = True
    tree.pop("_id", None)
    return tree


def _project_document(doc: Mapping[str, Any], tree: _Tree) -> dict[str, Any]:
    out = {}
    for name, value in doc.items():  # the document's own field order
        sub = tree.get(name)
        if sub is True:
            out[name] = value
        elif sub is not None:
            projected = _project_value(value, sub)
            if projected is not MISSING:
                out[name] = projected
    return out


def _project_value(value: Any, tree: _Tree) -> Any:
    """Project a value below a projected path; MISSING when nothing of it is kept."""
    if isinstance(value, dict):
        return _project_document(value, tree)
    if isinstance(value, list):
        # MongoDB projects into each element; elements that are not documents (or arrays of
        # them) have nothing to keep and are dropped, as {"a.b": 1} does on a: [1, {b: 2}].
        kept = (_project_value(element, tree) for element in value)
        return [element for element in kept if element is not MISSING]
    return MISSING  # a scalar where the path wanted a subdocument: the field is left out


def project(doc: Mapping[str, Any], paths: list[str]) -> dict[str, Any]:
    """Keep only `paths` (dot paths) of `doc`, nested as in the document, and never `_id`.

    An empty list keeps everything but `_id`. The input is not changed; kept values are
    shared with it, not copied.
    """
    if not paths:
        return without(doc, {"_id"})
    return _project_document(doc, _tree(tuple(paths)))


def without(doc: Mapping[str, Any], fields: set[str]) -> dict[str, Any]:
    """A shallow copy of `doc` without the given top-level fields."""
    return {name: value for name, value in doc.items() if name not in fields}
