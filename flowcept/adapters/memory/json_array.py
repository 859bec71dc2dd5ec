"""The elements of a JSON array file (`mongoexport --jsonArray`), decoded one at a time.

The file is read in blocks, so memory holds one block and one element whatever the file's size.
"""

import codecs
import json
from collections.abc import Iterator
from functools import partial
from typing import Any, BinaryIO

from bson import json_util

from flowcept.domain.filters import EXTENDED_JSON

BLOCK = 1 << 20
# Past this much unparsed text an element is malformed, not unfinished: a MongoDB document is at
# most 16 MB of BSON, and its Extended JSON text (base64, escapes) a few times that.
MAX_ELEMENT = 64 << 20

_DECODER = json.JSONDecoder(
    object_pairs_hook=partial(json_util.object_pairs_hook, json_options=EXTENDED_JSON)
)
_SPACE = " \t\n\r"


class ArrayError(ValueError):
    """The file is not one JSON array of values; `line` says where."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class ArrayElements:
    """Iterates (line, value) over the elements of the JSON array in a binary stream."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._text = ""
        self._eof = False
        self._line = 1  # the line of self._text[self._line_pos]
        self._line_pos = 0

    def _fill(self) -> None:
        block = self._stream.read(BLOCK)
        try:
            self._text += self._utf8.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            line = self._line_at(len(self._text))
            raise ArrayError(line, f"not UTF-8 text ({exc.reason})") from exc
        self._eof = not block

    def _line_at(self, position: int) -> int:
        self._line += self._text.count("\n", self._line_pos, position)
        self._line_pos = position
        return self._line

    def _next_token(self, position: int) -> int:
        """The position of the next non-space character, reading more as needed (-1 at the end)."""
        while True:
            while position < len(self._text) and self._text[position] in _SPACE:
                position += 1
            if position < len(self._text):
                return position
            if self._eof:
                return -1
            self._fill()

    def _drop_before(self, position: int) -> int:
        """Forget the text already parsed, so the buffer stays about one block."""
        if position > BLOCK:
            self._line_at(position)
            self._text = self._text[position:]
            self._line_pos = 0
            return 0
        return position

    def _value_at(self, position: int) -> tuple[Any, int]:
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, position)
            except json.JSONDecodeError as exc:
                if self._eof or len(self._text) - position > MAX_ELEMENT:
                    raise ArrayError(self._line_at(exc.pos), exc.msg) from exc
                self._fill()
                continue
            except Exception as exc:  # json_util raises many types for bad $-wrappers
                raise ArrayError(self._line_at(position), f"invalid Extended JSON: {exc}") from exc
            if end == len(self._text) and not self._eof:  # a number may go on in the next block
                self._fill()
                continue
            return value, end

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        position = self._next_token(0)
        if position < 0 or self._text[position] != "[":
            raise ArrayError(self._line_at(max(position, 0)), "expected a JSON array")
        position, first = position + 1, True
        while True:
            position = self._next_token(position)
            if position < 0:
                raise ArrayError(self._line_at(len(self._text)), "the array is not closed")
            if self._text[position] == "]":
                break
            if not first:
                if self._text[position] != ",":
                    raise ArrayError(self._line_at(position), "expected ',' or ']'")
                position = self._next_token(position + 1)
                if position < 0:
                    raise ArrayError(self._line_at(len(self._text)), "the array is not closed")
            value, end = self._value_at(position)
            yield self._line_at(position), value
            position, first = self._drop_before(end), False
        if self._next_token(position + 1) >= 0:
            raise ArrayError(self._line_at(position + 1), "text after the array's end")
