"""The conversion between infcheck's positions and LSP positions.

infcheck counts in characters (code points) with 1-based lines and columns;
LSP counts 0-based lines and, within a line, code units of the encoding the
client and server agreed on (UTF-16 unless the client offered another). This
module is the only place where the two meet. Line breaks are CR LF, CR and LF,
both in the LSP specification and in infcheck's document model.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from infcheck.document import Span
from infcheck.lines import line_starts_of

if TYPE_CHECKING:  # the protocol's types load with the server, after the first diagnostics (see bootstrap.py)
    from lsprotocol import types

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def code_units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def characters_for_units(line: str, units: int, encoding: str) -> int:
    """How many characters of ``line`` the first ``units`` code units cover (never splitting a character)."""
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    counted = 0
    for index, character in enumerate(line):
        width = _unit_width(character, encoding)
        if counted + width > units:
            return index
        counted += width
    return len(line)


def _unit_width(character: str, encoding: str) -> int:
    code = ord(character)
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 2 if code >= 0x10000 else 1


class LineMap:
    """A text's lines, for turning offsets, spans and LSP positions into one another."""

    __slots__ = ("encoding", "starts", "text")

    def __init__(self, text: str, starts: Sequence[int] | None = None, encoding: str = UTF16):
        self.text = text
        self.starts = starts if starts is not None else line_starts_of(text)
        self.encoding = encoding

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_text(self, line: int) -> str:
        """The text of a 0-based line, without its line break."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_of(self, offset: int) -> int:
        """The 0-based line holding the character at ``offset``."""
        return bisect_right(self.starts, offset) - 1

    # -- LSP positions --------------------------------------------------------------------

    def offset_at(self, position: types.Position) -> int:
        """The character offset of an LSP position, clamped to the text as the protocol asks."""
        line = position.line
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        characters = characters_for_units(self.line_text(line), max(position.character, 0), self.encoding)
        return self.starts[line] + characters

    def position_at(self, offset: int) -> types.Position:
        from lsprotocol.types import Position

        offset = min(max(offset, 0), len(self.text))
        line = self.line_of(offset)
        start = self.starts[line]
        return Position(line, code_units(self.text[start:offset], self.encoding))

    def range_of(self, start: int, end: int) -> types.Range:
        from lsprotocol.types import Range

        return Range(self.position_at(start), self.position_at(max(start, end)))

    # -- infcheck spans -------------------------------------------------------------------

    def span_json(self, span: Span) -> dict[str, dict[str, int]]:
        """The LSP range of an infcheck span (1-based lines and columns in characters), as JSON data."""
        return {
            "start": self._span_position(span.line, span.column),
            "end": self._span_position(span.end_line, span.end_column),
        }

    def _span_position(self, line: int, column: int) -> dict[str, int]:
        index = min(max(line - 1, 0), len(self.starts) - 1)
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        prefix = self.text[start : min(start + max(column - 1, 0), end)]
        return {"line": index, "character": code_units(prefix, self.encoding)}

    def span_offsets(self, span: Span) -> tuple[int, int]:
        """The character offsets of an infcheck span, clamped to the text and to each line."""
        return self._offset_of(span.line, span.column), self._offset_of(span.end_line, span.end_column)

    def _offset_of(self, line: int, column: int) -> int:
        index = min(max(line - 1, 0), len(self.starts) - 1)
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return min(start + max(column - 1, 0), end)
