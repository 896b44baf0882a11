"""Where each key and value of a TOML document is written.

TOML readers return data without positions, but a diagnostic about a plan must
point at the exact string in the file. :func:`locate` walks text that a TOML
reader has already accepted and records, for every key path, the span of the
key and of its value. A path is a tuple of keys and array indices, the same
path that leads to the value in the parsed data: ``("label", 2, "hwids", 0)``
is the first hardware ID of the third ``[[label]]`` table.

It also collects the comments (a ``#`` outside any string), for suppressions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from infcheck.document import Span
from infcheck.tomlguard import TomlRefused, check_shape

Path = tuple  # of str (keys) and int (array indices)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BLANK = re.compile(r"[ \t]*")
_SCALAR = re.compile(r"[^\s,\]\}#]+")
_DATE_THEN_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:")
_NEWLINE = re.compile(r"\r\n|\n")


class Comment(NamedTuple):
    """A ``#`` comment: its 1-based line and column, and its text after the ``#``."""

    line: int
    column: int
    text: str


class TomlSpans:
    """Spans of the keys and values of one TOML text, by path."""

    def __init__(self, text: str):
        self.text = text
        self.keys: dict[Path, Span] = {}
        self.values: dict[Path, Span] = {}
        self.comments: list[Comment] = []
        self.statement_lines: list[int] = []  # first line of every header and key/value line
        self._line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(*self.position(start), *self.position(end))

    def value(self, path: Path) -> Span:
        """The span of the value at ``path``; failing that, of the nearest enclosing thing written."""
        for length in range(len(path), 0, -1):
            prefix = tuple(path[:length])
            found = self.values.get(prefix) or self.keys.get(prefix)
            if found is not None:
                return found
        return Span(1, 1, 1, 1)

    def key(self, path: Path) -> Span:
        """The span of the key at ``path`` (a table's header for a table); failing that, as :meth:`value`."""
        return self.keys.get(tuple(path)) or self.value(path)


class _Unexpected(Exception):
    """The text is not TOML after all; positions found so far are kept."""


def locate(text: str) -> TomlSpans:
    """Record the spans of every key, value and comment of ``text``, which should be valid TOML.

    Never raises: on text that is not valid TOML it stops where it got lost, and text
    beyond the bounds of :func:`~infcheck.tomlguard.check_shape` (whose long keys and deep
    nesting would cost this walk as much as a TOML reader) is not walked at all.
    """
    spans = TomlSpans(text)
    try:
        check_shape(text)
        _Scanner(text, spans).document()
    except (_Unexpected, IndexError, TomlRefused, RecursionError):
        pass
    return spans


class _Scanner:
    def __init__(self, text: str, spans: TomlSpans):
        self.text = text
        self.at = 0
        self.spans = spans
        self.table: Path = ()
        # How many tables each array of tables has so far, by its path.
        self.array_lengths: dict[Path, int] = {}

    # -- the document, line by line ------------------------------------------------------

    def document(self) -> None:
        text = self.text
        while self.at < len(text):
            self.blank()
            if self.at >= len(text):
                break
            char = text[self.at]
            if char == "#":
                self.comment()
            elif char in "\r\n":
                self.newline()
                continue
            elif char == "[":
                self.spans.statement_lines.append(self.spans.position(self.at)[0])
                self.header()
            else:
                self.spans.statement_lines.append(self.spans.position(self.at)[0])
                self.key_value(self.table)
            self.blank()
            if self.at < len(text) and text[self.at] == "#":
                self.comment()
            if self.at < len(text):
                self.newline()

    def blank(self) -> None:
        self.at = _BLANK.match(self.text, self.at).end()

    def newline(self) -> None:
        match = _NEWLINE.match(self.text, self.at)
        if match is None:
            raise _Unexpected
        self.at = match.end()

    def comment(self) -> None:
        start = self.at
        end = start
        text = self.text
        while end < len(text) and text[end] not in "\r\n":
            end += 1
        line, column = self.spans.position(start)
        self.spans.comments.append(Comment(line, column, text[start + 1 : end]))
        self.at = end

    def skip_space_and_comments(self) -> None:
        """Inside arrays, blank lines and comments may come between values."""
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char in " \t\r\n":
                self.at += 1
            elif char == "#":
                self.comment()
            else:
                return

    # -- headers and keys ------------------------------------------------------------------

    def header(self) -> None:
        start = self.at
        is_array = self.text.startswith("[[", start)
        self.at += 2 if is_array else 1
        self.blank()
        names, _, _ = self.dotted_key()
        self.blank()
        closing = "]]" if is_array else "]"
        if not self.text.startswith(closing, self.at):
            raise _Unexpected
        self.at += len(closing)
        path: Path = ()
        for number, name in enumerate(names):
            path += (name,)
            last = number == len(names) - 1
            if is_array and last:
                count = self.array_lengths.get(path, 0)
                self.array_lengths[path] = count + 1
                path += (count,)
            elif path in self.array_lengths:
                path += (self.array_lengths[path] - 1,)
        self.table = path
        span = self.spans.span(start, self.at)
        self.spans.keys[path] = span
        self.spans.values[path] = span

    def dotted_key(self) -> tuple[list[str], int, int]:
        """The names of a dotted key, and the offsets where it starts and ends."""
        start = self.at
        names = [self.simple_key()]
        end = self.at
        while True:
            self.blank()
            if self.at < len(self.text) and self.text[self.at] == ".":
                self.at += 1
                self.blank()
                names.append(self.simple_key())
                end = self.at
            else:
                return names, start, end

    def simple_key(self) -> str:
        text = self.text
        char = text[self.at]
        if char == '"':
            start = self.at
            self.basic_string()
            return _unescape_basic(text[start + 1 : self.at - 1])
        if char == "'":
            start = self.at
            self.literal_string()
            return text[start + 1 : self.at - 1]
        match = _BARE_KEY.match(text, self.at)
        if match is None:
            raise _Unexpected
        self.at = match.end()
        return match.group()

    def key_value(self, table: Path) -> None:
        names, start, end = self.dotted_key()
        path = table + tuple(names)
        self.spans.keys[path] = self.spans.span(start, end)
        self.blank()
        if self.text[self.at] != "=":
            raise _Unexpected
        self.at += 1
        self.blank()
        self.value(path)

    # -- values ----------------------------------------------------------------------------

    def value(self, path: Path) -> None:
        start = self.at
        text = self.text
        char = text[start]
        if char == '"':
            self.basic_string()
        elif char == "'":
            self.literal_string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            match = _SCALAR.match(text, start)
            if match is None:
                raise _Unexpected
            self.at = match.end()
            # A local date-time may separate date and time with a space.
            if _DATE_THEN_TIME.match(text, start):
                self.at = _SCALAR.match(text, start + 11).end()
        self.spans.values[path] = self.spans.span(start, self.at)

    def basic_string(self) -> None:
        text = self.text
        if text.startswith('"""', self.at):
            self.at = _multiline_end(text, self.at + 3, '"""', escapes=True)
            return
        position = self.at + 1
        while text[position] != '"':
            position += 2 if text[position] == "\\" else 1
        self.at = position + 1

    def literal_string(self) -> None:
        text = self.text
        if text.startswith("'''", self.at):
            self.at = _multiline_end(text, self.at + 3, "'''", escapes=False)
            return
        end = text.index("'", self.at + 1)
        self.at = end + 1

    def array(self, path: Path) -> None:
        self.at += 1
        number = 0
        while True:
            self.skip_space_and_comments()
            if self.text[self.at] == "]":
                self.at += 1
                return
            self.value(path + (number,))
            number += 1
            self.skip_space_and_comments()
            if self.text[self.at] == ",":
                self.at += 1

    def inline_table(self, path: Path) -> None:
        self.at += 1
        while True:
            self.blank()
            if self.text[self.at] == "}":
                self.at += 1
                return
            self.key_value(path)
            self.blank()
            if self.text[self.at] == ",":
                self.at += 1


def _multiline_end(text: str, position: int, delimiter: str, escapes: bool) -> int:
    """The offset just past a multi-line string that started before ``position``."""
    while True:
        if position >= len(text):
            raise _Unexpected  # the string is never closed
        if escapes and text[position] == "\\":
            position += 2
            continue
        if text.startswith(delimiter, position):
            end = position + 3
            # Up to two quotes right before the closing ones belong to the string.
            extra = 0
            while extra < 2 and end < len(text) and text[end] == delimiter[0]:
                end += 1
                extra += 1
            return end
        position += 1


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape_basic(raw: str) -> str:
    """The name a quoted key stands for (keys rarely hold escapes, but they may)."""

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] in "uU":
            return chr(int(escape[1:], 16))
        return _ESCAPES.get(escape, escape)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", replace, raw)
