"""Byte ranges of downloads (RFC 9110, section 14): one range per request, or the whole payload.

A `Range` header that is malformed, names another unit, or asks for several ranges is ignored
(the whole payload, 200), as RFC 9110 allows; only a well-formed single range that starts past the
end (or a suffix of 0 bytes, or any range of an empty payload) is unsatisfiable (416).
"""

import re
from dataclasses import dataclass

_INT_RANGE = re.compile(r"([0-9]+)-([0-9]*)")
_SUFFIX_RANGE = re.compile(r"-([0-9]+)")


@dataclass(frozen=True)
class ByteRange:
    """Bytes `start`..`end`, inclusive, of a payload of `size` bytes."""

    start: int
    end: int
    size: int

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


class RangeNotSatisfiable(Exception):
    """The single range asked for holds none of the payload's bytes."""

    def __init__(self, header: str, size: int) -> None:
        super().__init__(f"Range not satisfiable: {header.strip()} (the payload has {size} bytes)")
        self.size = size

    @property
    def content_range(self) -> str:
        return f"bytes */{self.size}"


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The one range `header` asks for within `size` bytes; None means the whole payload.

    Raises RangeNotSatisfiable for a well-formed range that selects no byte.
    """
    if header is None:
        return None
    unit, equals, ranges = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    specs = [spec.strip() for spec in ranges.split(",") if spec.strip()]
    if len(specs) != 1:
        return None  # none, or several ranges: multipart answers are not offered
    spec = specs[0]
    if bounded := _INT_RANGE.fullmatch(spec):
        start = int(bounded.group(1))
        end = int(bounded.group(2)) if bounded.group(2) else None
        if end is not None and end < start:
            return None  # an invalid range: ignored
        if start >= size:
            raise RangeNotSatisfiable(header, size)
        return ByteRange(start, size - 1 if end is None else min(end, size - 1), size)
    if suffix := _SUFFIX_RANGE.fullmatch(spec):
        length = int(suffix.group(1))
        if length == 0 or size == 0:
            raise RangeNotSatisfiable(header, size)
        return ByteRange(max(size - length, 0), size - 1, size)
    return None


def if_range_holds(if_range: str | None, etag: str) -> bool:
    """Whether a Range may be honoured: no `If-Range`, or one naming `etag` (strong comparison).

    A weak tag or a date never holds: the answer has no Last-Modified to compare a date with.
    """
    if if_range is None:
        return True
    value = if_range.strip()
    return not value.startswith("W/") and value == etag
