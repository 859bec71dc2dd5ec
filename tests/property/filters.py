"""A hypothesis strategy for filter documents in the allowed grammar (flowcept/domain/filters.py).

Constructs on which mongomock is known to differ from MongoDB (tests/adapters/test_matcher.py,
MONGOMOCK_DIFFERS) are left out where they would be generated, each with the reason, so that a
difference found here is one between the embedded store and the MongoDB adapter.
"""

from functools import cache
from typing import Any

from hypothesis import strategies as st

from tests.property.corpus import FLAG_VALUES, SCALARS

# Left out: positions into arrays of arrays ("a.0" on [[1, 2]]) and fields named like positions
# ({"0": ...}); mongomock resolves both differently. The corpus holds neither.
PATHS = [
    "task_id",
    "status",
    "started_at",
    "used.lr",
    "used.tags",
    "v",
    "v.k",
    "v.1",
    "doc.k",
    "doc.sub.k",
    "arr",
    "arr.k",
    "arr.j",
    "arr.0.k",
    "flag",
    "nope",
]
SAFE_PATTERNS = ["^a", "b", "^$", "^t-[0-3]$", "A", "IN", "[0-9]", "^(a|b)+$", "."]
RANGE_OPERATORS = ["$gt", "$gte", "$lt", "$lte"]

_scalars = st.sampled_from(SCALARS + ["FINISHED", "ERROR", "t-1", 0.01, 30.0])
# mongomock takes True for 1 and False for 0: booleans are only stored in, and only compared
# with, the field `flag`, where no number is stored.
_flags = st.sampled_from([v for v in FLAG_VALUES if not isinstance(v, list)])


def _values(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(scalars, st.lists(scalars, max_size=3), st.fixed_dictionaries({"k": scalars}))


def operand(path: str, null: bool = True) -> st.SearchStrategy[Any]:
    """A value to compare `path` with.

    mongomock reads {"a.b": null} on a scalar `a`, and {$gte: null} / {$lte: null} on a missing
    field, unlike MongoDB: null operands are kept to top-level paths and to equality (`null`).
    """
    scalars = _flags if path == "flag" else _scalars
    if not null or "." in path:
        scalars = scalars.filter(lambda v: v is not None)
    return scalars if path == "flag" else _values(scalars)


def comparison(path: str) -> st.SearchStrategy[dict[str, Any]]:
    equality = st.builds(lambda o, v: {o: v}, st.sampled_from(["$eq", "$ne"]), operand(path))
    ranged = st.builds(
        lambda o, v: {o: v}, st.sampled_from(RANGE_OPERATORS), operand(path, null=False)
    )
    return st.one_of(equality, ranged)


def membership(path: str) -> st.SearchStrategy[dict[str, Any]]:
    # Left out: arrays in the list; mongomock does not compare them with a whole stored array
    # ({a: {$in: [[1]]}} misses {a: [1]}, {a: {$in: [[]]}} misses {a: []}).
    items = operand(path).filter(lambda v: not isinstance(v, list))
    return st.builds(
        lambda o, vs: {o: vs}, st.sampled_from(["$in", "$nin"]), st.lists(items, max_size=4)
    )


def regex() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda p, o: {"$regex": p, "$options": o} if o else {"$regex": p},
        st.sampled_from(SAFE_PATTERNS),
        st.sampled_from(["", "i", "m", "s"]),
    )


# mongomock's $size also counts the characters of a string and the fields of a document
# (MongoDB: only arrays have a size), so $size goes only to paths that hold no string or document.
SIZED_PATHS = ("used.tags", "arr", "flag")


def array_operator(path: str) -> st.SearchStrategy[dict[str, Any]]:
    # Left out: an empty $all (mongomock matches everything) and $all of arrays (mongomock does
    # not unwrap the manual's nesting).
    scalars = operand(path, null=False).filter(lambda v: not isinstance(v, list | dict))
    all_of = st.builds(lambda vs: {"$all": vs}, st.lists(scalars, min_size=1, max_size=2))
    if path not in SIZED_PATHS:
        return all_of
    return st.one_of(st.builds(lambda n: {"$size": n}, st.integers(0, 3)), all_of)


def elem_match(path: str) -> st.SearchStrategy[dict[str, Any]]:
    # The corpus holds no documents inside nested arrays ([[{b: 1}]]), which mongomock reads as
    # holding {b: 1}.
    on_element = st.one_of(comparison(path), membership(path), regex())
    if path != "arr":
        return st.builds(lambda m: {"$elemMatch": m}, on_element)
    # Conditions on the elements' fields go only where every element is a document: mongomock
    # also tries them on scalar elements ({a: {$elemMatch: {j: {$ne: 1}}}} matches {a: [1]}).
    on_fields = st.dictionaries(
        st.sampled_from(["k", "j"]),
        st.one_of(operand("arr.k"), comparison("arr.k"), membership("arr.k"), regex()),
        min_size=1,
        max_size=2,
    )
    return st.builds(lambda m: {"$elemMatch": m}, st.one_of(on_element, on_fields))


def operators(path: str) -> st.SearchStrategy[dict[str, Any]]:
    options = [comparison(path), membership(path), regex(), array_operator(path), elem_match(path)]
    if "." not in path:
        # Left out on dotted paths: mongomock's $exists: false through arrays of documents.
        options.append(st.builds(lambda b: {"$exists": b}, st.booleans()))
    plain = st.one_of(*options)
    if "." in path:
        # Left out on dotted paths: $not, which mongomock fails to match when the parent is there
        # and the field is not ({"v.k": {$not: ...}} on {"v": 5}), and several operators on one
        # path, which mongomock applies to each array element together when one is a negation
        # ({"a.b": {$ne: 3, $eq: 1}} on {"a": [{"b": 1}, {}]}). $nor covers both.
        return plain
    both = st.builds(lambda a, b: {**a, **b}, plain, plain)
    # $not takes no $options in mongomock ("unknown operator"), which MongoDB accepts.
    negated = st.builds(
        lambda inner: {"$not": inner}, st.one_of(comparison(path), regex().map(_no_options))
    )
    return st.one_of(plain, negated, both)


def _no_options(operators: dict[str, Any]) -> dict[str, Any]:
    return {"$regex": operators["$regex"]}


def _on_path(path: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda v: {path: v}, st.one_of(operand(path), operators(path)))


_FIELD_CLAUSES = st.one_of(*(_on_path(path) for path in PATHS))


@cache
def clause(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    field = _FIELD_CLAUSES
    if depth <= 0:
        return field
    logical = st.builds(
        lambda op, parts: {op: parts},
        st.sampled_from(["$and", "$or", "$nor"]),
        st.lists(filters(depth - 1), min_size=1, max_size=3),
    )
    return st.one_of(field, logical)


@cache
def filters(depth: int = 2) -> st.SearchStrategy[dict[str, Any]]:
    """Filter documents with at most `depth` levels of $and / $or / $nor."""
    return st.lists(clause(depth), max_size=3).map(
        lambda parts: {key: value for part in parts for key, value in part.items()}
    )
