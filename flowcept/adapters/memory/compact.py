"""Documents held as encoded BSON and decoded when read: a fraction of the memory of dicts.

A synthetic task with telemetry takes about 9 KB as nested dicts and about 1.2 KB as BSON. The
fields that indexes, id lookups and the common filters read (ids, dates, status, labels) are also
kept decoded beside the bytes, so those reads never decode; any other field decodes the document,
and the last document decoded on each thread is remembered, so a filter or report reading several
fields of one document decodes it once.

Workflows and tasks also keep their API JSON, written once at load (about 1.3 KB a task): a
record leaves the store without being decoded or serialised again, so lists and exports run at
the speed of copying bytes. Objects do not: their JSON depends on the request (`include_data`).
"""

import sys
import threading
from collections.abc import Iterator, Mapping
from datetime import timezone
from typing import Any

import bson
from bson.codec_options import CodecOptions
from bson.errors import InvalidDocument

from flowcept.domain.collections import OBJECTS, TASKS, TYPE_LABEL_FIELDS, WORKFLOWS
from flowcept.domain.objects import GRIDFS_FIELD
from flowcept.jsonout import Rendered, dumps

# The same datetime values the loader's Extended JSON options give (aware, UTC).
CODEC: CodecOptions[dict[str, Any]] = CodecOptions(tz_aware=True, tzinfo=timezone.utc)

_IDS = ("_id", "task_id", "workflow_id", "object_id", "parent_task_id", "parent_workflow_id")
_LINKS = ("dependencies", "dependents")  # read by every provenance card
_LABELS = ("campaign_id", "activity_id", "status", "user", "name", "hostname", "subtype")
HOT_FIELDS = frozenset(
    _IDS
    + _LINKS
    + _LABELS
    + TYPE_LABEL_FIELDS
    + ("version", GRIDFS_FIELD)
    + WORKFLOWS.date_fields
    + TASKS.date_fields
    + OBJECTS.date_fields
)
# Labels repeat across documents: one shared string each instead of one per document.
_SHARED = frozenset(("workflow_id", "campaign_id", "parent_workflow_id") + _LABELS)

_last = threading.local()


class StoredDocument(Mapping[str, Any]):
    """A read-only top-level document over its BSON bytes; nested values decode as dicts."""

    __slots__ = ("_raw", "_hot", "json")

    def __init__(self, raw: bytes, hot: dict[str, Any], json: bytes | None = None) -> None:
        self._raw = raw
        self._hot = hot
        self.json = json  # the API JSON of the document without `_id`, when kept

    def to_dict(self) -> dict[str, Any]:
        """The whole document, decoded (a new dict the caller may keep or change)."""
        return bson.decode(self._raw, CODEC)

    def _decoded(self) -> dict[str, Any]:
        if getattr(_last, "owner", None) is not self:
            _last.document = self.to_dict()
            _last.owner = self
        document: dict[str, Any] = _last.document
        return document

    def __getitem__(self, key: str) -> Any:
        hot = self._hot
        if key in hot:
            return hot[key]
        if key in HOT_FIELDS:  # a hot field the document lacks: no need to decode to know
            raise KeyError(key)
        return self._decoded()[key]

    def get(self, key: str, default: Any = None) -> Any:  # the hot path of every scan
        hot = self._hot
        if key in hot:
            return hot[key]
        if key in HOT_FIELDS:
            return default
        return self._decoded().get(key, default)

    def __contains__(self, key: object) -> bool:
        if key in self._hot:
            return True
        return key not in HOT_FIELDS and key in self._decoded()

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __repr__(self) -> str:
        return f"StoredDocument({self._decoded()!r})"


def compact(document: Mapping[str, Any], rendered: bool = False) -> Mapping[str, Any]:
    """The document as a StoredDocument (with its API JSON when `rendered`); one BSON cannot hold
    (an integer beyond 64 bits, say) stays as it is.

    Everything kept comes from the encoded bytes, so the store answers exactly what BSON holds, as
    MongoDB does (datetimes to the millisecond, for one).
    """
    if isinstance(document, StoredDocument):
        return document
    try:
        raw = bson.encode(document)
    except (InvalidDocument, OverflowError, TypeError):
        return document
    stored = bson.decode(raw, CODEC)
    hot = {}
    for key, value in stored.items():
        if key in HOT_FIELDS:
            hot[key] = sys.intern(value) if key in _SHARED and type(value) is str else value
    json = None
    if rendered:
        stored.pop("_id", None)
        json = bytes(memoryview(dumps(stored)))  # an exact-size copy: orjson's has spare room
    return StoredDocument(raw, hot, json)


class PublicDocument(Rendered):
    """What the API returns for a stored workflow or task: every field but `_id`, read-only,
    written as JSON straight from the bytes kept at load."""

    __slots__ = ("_stored",)

    def __init__(self, stored: StoredDocument) -> None:
        self._stored = stored

    @property
    def json_bytes(self) -> bytes:
        assert self._stored.json is not None
        return self._stored.json

    def __getitem__(self, key: str) -> Any:
        if key == "_id":
            raise KeyError(key)
        return self._stored[key]

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._stored if key != "_id")

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"PublicDocument({dict(self)!r})"


def public(document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The read-only API view of a stored document that kept its JSON; None for any other."""
    if isinstance(document, StoredDocument) and document.json is not None:
        return PublicDocument(document)
    return None


def as_dict(document: Mapping[str, Any]) -> dict[str, Any]:
    """A document as a dict: a stored one decoded, a plain one as it is (not copied)."""
    if isinstance(document, StoredDocument):
        return document.to_dict()
    return document if isinstance(document, dict) else dict(document)
