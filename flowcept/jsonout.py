"""JSON output: BSON values rendered as a client expects, and always valid JSON.

orjson writes the common values (strings, numbers, lists, dicts) in native code, ten to forty times
faster than `json` over a page of tasks; every other type goes through the same rules as `jsonable`,
which also serves what orjson refuses (integers beyond 64 bits).
"""

import base64
import json
import math
import uuid
from abc import abstractmethod
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import orjson
from bson import ObjectId
from bson.decimal128 import Decimal128
from bson.regex import Regex
from bson.timestamp import Timestamp


def _datetime(value: datetime) -> str:
    if value.tzinfo is None:  # BSON dates are UTC; naive ones come from naive decoders
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def jsonable(value: Any) -> Any:
    """Turn a BSON-valued document into plain JSON values."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, ObjectId | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):  # bson.Binary is a bytes subclass
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal128):
        number = float(value.to_decimal())
        return number if math.isfinite(number) else None
    if isinstance(value, Regex):
        return value.pattern if isinstance(value.pattern, str) else repr(value.pattern)
    if isinstance(value, Timestamp):
        return _datetime(value.as_datetime())
    return str(value)


class Rendered(Mapping[str, Any]):
    """A read-only document that carries its JSON, already written by `dumps`: output copies
    those bytes instead of walking the values again."""

    @property
    @abstractmethod
    def json_bytes(self) -> bytes: ...


def _other(value: Any) -> Any:
    """What orjson calls for a type it does not write itself."""
    if isinstance(value, Rendered):
        return orjson.Fragment(value.json_bytes)
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return jsonable(value)


# NaN and infinities become null in orjson too; datetimes pass through to `jsonable`'s rule.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> bytes:
    """Serialise to compact UTF-8 JSON."""
    try:
        return orjson.dumps(value, default=_other, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return json.dumps(
            jsonable(value), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        ).encode("utf-8")
