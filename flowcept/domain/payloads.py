"""What both stores say about an object's payload: how errors name it, its validator, and the
inline case (bytes held in the object document), which needs no store at all."""

import hashlib
from collections.abc import AsyncIterator, Mapping
from functools import partial
from typing import Any

from flowcept.domain.collections import ObjectKind, object_noun
from flowcept.domain.errors import NotFound
from flowcept.domain.objects import PAYLOAD_FIELD
from flowcept.domain.ports import Payload


def payload_label(object_id: str, version: int | None, kind: ObjectKind | None) -> str:
    """How a missing payload's error names it: `Model m1 version 2`."""
    label = f"{object_noun(kind)} {object_id}"
    return label if version is None else f"{label} version {version}"


def payload_tag(*parts: Any) -> str:
    """A payload's validator: a digest of what identifies its bytes (never the GridFS bytes)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def inline_payload(
    document: Mapping[str, Any],
    object_id: str,
    version: int | None,
    label: str,
    start: int,
    end: int | None,
) -> Payload:
    """The bytes an object document holds itself; NotFound when it holds none."""
    data = document.get(PAYLOAD_FIELD)
    if data is None:
        raise NotFound(f"{label} has no payload")
    inline = bytes(data)
    digest = hashlib.sha256(inline).hexdigest()
    etag = payload_tag("in_object", object_id, document.get("version"), digest, len(inline))
    return Payload.of(object_id, version, len(inline), partial(_slice, inline), start, end, etag)


async def _slice(data: bytes, start: int, end: int) -> AsyncIterator[bytes]:
    if start <= end:
        yield data[start : end + 1]
