"""Suppression comments.

* ``; noqa`` or ``; noqa: CODE[,CODE]`` at the end of a line silences those
  codes (or all) on that line; on a line continued with ``\\`` it covers the
  whole logical line.
* ``; infcheck: disable-next-line CODE[,CODE]`` silences them on the next
  header or entry.
* ``; infcheck: disable-file CODE[,CODE]`` anywhere silences them in the whole file.

Codes may be full codes or prefixes (``PUB``); ``noqa`` without codes and the
``disable`` forms without codes silence everything.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from infcheck.diagnostics import Diagnostic
from infcheck.document import Document

_CODES = r"[A-Z]+[0-9]*(?:[ \t]*,[ \t]*[A-Z]+[0-9]*|[ \t]+[A-Z]+[0-9]*)*"


@lru_cache(maxsize=None)
def _directive() -> re.Pattern[str]:
    """The comment syntax, compiled the first time a file mentions it (most never do)."""
    return re.compile(
        rf";[ \t]*(?:(?P<noqa>noqa)(?:[ \t]*:[ \t]*(?P<noqa_codes>{_CODES}))?"
        rf"|infcheck[ \t]*:[ \t]*(?P<kind>disable-next-line|disable-file)(?:[ \t]+(?P<codes>{_CODES}))?)",
        re.IGNORECASE,
    )

ALL = frozenset({"*"})


def _matches(codes: frozenset[str], code: str) -> bool:
    return codes is ALL or any(code.startswith(selector) for selector in codes)


class Suppressions:
    """Which codes are silenced for the whole file and on which lines."""

    def __init__(self) -> None:
        self.file_codes: set[str] | frozenset[str] = set()
        self.line_codes: dict[int, frozenset[str]] = {}

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        code = diagnostic.code
        if self.file_codes is ALL or any(code.startswith(selector) for selector in self.file_codes):
            return True
        codes = self.line_codes.get(diagnostic.span.line)
        return codes is not None and _matches(codes, code)

    def add_lines(self, first: int, last: int, codes: frozenset[str]) -> None:
        for line in range(first, last + 1):
            existing = self.line_codes.get(line)
            if existing is ALL or codes is ALL:
                self.line_codes[line] = ALL
            else:
                self.line_codes[line] = (existing or frozenset()) | codes


def _codes(text: str | None) -> frozenset[str]:
    if not text:
        return ALL
    return frozenset(code.upper() for code in re.findall(r"[A-Za-z]+[0-9]*", text))


def find_suppressions(document: Document) -> Suppressions:
    """Read every suppression comment in the document."""
    suppressions = Suppressions()
    text = document.text
    lowered = text.lower()
    if "noqa" not in lowered and "infcheck" not in lowered:
        return suppressions
    lines = _LineMap(document)
    for match in _directive().finditer(text):
        if lines.inside_entry(match.start()):
            continue  # a ';' inside a quoted string or a token is not a comment
        codes = _codes(match.group("noqa_codes") or match.group("codes"))
        line = document.position(match.start())[0]
        if match.group("noqa"):
            first, last = lines.logical_line_ending_on(line)
            suppressions.add_lines(first, last, codes)
        elif match.group("kind").lower() == "disable-file":
            if codes is ALL:
                suppressions.file_codes = ALL
            elif suppressions.file_codes is not ALL:
                suppressions.file_codes = set(suppressions.file_codes) | codes
        else:
            following = lines.next_item_after(match.end())
            if following is not None:
                suppressions.add_lines(*following, codes)
    return suppressions


class _LineMap:
    """Entries and headers of a document ordered by position, for placing comments."""

    def __init__(self, document: Document):
        self.document = document
        entries = [*document.preamble, *(entry for section in document.sections for entry in section.entries)]
        items = [(entry.start, entry.end, entry) for entry in entries]
        items.extend((section.start, section.end, None) for section in document.sections)
        items.sort(key=lambda item: item[0])
        self.items = items
        self.starts = [item[0] for item in items]

    def inside_entry(self, offset: int) -> bool:
        """Whether a ';' at ``offset`` is part of an entry (quoted or in a token) rather than a comment."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return False
        start, end, entry = self.items[index]
        if entry is None or offset >= end:
            return False
        return offset not in self.document.syntax.comments_within(entry)

    def logical_line_ending_on(self, line: int) -> tuple[int, int]:
        """The lines of the entry that ends on ``line`` (just ``line`` for headers and comments)."""
        for start, end, entry in self.items:
            if entry is None:
                continue
            first = self.document.position(start)[0]
            if first > line:
                break
            last = self.document.position(max(start, end - 1))[0]
            if first <= line <= last:
                return first, last
        return line, line

    def next_item_after(self, offset: int) -> tuple[int, int] | None:
        index = bisect_right(self.starts, offset)
        if index >= len(self.items):
            return None
        start, end, _ = self.items[index]
        return self.document.position(start)[0], self.document.position(max(start, end - 1))[0]
