"""Identifiers and attribute values in PROV's terms.

PROV identifiers are qualified names: the namespaces below name Flowcept records (they are
identifiers, not resolvable addresses), and ids are percent-encoded so that any id is a valid local
part in every serialisation (PROV-N's grammar is the strictest: no `@`, `/` or `~`, no leading
`-` or `.`).
"""

import json
import math
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

BASE = "https://flowcept.org/"
NAMESPACES = {
    "flowcept": BASE + "ns#",  # Flowcept's own fields, as attributes
    "workflow": BASE + "workflow/",
    "task": BASE + "task/",
    "object": BASE + "object/",
    "user": BASE + "user/",
    "host": BASE + "host/",
}
SKIPPED = {"_id", "data", "telemetry_at_start", "telemetry_at_end", "machine_info"}


def local(text: str) -> str:
    encoded = quote(text, safe="").replace("~", "%7E")
    if encoded[:1] in ("-", "."):
        encoded = f"%{ord(encoded[0]):02X}{encoded[1:]}"
    if encoded.endswith("."):
        encoded = encoded[:-1] + "%2E"
    return encoded or "%20"


def attribute_name(key: str) -> str:
    """A field path as the local part of a `flowcept:` attribute (letters, digits, `_.-`)."""
    name = "".join(c if c.isascii() and (c.isalnum() or c in "_.-") else "_" for c in key)
    return name if name[:1].isalpha() or name[:1] == "_" else "_" + name


def literal(value: Any) -> Any:
    """A value PROV can carry: scalars as they are, dates in UTC, arrays and documents as JSON
    text, other BSON values (ObjectId, Decimal128) as their text."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if value is None:
        return None
    if not isinstance(value, list | tuple | Mapping):
        return str(value)
    try:
        return json.dumps(value, default=str, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):  # NaN inside, or keys json cannot sort
        return str(value)


def attributes(doc: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """A document's fields as `flowcept:` attributes: top-level ones, and one level into
    documents (`used.lr`); payloads, telemetry and machine descriptions are left out."""
    for key, value in doc.items():
        if key in SKIPPED:
            continue
        members = value.items() if isinstance(value, Mapping) else [(None, value)]
        for member, item in members:
            path = key if member is None else f"{key}.{member}"
            if (converted := literal(item)) is not None:
                yield "flowcept:" + attribute_name(path), converted
