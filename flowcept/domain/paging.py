"""Keyset pagination: opaque cursors that remember where a page ended in the query's order.

A cursor holds the sort-key values of the last item returned, which part of the default order it was
in (documents that carry the date field, then those that do not), and a fingerprint of the query it
belongs to. It is checksummed: a cursor edited by hand or taken from another query is a 400.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import timezone
from typing import Any, Literal

from bson import json_util

from flowcept.domain.errors import InvalidQuery

Phase = Literal["sorted", "dated", "undated"]
# Order of the phases within one result: an explicit sort is one phase; the default order puts the
# documents that carry the date field before those that do not.
PHASE_RANK: dict[str, int] = {"sorted": 0, "dated": 0, "undated": 1}
_CHECK = 12  # hex digits of checksum: catches edits, not an authentication
_OPTIONS = json_util.JSONOptions(
    json_mode=json_util.JSONMode.CANONICAL, tz_aware=True, tzinfo=timezone.utc
)


@dataclass(frozen=True)
class Position:
    """Where the previous page ended: its last item's key values, in `phase` of the order."""

    phase: Phase
    values: tuple[Any, ...]
    date_field: str | None = None  # the default order's field, chosen on the first page


def fingerprint(collection: str, filter_: dict[str, Any], sort: list[Any], scope: Any) -> str:
    """What makes two queries page through the same ordered result."""
    canonical = json_util.dumps(
        {"c": collection, "f": filter_, "s": sort, "k": scope},
        sort_keys=True,
        json_options=json_util.CANONICAL_JSON_OPTIONS,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode_cursor(query_print: str, position: Position) -> str:
    body = json_util.dumps(
        {
            "q": query_print,
            "p": position.phase,
            "d": position.date_field,
            "v": list(position.values),
        },
        json_options=_OPTIONS,
    )
    check = hashlib.sha256(body.encode()).hexdigest()[:_CHECK]
    return base64.urlsafe_b64encode(f"{check}{body}".encode()).decode().rstrip("=")


def decode_cursor(token: str, query_print: str) -> Position:
    """The position a cursor names, for the query it must belong to."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        check, body = raw[:_CHECK], raw[_CHECK:]
        if hashlib.sha256(body.encode()).hexdigest()[:_CHECK] != check:
            raise ValueError("checksum")
        data = json_util.loads(body, json_options=_OPTIONS)
        phase, values, date_field = data["p"], tuple(data["v"]), data["d"]
        if phase not in ("sorted", "dated", "undated"):
            raise ValueError("phase")
    except (
        ValueError,
        KeyError,
        TypeError,
        UnicodeDecodeError,
        binascii.Error,
        json.JSONDecodeError,
    ):
        raise InvalidQuery(
            "Invalid cursor: it was altered or is not a cursor of this API"
        ) from None
    if data["q"] != query_print:
        raise InvalidQuery("Invalid cursor: it belongs to a different query")
    return Position(phase, values, date_field)


def query_position(
    collection: str, filter_: dict[str, Any], sort: list[Any], scope: Any, cursor: str | None
) -> tuple[str, Position | None]:
    """The query's fingerprint, and the position its cursor names (None on the first page)."""
    query_print = fingerprint(collection, filter_, sort, scope)
    return query_print, decode_cursor(cursor, query_print) if cursor else None
